// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QString>

namespace tether::engine {

// The text of a PDF, page by page, through poppler-qt6. A library of its own (tether_pdf), not
// part of tether_engine: poppler-qt6 brings Qt Gui with it, which the engine never links.
// Built without poppler, every PDF is refused with a message that says so.
Result<QString> pdfText(const QByteArray& pdf);
// Whether this build reads PDFs.
bool canReadPdf();

} // namespace tether::engine
