// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversationview.h"

#include "engine/engine.h"
#include "ui/session/generationtracker.h"
#include "ui/transcript/markdownstream.h"
#include "ui/transcript/transcript.h"

#include <QLabel>
#include <QScrollBar>
#include <QStackedLayout>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

ConversationView::ConversationView(Engine& engine, const GenerationTracker& tracker,
                                   QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_tracker(tracker)
    , m_transcript(new Transcript(this))
    , m_welcome(new QLabel(this))
    , m_pages(new QStackedLayout(this))
    , m_renderTick(new QTimer(this))
{
    m_transcript->setObjectName(u"transcript"_s);
    m_transcript->setAccessibleName(tr("Conversation"));
    m_welcome->setObjectName(u"welcome"_s);
    m_welcome->setAlignment(Qt::AlignCenter);
    m_welcome->setWordWrap(true);
    m_welcome->setMargin(32);
    m_welcome->setForegroundRole(QPalette::PlaceholderText);
    m_welcome->setTextFormat(Qt::RichText);
    m_welcome->setText(u"<p style='font-size:large'><b>%1</b></p><p>%2</p><p>%3</p><p>%4</p>"_s.arg(
        tr("Start a conversation"), tr("Write below and press Enter."),
        tr("Ctrl+N new chat · Ctrl+F search every message<br>Ctrl+Shift+M choose the model "
           "· Ctrl+Shift+P system prompt and parameters"),
        tr("Each reply is saved as it arrives: a dropped connection or a crash loses "
           "nothing.")));
    m_pages->setContentsMargins(0, 0, 0, 0);
    m_pages->addWidget(m_transcript);
    m_pages->addWidget(m_welcome);
    showWelcome(true);
    setFocusProxy(m_transcript);
    // Tokens arrive in bursts; the document is updated at most once per frame.
    m_renderTick->setSingleShot(true);
    m_renderTick->setInterval(16);
    connect(m_renderTick, &QTimer::timeout, this, [this] {
        if (m_liveStream) {
            m_liveStream->flush();
            m_transcript->ensureCursorVisible();
        }
    });
    connect(m_transcript, &Transcript::earlierRequested, this, &ConversationView::showEarlier);
}

ConversationView::~ConversationView() = default;

void ConversationView::stopReply()
{
    m_renderTick->stop();
    m_liveStream.reset(); // a reply still streaming goes on in the journal, and here once loaded
    m_replyGeneration = 0;
}

void ConversationView::showWelcome(bool welcome)
{
    m_pages->setCurrentWidget(welcome ? static_cast<QWidget*>(m_welcome) : m_transcript);
}

void ConversationView::clear()
{
    m_conversationId = 0;
    m_newChat = nullptr;
    stopReply();
    m_transcript->reset();
    showWelcome(true);
    Q_EMIT shown();
}

void ConversationView::open(qint64 id, qint64 messageId)
{
    const bool onScreen =
        std::any_of(m_shown.messages.cbegin(), m_shown.messages.cend(),
                    [messageId](const MessageRecord& m) { return m.id == messageId; });
    if (id == m_conversationId && id > 0 && (!messageId || onScreen)) {
        if (messageId)
            m_transcript->scrollToMessage(messageId);
        return;
    }
    if (id <= 0)
        return;
    m_conversationId = id;
    m_newChat = nullptr;
    m_scrollToMessage = messageId;
    stopReply();
    showWelcome(false);
    // A search result may be on a branch not shown now: that branch is shown.
    LoadConversationJob* job =
        messageId ? m_engine.showBranch(messageId) : m_engine.loadConversation(id);
    connect(job, &Job::succeeded, this, [this, job] { show(job->conversation()); });
    connect(job, &Job::failed, this, [this](const Error& e) { Q_EMIT failed(e.message); });
    Q_EMIT shown();
}

void ConversationView::reload()
{
    if (m_conversationId <= 0 || live())
        return;
    LoadConversationJob* job = m_engine.loadConversation(m_conversationId);
    connect(job, &Job::succeeded, this, [this, job] {
        QScrollBar* bar = m_transcript->verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum();
        const int at = bar->value();
        show(job->conversation());
        if (!atEnd) // a reader further up stays where they read; one at the end sees what came
            bar->setValue(at);
    });
    connect(job, &Job::failed, this, [this](const Error& e) { Q_EMIT failed(e.message); });
}

void ConversationView::showBranch(qint64 messageId)
{
    if (m_conversationId <= 0 || live())
        return;
    LoadConversationJob* job = m_engine.showBranch(messageId);
    connect(job, &Job::succeeded, this, [this, job, messageId] {
        m_scrollToMessage = messageId;
        show(job->conversation());
    });
    connect(job, &Job::failed, this, [this](const Error& e) { Q_EMIT failed(e.message); });
}

const MessageRecord* ConversationView::lastReply() const
{
    if (m_conversationId <= 0 || m_shown.id != m_conversationId)
        return nullptr;
    for (auto it = m_shown.messages.crbegin(); it != m_shown.messages.crend(); ++it) {
        if (it->role == "assistant"_L1)
            return &*it;
    }
    return nullptr;
}

bool ConversationView::shows(const LiveReply& live) const
{
    if (m_conversationId != 0)
        return live.conversationId == m_conversationId;
    return m_newChat && live.handle == m_newChat;
}

const LiveReply* ConversationView::live() const
{
    if (m_conversationId == 0)
        return m_newChat ? m_tracker.liveFor(m_newChat) : nullptr;
    return m_tracker.liveIn(m_conversationId);
}

void ConversationView::onStarted(const LiveReply& live, const GenerationStarted& ids)
{
    if (m_conversationId == 0 && m_newChat && live.handle == m_newChat)
        m_conversationId = ids.conversationId;
    if (!shows(live))
        return;
    if (ids.userMessageId == 0 || live.reload) {
        // A resume or an edit: the conversation on screen changes shape; show it again from the
        // journal, which attaches this stream to its message.
        m_conversationId = 0;
        open(ids.conversationId);
        return;
    }
    showWelcome(false);
    m_transcript->addUser(ids.userMessageId, live.text, live.attachments);
    m_transcript->addAssistant(ids.generationId, m_tracker.stateText(live));
    m_replyMessage = ids.assistantMessageId;
    m_replyAlternatives.clear();
    m_liveStream = std::make_unique<MarkdownStream>(m_transcript->document());
    m_replyGeneration = ids.generationId;
    m_transcript->ensureCursorVisible();
    Q_EMIT shown();
}

void ConversationView::onChunks(const ChunkBatch& batch)
{
    if (batch.generationId != m_replyGeneration || !m_liveStream)
        return;
    m_transcript->addReasoning(batch.generationId, batch.reasoning);
    m_liveStream->append(batch.text + batch.refusal);
    if (!m_renderTick->isActive())
        m_renderTick->start();
}

void ConversationView::onFinished(const LiveReply& /*live*/, const GenerationFinished& result,
                                  bool waiting, const QString& model)
{
    const GenerationFinished& f = result;
    if (f.generationId == m_replyGeneration && m_liveStream) {
        m_renderTick->stop();
        m_liveStream->finish();
        m_transcript->setState(f.generationId, waiting
                                                   ? tr("waiting for the network")
                                                   : Transcript::stateText(f.status, QString()));
        for (const ToolCallRecord& call : f.toolCalls)
            m_transcript->addToolCall(call);
        if (!waiting) {
            m_transcript->addFooter({f.generationId, m_replyMessage, m_replyAlternatives, model,
                                     f.status, f.timings, f.error.message, m_liveStream->source()});
        }
        m_liveStream.reset();
        m_replyGeneration = 0;
    }
    Q_EMIT shown();
}

void ConversationView::updateToolCall(const ToolCallRecord& call)
{
    if (call.conversationId == m_conversationId)
        m_transcript->updateToolCall(call);
}

void ConversationView::refreshState()
{
    if (const LiveReply* live = m_tracker.liveOf(m_replyGeneration))
        m_transcript->setState(live->generationId, m_tracker.stateText(*live));
}

void ConversationView::show(const ConversationRecord& conversation)
{
    if (conversation.id != m_conversationId)
        return;
    m_shown = conversation;
    Q_EMIT loaded(m_shown);
    // A long conversation opens at its end: the last messages up to a budget are rendered, the
    // earlier ones on request. Rendering all 2,000 messages of a long chat costs most of a second.
    constexpr int MaxMessages = 60;
    constexpr qsizetype MaxCharacters = 60'000;
    qsizetype from = m_shown.messages.size();
    qsizetype characters = 0;
    while (from > 0 && m_shown.messages.size() - from < MaxMessages && characters < MaxCharacters) {
        --from;
        characters += m_shown.messages.at(from).content.size();
    }
    m_shownFrom = from;
    for (qsizetype i = 0; i < m_shown.messages.size(); ++i) {
        if (m_shown.messages.at(i).id == m_scrollToMessage)
            m_shownFrom = std::min(m_shownFrom, i); // a search result must be on screen
    }
    render();
}

void ConversationView::showEarlier()
{
    if (m_shownFrom <= 0)
        return;
    const qint64 anchor = m_shown.messages.at(m_shownFrom).id;
    m_shownFrom = std::max<qsizetype>(0, m_shownFrom - 200);
    m_scrollToMessage = anchor; // where the reader was
    render();
}

void ConversationView::render()
{
    const ConversationRecord& conversation = m_shown;
    m_transcript->reset();
    stopReply();
    if (m_shownFrom > 0)
        m_transcript->addEarlierLink(int(m_shownFrom));
    for (const MessageRecord& m : conversation.messages.sliced(m_shownFrom)) {
        if (m.role == "user"_L1) {
            m_transcript->addUser(m.id, m.content, m.attachments, m.alternativeIds);
            continue;
        }
        if (m.role != "assistant"_L1)
            continue;
        const QString text = m.content.isEmpty() ? m.refusal : m.content;
        if (const LiveReply* live = m_tracker.liveOf(m.generationId)) {
            // Still streaming: what the journal has now, then live from here on.
            m_transcript->addAssistant(m.generationId, m_tracker.stateText(*live), m.id);
            m_transcript->addReasoning(m.generationId, m.reasoning);
            m_liveStream = std::make_unique<MarkdownStream>(m_transcript->document());
            m_liveStream->append(text);
            m_liveStream->flush();
            m_replyGeneration = m.generationId;
            m_replyMessage = m.id;
            m_replyAlternatives = m.alternativeIds;
            continue;
        }
        const bool waiting = m_tracker.isWaiting(m.generationId);
        m_transcript->addAssistant(m.generationId,
                                   waiting ? tr("waiting for the network")
                                           : Transcript::stateText(m.status, QString()),
                                   m.id);
        m_transcript->addReasoning(m.generationId, m.reasoning);
        MarkdownStream rendered(m_transcript->document());
        rendered.append(text);
        rendered.finish();
        for (const ToolCallRecord& call : m.calls)
            m_transcript->addToolCall(call);
        // Replies from another device or an import have no generation here, and still their
        // line: the alternatives switcher, Copy and Regenerate.
        if (!waiting)
            m_transcript->addFooter({m.generationId, m.id, m.alternativeIds, m.model, m.status,
                                     m.timings, m.error, text});
    }
    m_transcript->moveCursor(QTextCursor::End);
    m_transcript->ensureCursorVisible();
    if (const qint64 target = std::exchange(m_scrollToMessage, 0))
        m_transcript->scrollToMessage(target);
    Q_EMIT shown();
    Q_EMIT rendered();
}

} // namespace tether::ui
