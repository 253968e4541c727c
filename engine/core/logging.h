// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// Every logging category of Tether lives here, so `QT_LOGGING_RULES="tether.*=true"` finds them
// all.
Q_DECLARE_LOGGING_CATEGORY(lcNet)    // tether.engine.net
Q_DECLARE_LOGGING_CATEGORY(lcStore)  // tether.engine.store
Q_DECLARE_LOGGING_CATEGORY(lcEngine) // tether.engine
Q_DECLARE_LOGGING_CATEGORY(lcUi)     // tether.ui
Q_DECLARE_LOGGING_CATEGORY(lcCli)    // tether.cli
