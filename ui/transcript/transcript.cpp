// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transcript/transcript.h"

#include "ui/transcript/codehighlighter.h"
#include "ui/transcript/colours.h"
#include "ui/transcript/contentsafety.h"
#include "ui/transcript/markdownstream.h"
#include "ui/transcript/thumbnails.h"
#include "ui/transcript/transcriptformats.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QCryptographicHash>
#include <QFontDatabase>
#include <QJsonArray>
#include <QScrollBar>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

using transcriptformats::grey;
using transcriptformats::oneBlock;

namespace {

qsizetype countWords(QStringView text, bool* inWord)
{
    qsizetype n = 0;
    for (QChar c : text) {
        const bool space = c.isSpace();
        if (!space && !*inWord)
            ++n;
        *inWord = !space;
    }
    return n;
}

} // namespace

Transcript::Transcript(QWidget* parent)
    : SafeBrowser(parent)
    , m_thumbnails(new Thumbnails(document()))
    , m_highlighter(new CodeHighlighter(document()))
{
    connect(this, &SafeBrowser::internalLinkActivated, this, &Transcript::onLink);
    setFrameShape(QFrame::NoFrame);
    // The viewport narrows when the scroll bar appears, without the widget resizing.
    viewport()->installEventFilter(this);
    layoutColumn();
}

bool Transcript::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == viewport() && event->type() == QEvent::Resize)
        QMetaObject::invokeMethod(this, &Transcript::layoutColumn, Qt::QueuedConnection);
    return SafeBrowser::eventFilter(watched, event);
}

void Transcript::layoutColumn()
{
    const qreal side =
        std::max<qreal>(fontMetrics().height(), (viewport()->width() - ColumnWidth) / 2.0);
    QTextFrame* root = document()->rootFrame();
    QTextFrameFormat f = root->frameFormat();
    const qreal width = document()->textWidth();
    if (qFuzzyCompare(f.leftMargin(), side) && qFuzzyCompare(f.rightMargin(), side) &&
        qFuzzyCompare(width, m_laidOutWidth))
        return;
    m_laidOutWidth = width; // the scroll bar came or went: the code headers' Copy moves too
    f.setLeftMargin(side);
    f.setRightMargin(side);
    f.setTopMargin(fontMetrics().height() * 0.5);
    f.setBottomMargin(fontMetrics().height());
    root->setFrameFormat(f);
    MarkdownStream::layoutCodeHeaders(document());
}

void Transcript::resizeEvent(QResizeEvent* event)
{
    SafeBrowser::resizeEvent(event);
    layoutColumn();
}

void Transcript::changeEvent(QEvent* event)
{
    SafeBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->updateColours();
}

void Transcript::reset()
{
    clear();
    m_replies.clear();
    m_copies.clear();
    m_userTexts.clear();
    m_messageHeadings.clear();
    m_calls.clear();
    m_thumbnails->reset();
    setExtraSelections({});
    layoutColumn(); // clear() gave the document a new root frame
}

QString Transcript::alternativeLinks(qint64 id, const QList<qint64>& alternatives) const
{
    const qsizetype at = alternatives.indexOf(id);
    if (alternatives.size() < 2 || at < 0)
        return {};
    // Arrows at full size, with room around them: they are clicked often.
    const auto arrow = [&](qsizetype to, const QString& glyph) {
        if (to < 0 || to >= alternatives.size())
            return u"<span style=\"color:silver; font-weight:bold\">&nbsp;%1&nbsp;</span>"_s.arg(
                glyph);
        const QUrl url = contentsafety::internalLink(
            u"alternative"_s, {{u"id"_s, QString::number(alternatives.at(to))}});
        return u"<span style=\"font-weight:bold\"><a href=\"%1\" "
               "style=\"text-decoration:none\">&nbsp;%2&nbsp;</a></span>"_s.arg(
                   url.toString(QUrl::FullyEncoded).toHtmlEscaped(), glyph);
    };
    return u"%1%2 / %3%4"_s.arg(arrow(at - 1, u"‹"_s))
        .arg(at + 1)
        .arg(alternatives.size())
        .arg(arrow(at + 1, u"›"_s));
}

QString Transcript::linkTo(const QString& action, qint64 id, const QString& label,
                           bool prominent) const
{
    const QUrl url = contentsafety::internalLink(action, {{u"id"_s, QString::number(id)}});
    return u"<a href=\"%1\" style=\"%2\">%3</a>"_s.arg(
        url.toString(QUrl::FullyEncoded).toHtmlEscaped(),
        prominent ? u"font-weight:bold"_s : u"color:gray"_s, label.toHtmlEscaped());
}

