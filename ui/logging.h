// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLoggingCategory>

// The window's logging categories (the engine's are in engine/core/logging.h).
Q_DECLARE_LOGGING_CATEGORY(lcUi) // tether.ui
