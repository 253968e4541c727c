// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace tether::ui {

// A sidebar row: the title on a rounded highlight when selected, and above the first row of
// each group its heading (Pinned, Today, Yesterday, Previous 7 days…).
class ConversationDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The heading drawn above this row, or empty when it continues its group.
    static QString heading(const QModelIndex& index);
    // A soft rounded highlight under a selected or hovered row, in `rect`: the row's text keeps
    // its colours on it. The search results draw theirs with it too.
    static void paintHighlight(QPainter* painter, const QStyleOptionViewItem& option,
                               const QRect& rect);
};

} // namespace tether::ui