QString Transcript::copyLink(const QString& text, const QString& label)
{
    m_copies.append(text);
    return linkTo(u"copy"_s, m_copies.size() - 1, label);
}

void Transcript::insertSmall(QTextCursor& cursor, const QString& html)
{
    cursor.insertHtml(u"<span style=\"color:gray; font-size:small\">%1</span>"_s.arg(html));
}

QTextCursor Transcript::startMessage()
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!document()->isEmpty()) {
        QTextBlockFormat spaced; // air between messages
        spaced.setTopMargin(fontMetrics().height() * 0.8);
        // After a user's box the document already ends with an empty block: use it.
        if (cursor.block().text().isEmpty() && cursor.block().position() > 0)
            cursor.setBlockFormat(spaced);
        else
            cursor.insertBlock(spaced, QTextCharFormat());
    }
    return cursor;
}

void Transcript::addUser(qint64 messageId, const QString& text,
                         const QList<Attachment>& attachments, const QList<qint64>& alternatives)
{
    QTextCursor cursor = startMessage();
    // The user's turns sit in a tinted box set in from the left, the replies on the page: a long
    // thread reads as a dialogue.
    const qreal pad = fontMetrics().height() * 0.5;
    QTextFrameFormat bubble;
    bubble.setBackground(colours::tint(palette(), 0.14));
    bubble.setPadding(pad);
    bubble.setBorder(0);
    bubble.setLeftMargin(fontMetrics().averageCharWidth() * 10);
    cursor.insertFrame(bubble);
    QTextBlockFormat turn;
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    cursor.insertText(tr("You"), bold);
    if (messageId > 0)
        m_messageHeadings.insert(messageId, cursor.block());
    cursor.insertText(u"   "_s, QTextCharFormat());
    QString links = copyLink(text, tr("Copy"));
    if (messageId > 0) {
        links += u" · "_s + linkTo(u"edit"_s, messageId, tr("Edit"));
        m_userTexts.insert(messageId, text);
    }
    insertSmall(cursor, links);
    if (const QString switcher = alternativeLinks(messageId, alternatives); !switcher.isEmpty())
        cursor.insertHtml(u"&nbsp;&nbsp;"_s + switcher);
    turn.setTopMargin(pad * 0.5);
    if (!text.isEmpty()) {
        cursor.insertBlock(turn, QTextCharFormat());
        cursor.insertText(text, QTextCharFormat());
    }
    // Its files under it: pictures as thumbnails in one row, others by name.
    bool pictures = false;
    for (const Attachment& a : attachments) {
        if (!a.isImage() || a.data.isEmpty())
            continue;
        if (!pictures)
            cursor.insertBlock(turn, QTextCharFormat());
        else
            cursor.insertText(u" "_s, QTextCharFormat());
        pictures = true;
        m_thumbnails->insert(cursor, a);
    }
    for (const Attachment& a : attachments) {
        if (a.isImage() && !a.data.isEmpty())
            continue;
        cursor.insertBlock(turn, QTextCharFormat());
        insertSmall(cursor, tr("Attached: %1 (%2)").arg(a.name.toHtmlEscaped(), sizeText(a.size)));
    }
}

void Transcript::addAssistant(qint64 generationId, const QString& state, qint64 messageId)
{
    QTextCursor cursor = startMessage();
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    const QString label = tr("Assistant");
    cursor.insertText(label, bold);
    Reply reply;
    reply.heading = cursor.block();
    reply.labelLength = int(label.size());
    if (messageId > 0)
        m_messageHeadings.insert(messageId, cursor.block());
    m_replies.insert(generationId, reply);
    setState(generationId, state);
}

void Transcript::addEarlierLink(int count)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    QTextBlockFormat centered;
    centered.setAlignment(Qt::AlignHCenter);
    cursor.setBlockFormat(centered);
    insertSmall(cursor, linkTo(u"earlier"_s, 1, tr("Show %n earlier message(s)", nullptr, count)));
}

bool Transcript::scrollToMessage(qint64 messageId)
{
    const QTextBlock heading = m_messageHeadings.value(messageId);
    if (!heading.isValid())
        return false;
    QTextCursor at(heading);
    setTextCursor(at);
    const QRectF box = document()->documentLayout()->blockBoundingRect(heading);
    verticalScrollBar()->setValue(int(box.top()));
    // The message found stands out until another conversation is shown: from its heading to
    // the next message's.
    int end = document()->characterCount() - 1;
    for (const QTextBlock& other : std::as_const(m_messageHeadings)) {
        if (other.isValid() && other.position() > heading.position())
            end = std::min(end, other.position() - 1);
    }
    QTextEdit::ExtraSelection found;
    found.cursor = QTextCursor(document());
    found.cursor.setPosition(heading.position());
    found.cursor.setPosition(end, QTextCursor::KeepAnchor);
    found.format.setBackground(
        colours::blend(palette().color(QPalette::Base), QColor(0xf5, 0xc5, 0x18), 0.35));
    setExtraSelections({found});
    return true;
}

