// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/icons.h"

#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

#include <functional>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui::icons {

namespace {

// Shapes on a 24-unit grid, stroked 2 units wide, as the common icon sets draw them.
QIcon drawn(const std::function<void(QPainter&)>& shape, QColor colour = {})
{
    if (!colour.isValid())
        colour = QGuiApplication::palette().color(QPalette::ButtonText);
    QIcon icon;
    for (const int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        p.setPen(QPen(colour, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        shape(p);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon themed(const QString& name, const std::function<void(QPainter&)>& shape)
{
    return QIcon::hasThemeIcon(name) ? QIcon::fromTheme(name) : drawn(shape);
}

void arrowUp(QPainter& p)
{
    p.drawLine(QPointF(12, 19), QPointF(12, 5));
    p.drawPolyline(QPolygonF({QPointF(6, 11), QPointF(12, 5), QPointF(18, 11)}));
}

} // namespace

QIcon send()
{
    return themed(u"go-up"_s, arrowUp);
}

QIcon sendOnAccent()
{
    return drawn(arrowUp, QGuiApplication::palette().color(QPalette::HighlightedText));
}

QIcon stop()
{
    return themed(u"media-playback-stop"_s, [](QPainter& p) {
        p.setBrush(p.pen().color());
        p.drawRoundedRect(QRectF(6, 6, 12, 12), 2, 2);
    });
}

QIcon attach()
{
    return themed(u"mail-attachment"_s, [](QPainter& p) {
        // A paper clip: two nested rounded strokes.
        QPainterPath clip;
        clip.moveTo(16, 7);
        clip.lineTo(16, 16);
        clip.arcTo(QRectF(8, 12, 8, 8), 0, -180);
        clip.lineTo(8, 6);
        clip.arcTo(QRectF(8, 2, 5, 8), 180, -180);
        clip.lineTo(13, 15);
        p.drawPath(clip);
    });
}

QIcon newChat()
{
    return themed(u"document-new"_s, [](QPainter& p) {
        p.drawRoundedRect(QRectF(4, 4, 16, 16), 3, 3);
        p.drawLine(QPointF(12, 8), QPointF(12, 16));
        p.drawLine(QPointF(8, 12), QPointF(16, 12));
    });
}

QIcon search()
{
    return themed(u"edit-find"_s, [](QPainter& p) {
        p.drawEllipse(QRectF(4, 4, 12, 12));
        p.drawLine(QPointF(14.5, 14.5), QPointF(20, 20));
    });
}

QIcon settings()
{
    return themed(u"preferences-system"_s, [](QPainter& p) {
        // Sliders: what "settings" looks like in most current apps.
        for (const qreal y : {7.0, 17.0})
            p.drawLine(QPointF(4, y), QPointF(20, y));
        p.setBrush(QGuiApplication::palette().color(QPalette::Button));
        p.drawEllipse(QRectF(6, 4.5, 5, 5));
        p.drawEllipse(QRectF(13, 14.5, 5, 5));
    });
}

QIcon pin()
{
    return drawn([](QPainter& p) {
        p.drawLine(QPointF(12, 15), QPointF(12, 21));
        p.drawPolygon(QPolygonF({QPointF(8, 4), QPointF(16, 4), QPointF(15, 9), QPointF(18, 15),
                                 QPointF(6, 15), QPointF(9, 9)}));
    });
}

} // namespace tether::ui::icons
