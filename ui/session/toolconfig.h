// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/tooltypes.h"

#include <QHash>
#include <QJsonObject>

// The window's MCP servers as they are stored: the configuration in QSettings with every secret
// (a header or environment value whose name says it is one) replaced by a placeholder, and the
// secrets of each server in the keychain, one entry per server. Pure functions: the keychain's
// asynchronous reads and writes are ToolSession's.
namespace tether::ui::toolconfig {

// What a stored secret reads as in the settings and in the server editor.
inline constexpr QLatin1StringView Placeholder("<in keychain>");

// Authorization, X-Api-Key, GITHUB_TOKEN, DB_PASSWORD…
bool isSecretName(const QString& name);

// The keychain entry of a server's secrets.
QString keychainId(const QString& server);

// `server` with its secret values replaced by the placeholder; the values, as stored in the
// keychain ({"headers": {…}, "env": {…}}), in `secrets` (empty when it has none).
engine::McpServerConfig withoutSecrets(engine::McpServerConfig server, QJsonObject* secrets);
// The placeholders of `server` filled from `secrets`; those `secrets` lacks are dropped, and
// named in `missing`.
engine::McpServerConfig withSecrets(engine::McpServerConfig server, const QJsonObject& secrets,
                                    QStringList* missing = nullptr);
bool hasPlaceholders(const engine::McpServerConfig& server);
// An edited server keeps the stored secrets its editor left as placeholders.
QJsonObject mergeSecrets(const QJsonObject& stored, const QJsonObject& edited,
                         const engine::McpServerConfig& editedServer);

QList<engine::McpServerConfig> load();
void save(const QList<engine::McpServerConfig>& servers);

// "Always allow" decisions, per server and tool, revocable in the settings.
bool isAlwaysAllowed(const QString& server, const QString& tool);
void setAlwaysAllowed(const QString& server, const QString& tool, bool allowed);
QList<QPair<QString, QString>> alwaysAllowed();

} // namespace tether::ui::toolconfig
