// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/conversationdelegate.h"

#include "ui/models/conversationlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace tether::ui {

namespace {

int headingHeight(const QFontMetrics& metrics)
{
    return metrics.height() * 2;
}

} // namespace

QString ConversationDelegate::heading(const QModelIndex& index)
{
    const QString section = index.data(ConversationListModel::SectionRole).toString();
    if (index.row() == 0)
        return section;
    const QModelIndex above = index.sibling(index.row() - 1, 0);
    return above.data(ConversationListModel::SectionRole).toString() == section ? QString()
                                                                                : section;
}

void ConversationDelegate::paintHighlight(QPainter* painter, const QStyleOptionViewItem& option,
                                          const QRect& rect)
{
    const bool selected = option.state & QStyle::State_Selected;
    if (!selected && !(option.state & QStyle::State_MouseOver))
        return;
    QColor fill = option.palette.color(QPalette::Highlight);
    fill.setAlphaF(selected ? 0.22f : 0.08f);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(rect, 8, 8);
    painter->restore();
}

QSize ConversationDelegate::sizeHint(const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const
{
    const int row = option.fontMetrics.height() * 2;
    return {option.rect.width(),
            row + (heading(index).isEmpty() ? 0 : headingHeight(option.fontMetrics))};
}

void ConversationDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QRect rect = option.rect;
    const QPalette& palette = option.palette;
    if (const QString title = heading(index); !title.isEmpty()) {
        const int h = headingHeight(option.fontMetrics);
        QFont small = option.font;
        small.setPointSizeF(small.pointSizeF() * 0.85);
        small.setBold(true);
        painter->setFont(small);
        painter->setPen(palette.color(QPalette::PlaceholderText));
        painter->drawText(rect.adjusted(12, 0, -8, 0).topLeft() + QPoint(0, h - 6), title);
        rect.setTop(rect.top() + h);
    }
    const QRect pill = rect.adjusted(4, 1, -4, -1);
    paintHighlight(painter, option, pill);
    painter->setFont(option.font);
    painter->setPen(palette.color(QPalette::Text));
    const QRect text = pill.adjusted(8, 0, -8, 0);
    painter->drawText(text, Qt::AlignVCenter | Qt::AlignLeft,
                      option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(),
                                                    Qt::ElideRight, text.width()));
    painter->restore();
}

} // namespace tether::ui