void Transcript::setState(qint64 generationId, const QString& state)
{
    const auto it = m_replies.constFind(generationId);
    if (it == m_replies.cend() || !it->heading.isValid())
        return;
    QTextCursor cursor(document());
    cursor.setPosition(it->heading.position() + it->labelLength);
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    if (state.isEmpty())
        cursor.removeSelectedText();
    else
        cursor.insertText(u" · "_s + state, grey(true));
}

void Transcript::writeThinkingLine(const Reply& reply, qint64 generationId)
{
    QTextCursor cursor(reply.thinking);
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    QTextCharFormat link = grey();
    link.setAnchor(true);
    link.setAnchorHref(
        contentsafety::internalLink(u"thinking"_s, {{u"id"_s, QString::number(generationId)}})
            .toString(QUrl::FullyEncoded));
    cursor.insertText((reply.expanded ? u"▾ "_s : u"▸ "_s) +
                          tr("Thinking · %n word(s)", nullptr, reply.words),
                      link);
}

void Transcript::addReasoning(qint64 generationId, const QString& text)
{
    const auto it = m_replies.find(generationId);
    if (it == m_replies.end() || text.isEmpty())
        return;
    Reply& reply = *it;
    bool inWord = !reply.reasoning.isEmpty() && !reply.reasoning.back().isSpace();
    reply.words += countWords(text, &inWord);
    reply.reasoning += text;
    if (!reply.thinking.isValid()) {
        // Right under the heading, before the reply's text (which may already be streaming).
        QTextCursor cursor(reply.heading);
        cursor.movePosition(QTextCursor::EndOfBlock);
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
        reply.thinking = cursor.block();
    } else if (reply.expanded) {
        QTextCursor cursor(reply.thinking.next());
        cursor.movePosition(QTextCursor::EndOfBlock);
        cursor.insertText(oneBlock(text), grey(true));
    }
    writeThinkingLine(reply, generationId);
}

bool Transcript::isExpanded(qint64 generationId) const
{
    return m_replies.value(generationId).expanded;
}

