// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/history/history.h"

#include <QJsonObject>

#include <atomic>
#include <functional>

namespace tether::engine {

class Journal;

// One conversation of a ChatGPT export (an element of conversations.json): the whole message
// tree, parents first; the thread from the root to current_node is shown, the other branches
// (edits, regenerations) are kept hidden, as are system and tool messages, hidden context and
// thoughts. Image pointers become placeholders. An error says why the entry cannot be used.
Result<ImportedConversation> parseChatGptConversation(const QJsonObject& conversation);

// One conversation of Tether's own JSON export (`tether-cli export --format json`), so an
// export imports back: the same conversation ids, the same messages, once.
Result<ImportedConversation> parseTetherConversation(const QJsonObject& conversation);

using ImportProgressSink = std::function<void(const ImportProgress&)>;

// What an import reads at most: a hostile file (a 2 MB zip that inflates to one 2 GiB entry)
// must not exhaust memory or run without end.
struct ImportLimits {
    qsizetype maxConversationBytes =
        qsizetype(64) * 1024 * 1024;                  // one element; a larger one is skipped
    qint64 maxTotalBytes = 16LL * 1024 * 1024 * 1024; // JSON read, after decompression
};

// Imports `path`: a ChatGPT export .zip (its conversations.json is read from inside, streamed),
// a conversations.json, or a Tether JSON export; ChatGPT and Tether elements are told apart one
// by one. Streams the file, so memory stays at one conversation. Each conversation is its own
// transaction; a malformed one is skipped with its reason and never half-stored. `cancel`, when
// set, stops between conversations. Fails only when the file cannot be read at all. A
// conversation over the limit is skipped with its reason; past the total limit, reading stops
// and what was imported stays.
Result<ImportReport> importFile(Journal& journal, const QString& path,
                                const ImportProgressSink& progress = {},
                                const std::atomic_bool* cancel = nullptr,
                                const ImportLimits& limits = {});

} // namespace tether::engine
