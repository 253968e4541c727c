// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/records.h"
#include "engine/core/types.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QStackedLayout;
class QTimer;

namespace tether::engine {
class Engine;
class Generation;
} // namespace tether::engine

namespace tether::ui {

class GenerationTracker;
class MarkdownStream;
class Transcript;
struct LiveReply;

// The conversation on screen: its transcript loaded from the journal a page at a time, and the
// reply streaming in it rendered live, once per frame.
class ConversationView : public QWidget {
    Q_OBJECT
public:
    ConversationView(engine::Engine& engine, const GenerationTracker& tracker,
                     QWidget* parent = nullptr);
    ~ConversationView() override;

    // 0: a new chat.
    qint64 conversationId() const { return m_conversationId; }
    // An empty new chat.
    void clear();
    // Loads it from the journal; scrolled to `messageId` (a search result) when given.
    void open(qint64 id, qint64 messageId = 0);
    // Shows the conversation on screen again as the journal has it now (another device changed
    // it), where the reader was; not while a reply streams on screen.
    void reload();
    // Shows the branch through `messageId` (‹ › among alternatives); not while a reply streams
    // on screen.
    void showBranch(qint64 messageId);
    // This send makes the new chat on screen; once started, it is that conversation.
    void adoptNewChat(const engine::Generation* handle) { m_newChat = handle; }

    // The last reply of the conversation as the journal had it when shown; none in a new chat.
    const engine::MessageRecord* lastReply() const;
    bool shows(const LiveReply& live) const;
    // The send or resume running in the conversation on screen, if any.
    const LiveReply* live() const;

    void onStarted(const LiveReply& live, const engine::GenerationStarted& ids);
    void onChunks(const engine::ChunkBatch& batch);
    void onFinished(const LiveReply& live, const engine::GenerationFinished& result, bool waiting,
                    const QString& model);
    // A tool call of the conversation on screen started or ended.
    void updateToolCall(const engine::ToolCallRecord& call);
    // The reply on screen shows what the tracker says of it now.
    void refreshState();

    Transcript* transcript() const { return m_transcript; }

Q_SIGNALS:
    // The conversation on screen changed or was drawn again: controls follow.
    void shown();
    // Drawn anew from the journal: the reader's place is set, typing goes to the composer.
    void rendered();
    // Read from the journal, before it is drawn.
    void loaded(const tether::engine::ConversationRecord& conversation);
    void failed(const QString& message);

private:
    void show(const engine::ConversationRecord& conversation);
    void showEarlier();
    void render();
    void stopReply();
    // A new chat with nothing in it yet shows how to begin; anything else, the transcript.
    void showWelcome(bool welcome);

    engine::Engine& m_engine;
    const GenerationTracker& m_tracker;
    Transcript* m_transcript;
    QLabel* m_welcome;
    QStackedLayout* m_pages;
    QTimer* m_renderTick;                         // coalesces tokens into one render per frame
    std::unique_ptr<MarkdownStream> m_liveStream; // the reply streaming on screen
    qint64 m_replyGeneration = 0;
    qint64 m_replyMessage = 0;         // its message
    QList<qint64> m_replyAlternatives; // and the others to the same message
    qint64 m_conversationId = 0;
    QPointer<const engine::Generation> m_newChat;
    engine::ConversationRecord m_shown; // as last loaded
    qsizetype m_shownFrom = 0;          // its first message rendered
    qint64 m_scrollToMessage = 0;       // once the conversation being opened is shown
};

} // namespace tether::ui
