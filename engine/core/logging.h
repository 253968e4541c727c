// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// The engine's logging categories. Each library declares its own (the window's are in
// ui/logging.h), all under "tether.", so `QT_LOGGING_RULES="tether.*=true"` finds them all.
Q_DECLARE_LOGGING_CATEGORY(lcNet)    // tether.engine.net
Q_DECLARE_LOGGING_CATEGORY(lcStore)  // tether.engine.store
Q_DECLARE_LOGGING_CATEGORY(lcEngine) // tether.engine
Q_DECLARE_LOGGING_CATEGORY(lcMcp)    // tether.engine.mcp: MCP servers, their stderr included
