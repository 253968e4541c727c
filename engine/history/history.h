// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace tether::engine {

// One search result. `snippet` marks the matched text with U+0002 … U+0003; the CLI turns them
// into **…**, the window into bold.
struct SearchHit {
    qint64 conversationId = 0;
    qint64 messageId = 0;
    QString role;
    QString title;
    QString snippet;
    qint64 createdAt = 0;
};

inline constexpr QChar HighlightStart = QChar(0x02);
inline constexpr QChar HighlightEnd = QChar(0x03);

struct ImportedMessage {
    QString externalId;
    QString parentExternalId; // empty for a root
    QString role;
    QString content;
    QString model;
    qint64 createdAt = 0;
    bool hidden = false;  // not on the shown thread, or never shown (system, tool, thoughts)
    bool context = false; // never shown on any branch: system, tool, thoughts, hidden context
    QList<Attachment> attachments; // a Tether export's, with their bytes
};

// A conversation read from an export, messages ordered parents first.
struct ImportedConversation {
    QString source; // "chatgpt", "tether"
    QString externalId;
    QString title;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    ConversationSettings settings; // a Tether export's model, system prompt and parameters
    QList<ImportedMessage> messages;
};

struct ImportOutcome {
    qint64 conversationId = 0;
    bool created = false;
    bool changed = false; // anything written: new, new messages, a new title or shown thread
    int messagesAdded = 0;
};

// What an import did, for the CLI's summary and the window's progress.
struct ImportReport {
    int conversationsAdded = 0;
    int conversationsUpdated = 0; // known, with new messages or a new shown thread
    int conversationsUnchanged = 0;
    int messagesAdded = 0;
    int skipped = 0;
    QStringList reasons; // one line per skipped entry (the first few hundred)
    qint64 bytes = 0;    // bytes of JSON read
    qint64 elapsedMs = 0;
};

struct ImportProgress {
    qint64 bytesRead = 0;
    qint64 bytesTotal = 0; // 0 if unknown
    int conversations = 0;
};

} // namespace tether::engine

Q_DECLARE_METATYPE(tether::engine::SearchHit)
Q_DECLARE_METATYPE(tether::engine::ImportReport)
Q_DECLARE_METATYPE(tether::engine::ImportProgress)
