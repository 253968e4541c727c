// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/models/searchresults.h"

#include "ui/models/conversationdelegate.h"
#include "ui/transcript/contentsafety.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QPainter>
#include <QRegularExpression>
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

QString SearchResultsModel::plainSnippet(const QString& snippet)
{
    // A snippet is a piece of markdown: its marks (**, `, #, >, list bullets, link targets)
    // are noise in a result list.
    static const QRegularExpression link(uR"(\[([^\]]*)\]\([^)]*\))"_s);
    static const QRegularExpression marks(uR"(\*\*|__|```\w*|`|^#{1,6}\s+|^>\s?|^\s*[-*+]\s+)"_s,
                                          QRegularExpression::MultilineOption);
    static const QRegularExpression space(uR"(\s+)"_s);
    QString out = snippet;
    out.replace(link, u"\\1"_s).replace(marks, QString()).replace(space, u" "_s);
    return out.trimmed();
}

QString SearchResultsModel::snippetHtml(const QString& snippet)
{
    QString html = plainSnippet(snippet).toHtmlEscaped();
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
        QString plain = plainSnippet(h.snippet);
        plain.remove(HighlightStart).remove(HighlightEnd);
        return QString(title + u" — "_s + plain);
    }
    case Qt::ToolTipRole:
        return h.role == "user"_L1 ? tr("Your message in “%1”").arg(title)
                                   : tr("A reply in “%1”").arg(title);
    case HtmlRole: // the snippet in the text colour, the words found bold: readable selected
        return u"<span style=\"font-weight:600\">%1</span><br>%2"_s.arg(title.toHtmlEscaped(),
                                                                        snippetHtml(h.snippet));
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
    ConversationDelegate::paintHighlight(painter, option, option.rect.adjusted(2, 1, -2, -1));

    SafeDocument doc; // titles and snippets are model and imported text
    doc.setDefaultFont(option.font);
    doc.setDocumentMargin(2);
    doc.setHtml(index.data(SearchResultsModel::HtmlRole).toString());
    doc.setTextWidth(option.rect.width());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = option.palette;
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
