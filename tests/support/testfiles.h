// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Files the attachment tests send: a PNG of one colour and a PDF with a line of text (or, with
// none, only a grey square: a "scanned" page). Needs Qt Gui (QImage, QPdfWriter).
#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>

namespace tether::test {

inline QByteArray pngOf(int width, int height, QColor color)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(color);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

inline QByteArray pdfWith(const QString& text)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter writer(&buffer);
    QPainter painter(&writer);
    if (!text.isEmpty())
        painter.drawText(QPointF(200, 400), text);
    else
        painter.fillRect(QRectF(100, 100, 300, 300), Qt::gray);
    painter.end();
    return bytes;
}

// A PDF of a few KB built to exhaust its reader: its page draws form 0, each form draws the
// next one twice, and the last shows a word, so there are 2^depth words to extract.
inline QByteArray pdfBomb(int depth = 40)
{
    const auto n = [](qsizetype v) { return QByteArray::number(v); };
    QList<QByteArray> objects; // object i is numbered i + 1
    objects << "<< /Type /Catalog /Pages 2 0 R >>"
            << "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
            << "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << "
               "/F0 5 0 R >> >> /Contents " +
                   n(5 + depth + 1) + " 0 R >>"
            << "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
    for (int i = 0; i <= depth; ++i) {
        const QByteArray next = "/F" + n(i + 1);
        const QByteArray stream = i < depth ? next + " Do " + next + " Do"
                                            : QByteArray("BT /H 12 Tf 10 10 Td (boom) Tj ET");
        const QByteArray resources =
            i < depth ? "<< /XObject << " + next + " " + n(5 + i + 1) + " 0 R >> >>"
                      : QByteArray("<< /Font << /H 4 0 R >> >>");
        objects << "<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources " + resources +
                       " /Length " + n(stream.size()) + " >>\nstream\n" + stream + "\nendstream";
    }
    const QByteArray page = "/F0 Do";
    objects << "<< /Length " + n(page.size()) + " >>\nstream\n" + page + "\nendstream";
    QByteArray pdf = "%PDF-1.4\n";
    QList<qsizetype> offsets;
    for (qsizetype i = 0; i < objects.size(); ++i) {
        offsets << pdf.size();
        pdf += n(i + 1) + " 0 obj\n" + objects.at(i) + "\nendobj\n";
    }
    const qsizetype xref = pdf.size();
    pdf += "xref\n0 " + n(objects.size() + 1) + "\n0000000000 65535 f \n";
    for (const qsizetype offset : offsets)
        pdf += n(offset).rightJustified(10, '0') + " 00000 n \n";
    pdf += "trailer\n<< /Size " + n(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + n(xref) +
           "\n%%EOF\n";
    return pdf;
}

} // namespace tether::test
