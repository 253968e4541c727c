#pragma once

#include "journal.h"

#include <QString>

namespace tether::cli {

// stdout carries only the model's text; everything else goes to stderr.
void writeOut(const QString& text);
void writeErr(const QString& text);
bool stdoutIsTerminal();

enum class ShowFormat { Text, Markdown, Json };
bool showFormatFromName(const QString& name, ShowFormat* format);
QByteArray formatConversation(const engine::ConversationRecord& c, ShowFormat format);

} // namespace tether::cli
