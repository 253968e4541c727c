// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/toolconfig.h"

#include <QSettings>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui::toolconfig {

namespace {

const QString ServersKey = u"tools/mcpServers"_s;
const QString AllowedKey = u"tools/alwaysAllow"_s;

// The placeholder as header values hold it.
const QByteArray PlaceholderBytes(Placeholder.data(), Placeholder.size());

// Server and tool names may hold any character but a control one.
QString allowEntry(const QString& server, const QString& tool)
{
    return server + u'\x1f' + tool;
}

} // namespace

bool isSecretName(const QString& name)
{
    static const QStringList words = {u"auth"_s,   u"key"_s,        u"token"_s,
                                      u"secret"_s, u"password"_s,   u"passwd"_s,
                                      u"cookie"_s, u"credential"_s, u"session"_s};
    const QString lower = name.toLower();
    return std::any_of(words.cbegin(), words.cend(),
                       [&](const QString& w) { return lower.contains(w); });
}

QString keychainId(const QString& server)
{
    return u"mcp/"_s + server;
}

McpServerConfig withoutSecrets(McpServerConfig server, QJsonObject* secrets)
{
    QJsonObject headers;
    QJsonObject env;
    for (auto& [name, value] : server.headers) {
        const QString key = QString::fromLatin1(name);
        if (!isSecretName(key) || value == PlaceholderBytes)
            continue;
        headers.insert(key, QString::fromUtf8(value));
        value = PlaceholderBytes;
    }
    for (auto& [name, value] : server.env) {
        if (!isSecretName(name) || value == Placeholder)
            continue;
        env.insert(name, value);
        value = Placeholder;
    }
    *secrets = {};
    if (!headers.isEmpty())
        secrets->insert("headers"_L1, headers);
    if (!env.isEmpty())
        secrets->insert("env"_L1, env);
    return server;
}

McpServerConfig withSecrets(McpServerConfig server, const QJsonObject& secrets,
                            QStringList* missing)
{
    const QJsonObject headers = secrets.value("headers"_L1).toObject();
    const QJsonObject env = secrets.value("env"_L1).toObject();
    for (qsizetype i = server.headers.size() - 1; i >= 0; --i) {
        auto& [name, value] = server.headers[i];
        if (value != PlaceholderBytes)
            continue;
        const QString key = QString::fromLatin1(name);
        if (headers.contains(key)) {
            value = headers.value(key).toString().toUtf8();
        } else {
            if (missing)
                missing->append(key);
            server.headers.removeAt(i);
        }
    }
    for (qsizetype i = server.env.size() - 1; i >= 0; --i) {
        auto& [name, value] = server.env[i];
        if (value != Placeholder)
            continue;
        if (env.contains(name)) {
            value = env.value(name).toString();
        } else {
            if (missing)
                missing->append(name);
            server.env.removeAt(i);
        }
    }
    return server;
}

bool hasPlaceholders(const McpServerConfig& server)
{
    return std::any_of(server.headers.cbegin(), server.headers.cend(),
                       [](const auto& h) { return h.second == PlaceholderBytes; }) ||
           std::any_of(server.env.cbegin(), server.env.cend(),
                       [](const auto& e) { return e.second == Placeholder; });
}

QJsonObject mergeSecrets(const QJsonObject& stored, const QJsonObject& edited,
                         const McpServerConfig& editedServer)
{
    QJsonObject headers = edited.value("headers"_L1).toObject();
    QJsonObject env = edited.value("env"_L1).toObject();
    const QJsonObject oldHeaders = stored.value("headers"_L1).toObject();
    const QJsonObject oldEnv = stored.value("env"_L1).toObject();
    for (const auto& [name, value] : editedServer.headers) {
        const QString key = QString::fromLatin1(name);
        if (value == PlaceholderBytes && oldHeaders.contains(key))
            headers.insert(key, oldHeaders.value(key));
    }
    for (const auto& [name, value] : editedServer.env) {
        if (value == Placeholder && oldEnv.contains(name))
            env.insert(name, oldEnv.value(name));
    }
    QJsonObject out;
    if (!headers.isEmpty())
        out.insert("headers"_L1, headers);
    if (!env.isEmpty())
        out.insert("env"_L1, env);
    return out;
}

QList<McpServerConfig> load()
{
    const QByteArray json = QSettings().value(ServersKey).toByteArray();
    if (json.isEmpty())
        return {};
    auto servers = parseMcpConfig(json);
    return servers ? servers.value() : QList<McpServerConfig>();
}

void save(const QList<McpServerConfig>& servers)
{
    QList<McpServerConfig> stored;
    for (const McpServerConfig& s : servers) {
        QJsonObject ignored;
        stored.append(withoutSecrets(s, &ignored)); // never a secret in the settings file
    }
    QSettings().setValue(ServersKey, mcpConfigJson(stored));
}

bool isAlwaysAllowed(const QString& server, const QString& tool)
{
    return QSettings().value(AllowedKey).toStringList().contains(allowEntry(server, tool));
}

void setAlwaysAllowed(const QString& server, const QString& tool, bool allowed)
{
    QSettings settings;
    QStringList list = settings.value(AllowedKey).toStringList();
    const QString entry = allowEntry(server, tool);
    list.removeAll(entry);
    if (allowed)
        list.append(entry);
    if (list.isEmpty())
        settings.remove(AllowedKey);
    else
        settings.setValue(AllowedKey, list);
}

QList<QPair<QString, QString>> alwaysAllowed()
{
    QList<QPair<QString, QString>> out;
    for (const QString& entry : QSettings().value(AllowedKey).toStringList()) {
        const qsizetype at = entry.indexOf(u'\x1f');
        if (at > 0)
            out.append({entry.left(at), entry.mid(at + 1)});
    }
    return out;
}

} // namespace tether::ui::toolconfig