void Transcript::toggleThinking(qint64 generationId)
{
    const auto it = m_replies.find(generationId);
    if (it == m_replies.end() || !it->thinking.isValid())
        return;
    Reply& reply = *it;
    QTextCursor cursor(reply.thinking);
    cursor.movePosition(QTextCursor::EndOfBlock);
    if (reply.expanded) {
        cursor.setPosition(reply.thinking.next().position() + reply.thinking.next().length() - 1,
                           QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
    } else {
        QTextBlockFormat indented;
        indented.setLeftMargin(16);
        cursor.insertBlock(indented, QTextCharFormat());
        cursor.insertText(oneBlock(reply.reasoning), grey(true));
    }
    reply.expanded = !reply.expanded;
    writeThinkingLine(reply, generationId);
}

QString Transcript::stateText(GenerationStatus status, const QString& error)
{
    QString what;
    switch (status) {
    case GenerationStatus::Completed:
        return {};
    case GenerationStatus::Streaming:
        return tr("streaming");
    case GenerationStatus::Cancelled:
        what = tr("stopped");
        break;
    case GenerationStatus::Interrupted:
        what = tr("interrupted");
        break;
    default:
        what = tr("failed");
        break;
    }
    return error.isEmpty() ? what : what + u": "_s + error;
}

void Transcript::addFooter(const Footer& f)
{
    QStringList parts;
    if (!f.model.isEmpty())
        parts << f.model.toHtmlEscaped();
    if (f.status == GenerationStatus::Completed) {
        if (f.timings.outputTokens > 0)
            parts << tr("%n token(s)", nullptr, int(f.timings.outputTokens));
        if (f.timings.firstTokenMs >= 0)
            parts << tr("first token %1 ms").arg(f.timings.firstTokenMs);
        if (f.timings.tokensPerSecond > 0)
            parts << tr("%1 tokens/s").arg(f.timings.tokensPerSecond, 0, 'f', 1);
    } else if (f.status == GenerationStatus::Cancelled || f.error.isEmpty()) {
        parts << (f.status == GenerationStatus::Cancelled     ? tr("Stopped")
                  : f.status == GenerationStatus::Interrupted ? tr("Interrupted")
                                                              : tr("Failed"));
        // A reply made elsewhere (another device, an import) has no generation here to continue.
        if (f.generationId > 0)
            parts << linkTo(u"continue"_s, f.generationId, tr("Continue"));
    } else {
        addProblem(f); // what went wrong, large, with what to do about it
    }
    if (!f.text.isEmpty())
        parts << copyLink(f.text, tr("Copy"));
    if (f.messageId > 0)
        parts << linkTo(u"regenerate"_s, f.messageId, tr("Regenerate"));
    if (f.generationId > 0)
        parts << linkTo(u"timeline"_s, f.generationId, tr("Timeline"));
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    // The switcher at the text's size, outside the small print: it is clicked often.
    if (const QString switcher = alternativeLinks(f.messageId, f.alternatives); !switcher.isEmpty())
        cursor.insertHtml(switcher + u"&nbsp;&nbsp;"_s);
    insertSmall(cursor, parts.join(u" · "_s));
}

Transcript::Problem Transcript::problemOf(const QString& error)
{
    // The engine's messages begin with the HTTP status when there is one ("401: …").
    if (error.startsWith(u"401"_s))
        return {tr("The provider did not accept the API key."),
                tr("Check the key in Providers, then Continue.")};
    if (error.startsWith(u"403"_s))
        return {tr("The provider refused access to this model."),
                tr("Check the key and the model in Providers, then Continue.")};
    if (error.startsWith(u"404"_s))
        return {tr("The provider does not know this address or model."),
                tr("Check the address and the model in Providers, then Continue.")};
    if (error.contains(u"connection refused"_s) || error.contains(u"Nothing answers"_s))
        return {tr("Nothing answers at the provider's address."),
                tr("Start the server, or fix its address in Providers, then Continue.")};
    if (error.contains(u"keychain"_s) || error.contains(u"API key"_s))
        return {tr("The API key is missing."), tr("Continue asks for it.")};
    return {tr("The reply did not finish."),
            tr("What was received is kept. Continue picks it up where it stopped.")};
}

void Transcript::addProblem(const Footer& f)
{
    const Problem p = problemOf(f.error);
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    QTextFrameFormat box;
    const QColor warn = f.status == GenerationStatus::Interrupted ? QColor(0xe0, 0x9b, 0x1a)
                                                                  : QColor(0xd9, 0x3f, 0x3f);
    box.setBackground(colours::blend(palette().color(QPalette::Base), warn, 0.14));
    box.setBorder(1);
    box.setBorderBrush(colours::blend(palette().color(QPalette::Base), warn, 0.6));
    box.setBorderStyle(QTextFrameFormat::BorderStyle_Solid);
    box.setPadding(fontMetrics().height() * 0.5);
    box.setTopMargin(fontMetrics().height() * 0.4);
    cursor.insertFrame(box);
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    cursor.insertText(u"⚠ "_s + p.headline, bold);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    cursor.insertText(f.error, QTextCharFormat());
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    cursor.insertText(p.advice + u"  "_s, QTextCharFormat());
    QStringList actions;
    if (f.generationId > 0)
        actions << linkTo(u"continue"_s, f.generationId, tr("Continue"), true);
    actions << linkTo(u"providers"_s, 1, tr("Providers…"), true);
    cursor.insertHtml(actions.join(u" · "_s));
}

void Transcript::onLink(const QUrl& url)
{
    const QUrlQuery query(url);
    const QString action = url.path();
    if (action == "copy-code"_L1) {
        QApplication::clipboard()->setText(query.queryItemValue(u"text"_s, QUrl::FullyDecoded));
        Q_EMIT copied(tr("Code copied."));
        return;
    }
    const qint64 id = query.queryItemValue(u"id"_s).toLongLong();
    if (action == "copy"_L1) {
        if (id >= 0 && id < m_copies.size()) {
            QApplication::clipboard()->setText(m_copies.at(id));
            Q_EMIT copied(tr("Message copied."));
        }
    } else if (action == "thinking"_L1) {
        toggleThinking(id);
    } else if (action == "tool"_L1) {
        toggleToolCall(id);
    } else if (id > 0 && action == "continue"_L1) {
        Q_EMIT continueRequested(id);
    } else if (id > 0 && action == "regenerate"_L1) {
        Q_EMIT regenerateRequested(id);
    } else if (id > 0 && action == "alternative"_L1) {
        Q_EMIT alternativeRequested(id);
    } else if (id > 0 && action == "timeline"_L1) {
        Q_EMIT timelineRequested(id);
    } else if (id > 0 && action == "edit"_L1) {
        Q_EMIT editRequested(id);
    } else if (action == "earlier"_L1) {
        Q_EMIT earlierRequested();
    } else if (action == "providers"_L1) {
        Q_EMIT providersRequested();
    }
}

} // namespace tether::ui
