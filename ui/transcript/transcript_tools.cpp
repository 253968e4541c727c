// SPDX-License-Identifier: GPL-3.0-or-later
// The transcript's tool calls: a line each, folded; opened, the arguments, the result and the
// pictures the tool returned.
#include "ui/transcript/contentsafety.h"
#include "ui/transcript/thumbnails.h"
#include "ui/transcript/transcript.h"
#include "ui/transcript/transcriptformats.h"

#include <QCryptographicHash>
#include <QFontDatabase>
#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

using transcriptformats::grey;
using transcriptformats::oneBlock;

QString Transcript::toolStatusText(const ToolCallRecord& call)
{
    switch (call.status) {
    case ToolCallStatus::Waiting:
        return tr("waiting for approval");
    case ToolCallStatus::Running:
        return tr("running…");
    case ToolCallStatus::Done:
        if (call.result.value("isError"_L1).toBool())
            return tr("the tool reported an error");
        if (call.endedAt >= call.startedAt && call.startedAt > 0) {
            const qint64 ms = call.endedAt - call.startedAt;
            return ms < 1000 ? tr("done in %1 ms").arg(ms)
                             : tr("done in %1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
        }
        return tr("done");
    case ToolCallStatus::Failed:
        return call.error.isEmpty() ? tr("failed") : tr("failed: %1").arg(call.error);
    case ToolCallStatus::Declined:
        return tr("declined");
    case ToolCallStatus::Interrupted:
        return tr("interrupted: it was running when Tether stopped");
    }
    return {};
}

void Transcript::writeToolLine(const QTextBlock& line, const ToolCallRecord& call)
{
    QTextCursor cursor(line);
    cursor.movePosition(QTextCursor::EndOfBlock, QTextCursor::KeepAnchor);
    QTextCharFormat link = grey();
    link.setAnchor(true);
    link.setAnchorHref(contentsafety::internalLink(u"tool"_s, {{u"id"_s, QString::number(call.id)}})
                           .toString(QUrl::FullyEncoded));
    const QString label = call.server.isEmpty() ? call.name : call.server + u'.' + call.tool;
    cursor.insertText((m_openCalls.contains(call.id) ? u"▾ "_s : u"▸ "_s) +
                          tr("Tool %1").arg(label) + u" · "_s + toolStatusText(call),
                      link);
}

void Transcript::insertToolDetails(QTextCursor& cursor, const ToolCallRecord& call)
{
    // One block, as the Thinking section: opening and closing is one block to add or remove.
    QTextBlockFormat indented;
    indented.setLeftMargin(16);
    cursor.insertBlock(indented, QTextCharFormat());
    QTextCharFormat mono = grey();
    mono.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    QTextCharFormat heading = grey();
    heading.setFontWeight(QFont::Bold);
    cursor.insertText(tr("Arguments"), heading);
    cursor.insertText(QChar(QChar::LineSeparator) + oneBlock(prettyArguments(call.arguments)),
                      mono);
    if (call.status == ToolCallStatus::Done || call.status == ToolCallStatus::Failed ||
        call.status == ToolCallStatus::Declined) {
        cursor.insertText(QString(QChar::LineSeparator) + QChar(QChar::LineSeparator), mono);
        cursor.insertText(tr("Result"), heading);
        cursor.insertText(QChar(QChar::LineSeparator) + oneBlock(toolResultText(call)), mono);
    }
    // Pictures only from the bytes the tool returned: nothing is fetched.
    for (const QJsonValue v : call.result.value("content"_L1).toArray()) {
        const QJsonObject c = v.toObject();
        if (c.value("type"_L1) != "image"_L1)
            continue;
        Attachment image;
        image.mime = c.value("mimeType"_L1).toString();
        image.data = QByteArray::fromBase64(c.value("data"_L1).toString().toLatin1());
        image.size = image.data.size();
        if (!image.isImage() || image.data.isEmpty() || image.size > MaxImageBytes)
            continue;
        image.name = tr("Picture from %1").arg(call.tool);
        image.sha256 = QString::fromLatin1(
            QCryptographicHash::hash(image.data, QCryptographicHash::Sha256).toHex());
        cursor.insertText(QString(QChar::LineSeparator), mono);
        m_thumbnails->insert(cursor, image);
    }
}

void Transcript::showToolDetails(ShownCall& shown, bool open)
{
    QTextCursor cursor(shown.line);
    cursor.movePosition(QTextCursor::EndOfBlock);
    if (shown.detailsShown) {
        const QTextBlock details = shown.line.next();
        cursor.setPosition(details.position() + details.length() - 1, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
        shown.detailsShown = false;
    }
    if (open) {
        insertToolDetails(cursor, shown.record);
        shown.detailsShown = true;
    }
    writeToolLine(shown.line, shown.record);
}

void Transcript::addToolCall(const ToolCallRecord& call)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    ShownCall& shown = m_calls[call.id];
    shown = {cursor.block(), call, false};
    showToolDetails(shown, m_openCalls.contains(call.id));
}

bool Transcript::updateToolCall(const ToolCallRecord& call)
{
    const auto it = m_calls.find(call.id);
    if (it == m_calls.end() || !it->line.isValid())
        return false;
    it->record = call;
    showToolDetails(*it, m_openCalls.contains(call.id));
    return true;
}

void Transcript::toggleToolCall(qint64 callId)
{
    const auto it = m_calls.find(callId);
    if (it == m_calls.end() || !it->line.isValid())
        return;
    const bool open = !m_openCalls.contains(callId);
    if (open)
        m_openCalls.insert(callId);
    else
        m_openCalls.remove(callId);
    showToolDetails(*it, open);
    // The clicked link's selection would stretch over the details just drawn.
    setTextCursor(QTextCursor(it->line));
}

} // namespace tether::ui
