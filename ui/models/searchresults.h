// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/history/history.h"

#include <QAbstractListModel>
#include <QStyledItemDelegate>

namespace tether::ui {

// Search hits for the sidebar: the conversation's title over the matching text, the match in
// bold. Filled from Engine::searchFinished (the query runs on the engine's search thread).
class SearchResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { ConversationIdRole = Qt::UserRole + 1, MessageIdRole, HtmlRole };
    using QAbstractListModel::QAbstractListModel;

    void setHits(const QList<engine::SearchHit>& hits);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // The snippet as HTML: escaped, the match in <b>.
    static QString snippetHtml(const QString& snippet);
    // The snippet without its markdown marks, the found words' markers kept.
    static QString plainSnippet(const QString& snippet);

private:
    QList<engine::SearchHit> m_hits;
};

// Paints HtmlRole as rich text, two lines per hit.
class SearchResultDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace tether::ui
