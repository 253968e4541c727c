// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/toolloop.h"
#include "enginecall.h"

#include <QStringList>

#include <functional>

namespace tether::cli {

// What --mcp-config (or TETHER_MCP_CONFIG) and --allow-tool asked for.
struct ToolOptions {
    QString configPath;
    QStringList allowed; // SERVER.TOOL or SERVER.*
    int maxRounds = engine::ToolLoop::DefaultMaxRounds;
    bool acceptElicitationDefaults = false;
    // For the server an mcp command names: a client registered beforehand, or Tether's client
    // metadata document (OAuth sign-in).
    QString oauthClientId;
    QString oauthClientSecret;
    QUrl oauthClientMetadataUrl;
    bool enabled() const { return !configPath.isEmpty(); }
};

// Reads the config file; a missing or malformed one is a usage error with its reason.
engine::Result<QList<engine::McpServerConfig>> loadMcpConfig(const QString& path);
// Gives the engine the configured servers and lists their tools; a server that cannot be
// reached is told on stderr and left out. Then `then(tools)`.
void withTools(EngineCall& call, const ToolOptions& options,
               const std::function<void(const QList<engine::ToolSpec>&)>& then);
// A tool loop for the CLI: a call --allow-tool covers runs; any other is asked about on the
// terminal, or declined when there is none (the model is told). An interrupted call (it ran when
// Tether stopped) is run again only if --allow-tool covers it. Each call is told on stderr.
engine::ToolLoop* makeToolLoop(engine::Engine& engine, const engine::ProviderConfig& provider,
                               const QList<engine::ToolSpec>& tools, const ToolOptions& options);

// tether-cli mcp tools NAME|URL, mcp call NAME|URL TOOL [JSON], mcp login|logout NAME|URL.
int runMcpTools(const QString& dataDir, const ToolOptions& options, const QString& name, bool json);
int runMcpCall(const QString& dataDir, const ToolOptions& options, const QString& name,
               const QString& tool, const QString& arguments);
int runMcpLogin(const QString& dataDir, const ToolOptions& options, const QString& name,
                bool logout);

} // namespace tether::cli
