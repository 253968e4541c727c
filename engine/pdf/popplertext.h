// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QString>

namespace tether::engine {

// The text of a PDF, page by page, through poppler-qt6, in this process. Only tether-pdftext
// calls it: poppler reads whatever a file says, and a file built to exhaust it (forms drawing
// forms, a billion times) must exhaust a child process with limits, never Tether (pdftext.h).
Result<QString> popplerText(const QByteArray& pdf);

} // namespace tether::engine
