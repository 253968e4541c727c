// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QPalette>

namespace tether::ui::colours {

// `from` moved `amount` of the way to `to`: shades that read on light and dark palettes alike.
inline QColor blend(const QColor& from, const QColor& to, qreal amount)
{
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * amount),
                            float(from.greenF() + (to.greenF() - from.greenF()) * amount),
                            float(from.blueF() + (to.blueF() - from.blueF()) * amount));
}

// The page with a little of the text in it: code blocks and their headers.
inline QColor shade(const QPalette& p, qreal amount)
{
    return blend(p.color(QPalette::Base), p.color(QPalette::Text), amount);
}

// The page tinted with the accent: the user's turns.
inline QColor tint(const QPalette& p, qreal amount)
{
    return blend(p.color(QPalette::Base), p.color(QPalette::Highlight), amount);
}

} // namespace tether::ui::colours
