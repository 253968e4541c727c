// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/journal/journal.h"

#include <QJsonObject>

namespace tether::engine {

// How a conversation is written out: `tether-cli show` and `export`, and the window's Export.
// Markdown reads on its own; JSON is what Tether's import reads back (one object per
// conversation; an export of several is a JSON array of them).
enum class ExportFormat { Text, Markdown, Json };
bool exportFormatFromName(const QString& name, ExportFormat* format);
QByteArray formatConversation(const ConversationRecord& c, ExportFormat format);
QJsonObject conversationJson(const ConversationRecord& c);

} // namespace tether::engine
