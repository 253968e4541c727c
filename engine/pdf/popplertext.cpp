// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/pdf/popplertext.h"

#include <poppler-qt6.h>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

Result<QString> popplerText(const QByteArray& pdf)
{
    const std::unique_ptr<Poppler::Document> document = Poppler::Document::loadFromData(pdf);
    if (!document)
        return Error{ErrorCode::Usage, u"the PDF is damaged or not a PDF."_s};
    if (document->isLocked())
        return Error{ErrorCode::Usage, u"the PDF is protected by a password."_s};
    QStringList pages;
    for (int i = 0; i < document->numPages(); ++i) {
        const std::unique_ptr<Poppler::Page> page = document->page(i);
        if (page)
            pages.append(page->text(QRectF()).trimmed());
    }
    // Pages apart by a form feed, as pdftotext does: a model sees where one ends.
    QString text = pages.join(u"\n\f\n"_s).trimmed();
    // Typeset PDFs draw "fi", "ffl"… as one ligature glyph, which poppler hands back as such
    // (U+FB01): spelled out, the words read (and are found) as they are written.
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (c >= 0xFB00 && c <= 0xFB06) {
            const QString spelled = text.mid(i, 1).normalized(QString::NormalizationForm_KC);
            text.replace(i, 1, spelled);
            i += spelled.size() - 1;
        }
    }
    return text;
}

} // namespace tether::engine
