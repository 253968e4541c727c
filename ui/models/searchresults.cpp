// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/searchresults.h"

#include "ui/transcript/contentsafety.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QTextDocument>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

void SearchResultsModel::setHits(const QList<SearchHit>& hits)
{
    beginResetModel();
    m_hits = hits;
    endResetModel();
}

int SearchResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

QString SearchResultsModel::snippetHtml(const QString& snippet)
{
    QString html = snippet.toHtmlEscaped();
    html.replace(HighlightStart, u"<b>"_s).replace(HighlightEnd, u"</b>"_s);
    return html;
}

QVariant SearchResultsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SearchHit& h = m_hits.at(index.row());
    const QString title = h.title.isEmpty() ? tr("New conversation") : h.title;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::AccessibleTextRole: {
        QString plain = h.snippet;
        plain.remove(HighlightStart).remove(HighlightEnd);
        return QString(title + u" — "_s + plain);
    }
    case Qt::ToolTipRole:
        return h.role == "user"_L1 ? tr("Your message in “%1”").arg(title)
                                   : tr("A reply in “%1”").arg(title);
    case HtmlRole:
        return u"<span style=\"font-weight:600\">%1</span><br><span style=\"color:gray\">%2</span>"_s
            .arg(title.toHtmlEscaped(), snippetHtml(h.snippet));
    case ConversationIdRole:
        return h.conversationId;
    case MessageIdRole:
        return h.messageId;
    default:
        return {};
    }
}

void SearchResultDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                 const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear(); // the background, selection and focus only; the text is drawn below
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    SafeDocument doc; // titles and snippets are model and imported text
    doc.setDefaultFont(option.font);
    doc.setDocumentMargin(2);
    doc.setHtml(index.data(SearchResultsModel::HtmlRole).toString());
    doc.setTextWidth(option.rect.width());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = option.palette;
    if (option.state & QStyle::State_Selected)
        context.palette.setColor(QPalette::Text, option.palette.color(QPalette::HighlightedText));
    painter->save();
    painter->translate(option.rect.topLeft());
    painter->setClipRect(QRect(QPoint(0, 0), option.rect.size()));
    doc.documentLayout()->draw(painter, context);
    painter->restore();
}

QSize SearchResultDelegate::sizeHint(const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const
{
    // The title and the snippet wrapped to the view's width, at most three lines of it.
    const int width = option.widget ? option.widget->width() - 4 : 200;
    SafeDocument doc; // titles and snippets are model and imported text
    doc.setDefaultFont(option.font);
    doc.setDocumentMargin(2);
    doc.setHtml(index.data(SearchResultsModel::HtmlRole).toString());
    doc.setTextWidth(width);
    const int lineHeight = option.fontMetrics.height();
    const int height = std::min(int(doc.size().height()), lineHeight * 4 + 4);
    return {width, height + 4};
}

} // namespace tether::ui
