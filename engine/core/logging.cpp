// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/logging.h"

Q_LOGGING_CATEGORY(lcNet, "tether.engine.net", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "tether.engine.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEngine, "tether.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMcp, "tether.engine.mcp", QtWarningMsg)
