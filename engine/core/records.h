// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/attachment.h"
#include "engine/core/types.h"

#include <QList>
#include <QString>

// What the journal holds, as the window and the CLI see it: plain values, no SQL. The journal
// itself (engine/journal/) stays inside the engine.
namespace tether::engine {

struct MessageRecord {
    qint64 id = 0;
    QString externalId; // imported: the id in its source
    QString role;
    QString content;
    QString reasoning;
    QString refusal;
    QString toolCalls; // JSON array, or empty
    // Assistant messages: the tools it called, each with its status and result.
    QList<ToolCallRecord> calls;
    GenerationStatus status = GenerationStatus::Completed;
    qint64 createdAt = 0;
    qint64 generationId = 0; // assistant messages
    QString model;
    QString finishReason;
    QString error;
    Usage usage;
    Timings timings;
    // User messages: the files sent with it, images with their bytes (for thumbnails), others
    // with their name, type and size only.
    QList<Attachment> attachments;
    // This message and its alternatives (other replies to the same message, other edits of it),
    // oldest first: the one shown is at `alternativeIds.indexOf(id)`.
    QList<qint64> alternativeIds;
    int alternatives() const { return std::max<int>(1, int(alternativeIds.size())); }
    int alternative() const { return std::max<int>(1, int(alternativeIds.indexOf(id)) + 1); }
};

struct ConversationRecord {
    qint64 id = 0;
    QString title;
    QString source; // imported: "chatgpt", "tether"; empty for Tether's own
    QString externalId;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    ConversationSettings settings;
    QList<MessageRecord> messages;
};

struct ConversationSummary {
    qint64 id = 0;
    QString title;
    qint64 updatedAt = 0;
    int messageCount = 0; // shown messages, when asked for (MessageCounts::Include)
};

// Counting a page's messages reads every message row of its conversations: the CLI's list
// asks for it, the window's sidebar does not.
enum class MessageCounts { Omit, Include };

// One try at a generation: the timeline the UI shows.
struct AttemptRecord {
    int attempt = 0;
    QString kind; // start, retry, resume (Responses starting_after), poll, continue:<mode>
    qint64 startedAt = 0;
    qint64 endedAt = 0;
    QString cause;
    int httpStatus = 0;
    qint64 retryDelayMs = -1;
    bool superseded = false;
};

} // namespace tether::engine

Q_DECLARE_METATYPE(tether::engine::ConversationRecord)
Q_DECLARE_METATYPE(tether::engine::ConversationSummary)
Q_DECLARE_METATYPE(tether::engine::AttemptRecord)
