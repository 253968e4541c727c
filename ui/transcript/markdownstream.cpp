// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transcript/markdownstream.h"

#include "ui/transcript/colours.h"
#include "ui/transcript/contentsafety.h"

#include <QPalette>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QTextList>
#include <QTextTable>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

MarkdownStream::MarkdownStream(QTextDocument* document)
    : m_document(document)
{
    // The tail owns a block of its own, so clearing it never touches a finished block.
    QTextCursor end(m_document);
    end.movePosition(QTextCursor::End);
    if (!m_document->isEmpty())
        end.insertBlock(QTextBlockFormat(), QTextCharFormat());
    m_tail = end;
    m_tail.setKeepPositionOnInsert(true);
}

QUrl MarkdownStream::copyCodeUrl(const QString& code)
{
    return contentsafety::internalLink(u"copy-code"_s, {{u"text"_s, code}});
}

QString MarkdownStream::neutraliseImages(const QString& markdown)
{
    // ![alt](url "title") with anything but a data: URL -> a plain link the user can choose to
    // open; rendering must never fetch or read anything.
    static const QRegularExpression image(uR"(!\[([^\]]*)\]\((?!data:)([^)\s]+)[^)]*\))"_s);
    QString out = markdown;
    out.replace(image, u"[🖼 \\1](\\2)"_s);
    static const QRegularExpression html(uR"(<img\b[^>]*>)"_s,
                                         QRegularExpression::CaseInsensitiveOption);
    out.replace(html, u"[🖼 image]"_s);
    return out;
}

void MarkdownStream::scan()
{
    // Only the new text is looked at: the fence state and line start carry over.
    const qsizetype size = m_source.size();
    for (qsizetype i = m_scanned; i < size; ++i) {
        if (m_source.at(i) != u'\n')
            continue;
        const QStringView line = QStringView(m_source).sliced(m_lineStart, i - m_lineStart);
        const QStringView trimmed = line.trimmed();
        if (m_inFence) {
            if (trimmed.startsWith(m_fence) && trimmed.size() >= m_fence.size() &&
                trimmed.sliced(m_fence.size()).trimmed().isEmpty()) {
                m_inFence = false;
                m_boundary = i + 1; // a closed code block is complete
            }
        } else if (trimmed.startsWith(u"```") || trimmed.startsWith(u"~~~")) {
            m_inFence = true;
            qsizetype n = 0;
            while (n < trimmed.size() && trimmed.at(n) == trimmed.at(0))
                ++n;
            m_fence = trimmed.first(n).toString();
        } else if (trimmed.isEmpty()) {
            m_boundary = i + 1;
        }
        m_lineStart = i + 1;
    }
    m_scanned = size;
}

void MarkdownStream::clearTail()
{
    // Leaves one empty, plain block at m_tailStart: the separator before it, and so every
    // finished block, stays as it is.
    QTextCursor cursor(m_document);
    cursor.setPosition(m_tail.position());
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    if (QTextList* list = cursor.currentList())
        list->remove(cursor.block());
    cursor.setBlockFormat(QTextBlockFormat());
    cursor.setBlockCharFormat(QTextCharFormat());
}

namespace {

bool isCode(const QTextBlock& b)
{
    const QTextBlockFormat f = b.blockFormat();
    return f.hasProperty(QTextFormat::BlockCodeFence) || f.nonBreakableLines();
}

} // namespace

bool MarkdownStream::isCodeHeader(const QTextBlock& block)
{
    return block.blockFormat().boolProperty(CodeHeaderProperty);
}

qreal MarkdownStream::codeHeaderWidth(const QTextDocument* document)
{
    const QTextFrameFormat root = document->rootFrame()->frameFormat();
    return std::max(0.0, document->textWidth() - 2 * document->documentMargin() -
                             root.leftMargin() - root.rightMargin() - 2 * CodePadding);
}

void MarkdownStream::layoutCodeHeaders(QTextDocument* document)
{
    const qreal width = codeHeaderWidth(document);
    for (QTextBlock b = document->begin(); b.isValid(); b = b.next()) {
        if (!isCodeHeader(b))
            continue;
        QTextBlockFormat f = b.blockFormat();
        f.setTabPositions({QTextOption::Tab(width, QTextOption::RightTab)});
        QTextCursor(b).setBlockFormat(f);
    }
}

