// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/attachment.h"
#include "engine/core/types.h"
#include "ui/transcript/safebrowser.h"

#include <QHash>
#include <QSet>
#include <QTextBlock>

namespace tether::ui {

class CodeHighlighter;
class Thumbnails;

// The chat view: messages as blocks of one QTextDocument, so a long history costs one layout,
// not a widget per message. Knows how a message looks (heading with its live state, a
// collapsible Thinking section, the footer with its actions); MainWindow decides what to show.
// Copy links and Thinking toggles are handled here; other actions go out as actionRequested.
class Transcript : public SafeBrowser {
    Q_OBJECT
public:
    explicit Transcript(QWidget* parent = nullptr);

    // Empties the view (another conversation is shown).
    void reset();
    // `messageId` 0: not in the journal yet, so it cannot be edited. Its images show as
    // thumbnails, other files by name; `alternatives` (its own id among them) offers ‹ k/N ›.
    void addUser(qint64 messageId, const QString& text,
                 const QList<engine::Attachment>& attachments = {},
                 const QList<qint64>& alternatives = {});
    QString userText(qint64 messageId) const { return m_userTexts.value(messageId); }
    // The heading of a reply; the reply's text is rendered after it by a MarkdownStream.
    void addAssistant(qint64 generationId, const QString& state, qint64 messageId = 0);
    // "Show N earlier messages", at the top of a long conversation opened at its end.
    void addEarlierLink(int count);
    // Scrolls so the message's heading is at the top (a search result was opened).
    bool scrollToMessage(qint64 messageId);
    // The state after the heading: "streaming", "reconnecting in 3 s (attempt 2 of 8: …)".
    void setState(qint64 generationId, const QString& state);
    // Adds to the reply's reasoning, shown collapsed as "Thinking (N words)" until opened.
    void addReasoning(qint64 generationId, const QString& text);
    bool isExpanded(qint64 generationId) const;
    void toggleThinking(qint64 generationId);

    // A tool call the reply asked for, folded to one line (tool, status); opened, its arguments
    // and result, pictures drawn from the bytes the tool returned.
    void addToolCall(const engine::ToolCallRecord& call);
    // Its line (and, open, its details) show the call as it is now; false when not shown.
    bool updateToolCall(const engine::ToolCallRecord& call);
    void toggleToolCall(qint64 callId);
    bool isToolCallExpanded(qint64 callId) const { return m_openCalls.contains(callId); }
    static QString toolStatusText(const engine::ToolCallRecord& call);

    struct Footer {
        qint64 generationId = 0;
        qint64 messageId = 0;       // 0: not known yet (Regenerate is offered once it is)
        QList<qint64> alternatives; // the reply and the others to the same message, oldest first
        QString model;
        engine::GenerationStatus status = engine::GenerationStatus::Completed;
        engine::Timings timings;
        QString error;
        QString text; // what Copy copies
    };
    // The line under a reply: ‹ k/N › among its alternatives; model, tokens, speed or what went
    // wrong; Copy, Regenerate and Timeline; Continue when the reply is not complete. Timeline and
    // Continue only for a reply generated here (generationId > 0).
    void addFooter(const Footer& footer);

    static QString stateText(engine::GenerationStatus status, const QString& error);
    // The reading column: text at most this wide, centred in the view.
    static constexpr int ColumnWidth = 760;

Q_SIGNALS:
    void continueRequested(qint64 generationId);
    // A new alternative of this assistant message.
    void regenerateRequested(qint64 messageId);
    // Show the branch through this message (‹ or › among alternatives).
    void alternativeRequested(qint64 messageId);
    void timelineRequested(qint64 generationId);
    void editRequested(qint64 userMessageId);
    void earlierRequested();
    // "Providers…" under a reply that failed for a reason set there (a key, an address).
    void providersRequested();
    void copied(const QString& what);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Margins that keep the text in a centred column of at most ColumnWidth.
    void layoutColumn();
    struct Reply {
        QTextBlock heading;
        int labelLength = 0;
        QTextBlock thinking; // the "Thinking" line, once there is reasoning
        QString reasoning;
        qsizetype words = 0;
        bool expanded = false;
    };
    void onLink(const QUrl& url);
    struct Problem {
        QString headline, advice;
    };
    // What a reply's error means for the user, and what to do about it.
    static Problem problemOf(const QString& error);
    // A failed or interrupted reply's error, in a box of its own with Continue and Providers….
    void addProblem(const Footer& footer);
    // A new block at the end for a message's heading, set apart from the message before.
    QTextCursor startMessage();
    // Grey small print, or `prominent`: the link colour, bold (what to do about an error).
    QString linkTo(const QString& action, qint64 id, const QString& label,
                   bool prominent = false) const;
    QString copyLink(const QString& text, const QString& label);
    void writeThinkingLine(const Reply& reply, qint64 generationId);
    void writeToolLine(const QTextBlock& line, const engine::ToolCallRecord& call);
    void insertToolDetails(QTextCursor& cursor, const engine::ToolCallRecord& call);
    struct ShownCall;
    void showToolDetails(ShownCall& shown, bool open);
    void insertSmall(QTextCursor& cursor, const QString& html);
    // "‹ 2/3 ›", each arrow a link to the alternative before or after `id`; empty for one.
    QString alternativeLinks(qint64 id, const QList<qint64>& alternatives) const;

    QHash<qint64, Reply> m_replies;
    QStringList m_copies; // texts behind the Copy links of this view
    QHash<qint64, QString> m_userTexts;
    QHash<qint64, QTextBlock> m_messageHeadings; // by message id
    struct ShownCall {
        QTextBlock line;
        engine::ToolCallRecord record;
        bool detailsShown = false; // the block after `line`
    };
    QHash<qint64, ShownCall> m_calls; // by the journal's call id
    QSet<qint64> m_openCalls;         // stays open when the conversation is drawn again
    Thumbnails* m_thumbnails;
    CodeHighlighter* m_highlighter;
    qreal m_laidOutWidth = -1; // the document's width the column was last laid out for
};

} // namespace tether::ui
