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

} // namespace tether::test
