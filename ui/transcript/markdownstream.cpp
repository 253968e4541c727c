// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transcript/markdownstream.h"

#include "ui/transcript/contentsafety.h"

#include <QPalette>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextList>
#include <QTextTable>

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
                m_code.append({m_codeStart, m_lineStart});
            }
        } else if (trimmed.startsWith(u"```") || trimmed.startsWith(u"~~~")) {
            m_inFence = true;
            qsizetype n = 0;
            while (n < trimmed.size() && trimmed.at(n) == trimmed.at(0))
                ++n;
            m_fence = trimmed.first(n).toString();
            m_codeStart = i + 1;
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
    // Code blocks stand out on a shaded background (the importer gives them none). The chunk is
    // one block or a few, so this walk is cheap.
    for (QTextBlock b = block.begin(); b.isValid(); b = b.next()) {
        QTextBlockFormat f = b.blockFormat();
        if (f.hasProperty(QTextFormat::BlockCodeFence) || f.nonBreakableLines()) {
            f.setBackground(QPalette().color(QPalette::AlternateBase));
            QTextCursor(b).setBlockFormat(f);
        }
    }
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
    // A finished code block gets its copy link, once.
    while (!m_code.isEmpty() && m_code.first().second <= end) {
        const auto [from, to] = m_code.takeFirst();
        QTextCharFormat link;
        link.setAnchor(true);
        link.setAnchorHref(copyCodeUrl(m_source.sliced(from, to - from)).toString());
        link.setForeground(Qt::gray);
        link.setFontPointSize(m_document->defaultFont().pointSizeF() * 0.85);
        QTextBlockFormat right;
        right.setAlignment(Qt::AlignRight);
        cursor.insertBlock(right, QTextCharFormat());
        cursor.insertText(tr("Copy code"), link);
    }
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
