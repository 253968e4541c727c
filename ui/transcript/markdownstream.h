// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QTextCursor>
#include <QTextFormat>
#include <QUrl>

class QTextBlock;
class QTextDocument;

namespace tether::ui {

// Renders a streamed markdown reply into a QTextDocument without re-parsing what is finished.
// The source is split at block boundaries (a blank line outside a code fence, or a closing
// fence): everything before the last boundary is rendered once and never touched again; only the
// trailing, still-growing block is re-rendered on each flush. Appending is O(new text) to scan
// plus the layout of the trailing block, so a long reply costs the same per update as a short one.
class MarkdownStream {
    Q_DECLARE_TR_FUNCTIONS(MarkdownStream)

public:
    // Renders at the end of `document`, from its current end on.
    explicit MarkdownStream(QTextDocument* document);

    void append(const QString& text) { m_source += text; }
    // Brings the document up to date with everything appended.
    void flush();
    // The reply is complete: the trailing block becomes final too.
    void finish();

    const QString& source() const { return m_source; }

    // Markdown of model output made safe to render: images that are not data: become links.
    static QString neutraliseImages(const QString& markdown);
    // The link in a code block's header that copies it: tether:copy-code?text=…
    static QUrl copyCodeUrl(const QString& code);
    // The line above a code block: its language, and Copy at the right edge.
    static bool isCodeHeader(const QTextBlock& block);
    // The column's width changed: Copy moves to its new right edge.
    static void layoutCodeHeaders(QTextDocument* document);

private:
    void scan();
    void renderFinal(qsizetype end);
    void renderTail();
    void clearTail();
    // Inserts rendered markdown at the tail's block.
    void insertMarkdown(const QString& markdown);
    static qreal codeHeaderWidth(const QTextDocument* document);
    static void addCodeHeaders(QTextDocument& fragment, qreal width);

    static constexpr int CodeHeaderProperty = QTextFormat::UserProperty + 1;
    static constexpr qreal CodePadding = 10;

    QTextDocument* m_document;
    QString m_source;
    qsizetype m_scanned = 0;   // source scanned for boundaries up to here
    qsizetype m_lineStart = 0; // start of the line being scanned
    qsizetype m_boundary = 0;  // source before this is complete blocks
    qsizetype m_rendered = 0;  // source rendered as final blocks up to here
    bool m_inFence = false;
    QString m_fence;
    // Where the trailing block begins. A cursor, not a number: the UI may edit what comes
    // before (a status in the heading, a Thinking section) while the reply streams.
    QTextCursor m_tail;
    QString m_renderedTail; // source of what the tail shows now
};

} // namespace tether::ui
