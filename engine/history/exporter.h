// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/records.h"

#include <QJsonObject>

namespace tether::engine {

// How a conversation is written out: `tether-cli show` and `export`, and the window's Export.
// Markdown reads on its own; JSON is what Tether's import reads back (one object per
// conversation; an export of several is a JSON array of them).
enum class ExportFormat { Text, Markdown, Json };
bool exportFormatFromName(const QString& name, ExportFormat* format);
// Attachments are named in every format. JSON carries their bytes (base64, with a PDF's text)
// only when asked to: an export, which import reads back; `show` lists them.
enum class AttachmentBytes { Omit, Include };
QByteArray formatConversation(const ConversationRecord& c, ExportFormat format,
                              AttachmentBytes bytes = AttachmentBytes::Omit);
QJsonObject conversationJson(const ConversationRecord& c,
                             AttachmentBytes bytes = AttachmentBytes::Omit);

} // namespace tether::engine
