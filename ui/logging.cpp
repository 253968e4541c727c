// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/logging.h"

Q_LOGGING_CATEGORY(lcUi, "tether.ui", QtInfoMsg)