void MarkdownStream::addCodeHeaders(QTextDocument& fragment, qreal width)
{
    // Each code block sits in a shaded box under a header naming its language, with Copy on the
    // right: where the eye looks first, and in its place however the reply was rendered.
    struct Run {
        int from = 0, to = 0; // first position of its first line, end of its last
        QString language, code;
    };
    QList<Run> runs;
    for (QTextBlock b = fragment.begin(); b.isValid();) {
        if (!isCode(b)) {
            b = b.next();
            continue;
        }
        Run run{
            b.position(), 0, b.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage), {}};
        QStringList lines;
        for (; b.isValid() && isCode(b) &&
               b.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage) == run.language;
             b = b.next()) {
            QTextBlockFormat f = b.blockFormat();
            f.setNonBreakableLines(false); // a long line wraps inside the box
            f.setTopMargin(0);
            f.setBottomMargin(0);
            QTextCursor(b).setBlockFormat(f);
            lines.append(b.text());
            run.to = b.position() + b.length() - 1;
        }
        run.code = lines.join(u'\n') + u'\n';
        runs.append(run);
    }
    QTextCharFormat label;
    label.setForeground(QPalette().color(QPalette::PlaceholderText));
    label.setFontPointSize(fragment.defaultFont().pointSizeF() * 0.85);
    QTextBlockFormat h;
    h.setProperty(CodeHeaderProperty, true);
    h.setBottomMargin(CodePadding * 0.4);
    h.setTabPositions({QTextOption::Tab(width, QTextOption::RightTab)});
    QTextFrameFormat frame;
    frame.setBackground(colours::shade(QPalette(), 0.06));
    frame.setPadding(CodePadding);
    frame.setBorder(0);
    frame.setTopMargin(CodePadding * 0.5);
    frame.setBottomMargin(CodePadding * 0.5);
    // From the last: what is inserted never moves a run still to come.
    for (auto run = runs.crbegin(); run != runs.crend(); ++run) {
        const QTextBlock firstLine = fragment.findBlock(run->from);
        const QTextBlockFormat code = firstLine.blockFormat();
        const QTextCharFormat codeChars = firstLine.charFormat();
        QTextCursor box(&fragment);
        box.setPosition(run->from);
        box.setPosition(run->to, QTextCursor::KeepAnchor);
        // A frame costs a scan of the document's frames when inserted: once per code block, and
        // per flush only while a code block is the reply's growing tail (bench_render).
        QTextFrame* shaded = box.insertFrame(frame);
        // The block left in front of the box keeps the code's format: it is a plain separator.
        QTextCursor before(&fragment);
        before.setPosition(shaded->firstPosition() - 1);
        if (before.block().text().isEmpty()) {
            QTextBlockFormat plain;
            plain.setLineHeight(1, QTextBlockFormat::FixedHeight);
            before.setBlockFormat(plain);
            before.setBlockCharFormat(QTextCharFormat());
        }
        // The frame's first block loses the line's format (its language): it is given back.
        QTextCursor header(shaded->firstCursorPosition());
        header.insertBlock(code, codeChars);
        header.movePosition(QTextCursor::PreviousBlock);
        header.setBlockFormat(h);
        header.setBlockCharFormat(label);
        header.insertText(run->language.isEmpty() ? tr("code") : run->language.toLower(), label);
        header.insertText(u"\t"_s, label);
        QTextCharFormat link = label;
        link.setAnchor(true);
        link.setAnchorHref(copyCodeUrl(run->code).toString());
        header.insertText(tr("Copy"), link);
    }
}

void MarkdownStream::insertMarkdown(const QString& markdown)
{
    if (markdown.trimmed().isEmpty())
        return;
    // No raw HTML (CSS url(), <link>, @import, <table background>), and a document that loads
    // nothing: model text decides what is drawn, never what is read.
    SafeDocument block;
    block.setMarkdown(neutraliseImages(markdown),
                      QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub |
                                                      QTextDocument::MarkdownNoHTML));
    addCodeHeaders(block, codeHeaderWidth(m_document));
    QTextCursor cursor(m_document);
    cursor.setPosition(m_tail.position());
    cursor.insertFragment(QTextDocumentFragment(&block));
    // The fragment's first block merges into the tail's empty block and would lose its format
    // (a code block's shading, a heading's margins): give it back. Lists and tables keep theirs.
    const QTextBlock first = block.begin();
    if (!first.textList() && !QTextCursor(first).currentTable()) {
        QTextCursor start(m_document);
        start.setPosition(m_tail.position());
        if (!start.currentList() && !start.currentTable())
            start.setBlockFormat(first.blockFormat());
    }
    // A fragment that opens with a list or a table brings its own first block, which leaves the
    // empty tail block in front of it: merge that into the list (its format survives).
    QTextCursor empty(m_document);
    empty.setPosition(m_tail.position());
    if (empty.block().text().isEmpty() && empty.block().next().isValid() && !empty.currentTable())
        empty.deleteChar();
}

void MarkdownStream::renderFinal(qsizetype end)
{
    clearTail();
    insertMarkdown(m_source.sliced(m_rendered, end - m_rendered));
    m_rendered = end;
    QTextCursor cursor(m_document);
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    m_tail.setPosition(cursor.position());
    m_renderedTail.clear();
}

void MarkdownStream::renderTail()
{
    const QString tail = m_source.sliced(m_rendered);
    if (tail == m_renderedTail)
        return;
    clearTail();
    // A table is a frame, and inserting or removing a frame makes QTextDocument rescan every
    // fragment of the document (QTextDocumentPrivate::scan_frames): re-rendering a growing table
    // each frame would cost O(reply length) per update. Until its block is finished, a table
    // shows as its markdown source; it becomes a table once, when it is complete.
    static const QRegularExpression tableRow(uR"((^|\n)\s*\|)"_s);
    if (tail.contains(tableRow)) {
        QTextCharFormat source;
        source.setFontFixedPitch(true);
        source.setFontFamilies({u"monospace"_s});
        QTextCursor cursor(m_document);
        cursor.setPosition(m_tail.position());
        cursor.insertText(tail.trimmed(), source);
    } else {
        insertMarkdown(tail);
    }
    m_renderedTail = tail;
}

void MarkdownStream::flush()
{
    scan();
    // One edit block: the document is laid out once per flush, not once per edit in it.
    QTextCursor batch(m_document);
    batch.beginEditBlock();
    if (m_boundary > m_rendered)
        renderFinal(m_boundary);
    renderTail();
    batch.endEditBlock();
}

void MarkdownStream::finish()
{
    scan();
    if (m_source.size() > m_rendered)
        renderFinal(m_source.size());
    // Drop the empty tail block: the reply ends with its last finished block.
    clearTail();
    if (m_tail.position() > 0) {
        QTextCursor cursor(m_document);
        cursor.setPosition(m_tail.position() - 1);
        cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
    }
}

} // namespace tether::ui
