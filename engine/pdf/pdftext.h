// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QString>

namespace tether::engine {

// The text of a PDF, page by page. poppler reads it in a child process, tether-pdftext, with
// the edge policy's bounds (limits::MaxPdfSeconds of time, limits::MaxPdfMemoryBytes of memory,
// the text it may print): a PDF built to exhaust its reader is stopped and refused, saying why,
// and Tether never waits on it for longer. Blocks while it reads: never on the GUI thread.
// Built without poppler, every PDF is refused with a message that says so.
Result<QString> pdfText(const QByteArray& pdf);
// Whether this build reads PDFs.
bool canReadPdf();

} // namespace tether::engine
