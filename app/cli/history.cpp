// SPDX-License-Identifier: GPL-3.0-or-later
#include "history.h"

#include "commands.h"
#include "engine/history/historyworkers.h"
#include "engine/history/importer.h"
#include "engine/journal/journal.h"
#include "output.h"

#include <QBuffer>
#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

namespace {

std::unique_ptr<Journal> openJournal(const QString& dataDir)
{
    auto journal = Journal::open(Journal::pathIn(dataDir));
    if (!journal) {
        writeErr(u"tether-cli: "_s + journal.error().message + u'\n');
        return nullptr;
    }
    return std::move(journal).value();
}

// The search markers as markdown bold: readable in a terminal and in JSON consumers.
QString markedSnippet(QString snippet)
{
    snippet.replace(HighlightStart, u"**"_s).replace(HighlightEnd, u"**"_s);
    return snippet;
}

void writeJson(const QJsonArray& array)
{
    const QByteArray out = QJsonDocument(array).toJson(QJsonDocument::Indented);
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    std::fflush(stdout);
}

} // namespace

int runList(const QString& dataDir, ListFormat format)
{
    auto journal = openJournal(dataDir);
    if (!journal)
        return ExitError;
    QJsonArray array;
    QString text;
    constexpr int Page = 1000;
    for (int offset = 0;; offset += Page) {
        auto page = journal->conversations(offset, Page, /*withCounts=*/true);
        if (!page) {
            writeErr(u"tether-cli: "_s + page.error().message + u'\n');
            return ExitError;
        }
        for (const ConversationSummary& c : page.value()) {
            if (format == ListFormat::Json) {
                array.append(QJsonObject{{"id"_L1, c.id},
                                         {"title"_L1, c.title},
                                         {"updated_at"_L1, isoTime(c.updatedAt)},
                                         {"message_count"_L1, c.messageCount}});
            } else {
                text += u"%1  %2  %3  %4\n"_s.arg(c.id, 6)
                            .arg(QDateTime::fromMSecsSinceEpoch(c.updatedAt)
                                     .toString(u"yyyy-MM-dd HH:mm"_s))
                            .arg(c.messageCount, 4)
                            .arg(c.title);
            }
        }
        if (page.value().size() < Page)
            break;
    }
    if (format == ListFormat::Json)
        writeJson(array);
    else
        writeOut(text);
    return ExitOk;
}

int runSearch(const QString& dataDir, const QString& query, int limit, ListFormat format)
{
    auto journal = openJournal(dataDir);
    if (!journal)
        return ExitError;
    auto hits = journal->search(query, limit);
    if (!hits) {
        writeErr(u"tether-cli: "_s + hits.error().message + u'\n');
        return ExitError;
    }
    if (format == ListFormat::Json) {
        QJsonArray array;
        for (const SearchHit& h : hits.value()) {
            array.append(QJsonObject{{"conversation_id"_L1, h.conversationId},
                                     {"message_id"_L1, h.messageId},
                                     {"role"_L1, h.role},
                                     {"title"_L1, h.title},
                                     {"snippet"_L1, markedSnippet(h.snippet)},
                                     {"created_at"_L1, isoTime(h.createdAt)}});
        }
        writeJson(array);
        return ExitOk;
    }
    QString text;
    for (const SearchHit& h : hits.value()) {
        text += u"%1 · message %2 · %3 · %4\n    %5\n"_s.arg(h.conversationId)
                    .arg(h.messageId)
                    .arg(h.role, h.title, markedSnippet(h.snippet));
    }
    writeOut(text);
    if (hits.value().isEmpty())
        writeErr(u"No message matches \"%1\".\n"_s.arg(query));
    return ExitOk;
}

int runImport(const QString& dataDir, const QString& path)
{
    auto journal = openJournal(dataDir);
    if (!journal)
        return ExitError;
    const bool terminal = stdoutIsTerminal();
    auto report = importFile(*journal, path, [terminal](const ImportProgress& p) {
        if (!terminal || p.bytesTotal <= 0)
            return;
        writeErrControl(
            u"\rImporting… %1 %  (%2 conversations)"_s.arg(int(p.bytesRead * 100 / p.bytesTotal))
                .arg(p.conversations));
    });
    if (terminal)
        writeErrControl(u"\n"_s);
    if (!report) {
        writeErr(u"tether-cli: "_s + report.error().message + u'\n');
        return report.error().code == ErrorCode::Usage ? ExitUsage : ExitError;
    }
    const ImportReport& r = report.value();
    const double seconds = std::max<qint64>(1, r.elapsedMs) / 1000.0;
    writeOut(u"Imported %1 new conversations, updated %2, %3 already up to date; %4 messages "
             "added; %5 skipped. %6 MB in %7 s (%8 MB/s).\n"_s.arg(r.conversationsAdded)
                 .arg(r.conversationsUpdated)
                 .arg(r.conversationsUnchanged)
                 .arg(r.messagesAdded)
                 .arg(r.skipped)
                 .arg(double(r.bytes) / 1e6, 0, 'f', 1)
                 .arg(seconds, 0, 'f', 2)
                 .arg(double(r.bytes) / 1e6 / seconds, 0, 'f', 1));
    for (const QString& reason : r.reasons)
        writeErr(u"skipped: "_s + reason + u'\n');
    return ExitOk;
}

int runExport(const QString& dataDir, const QList<qint64>& ids, ExportFormat format,
              const QString& output)
{
    auto journal = openJournal(dataDir);
    if (!journal)
        return ExitError;
    QSaveFile file(output);
    QFile out;
    QBuffer screen; // a terminal gets the text through writeOut, escaped
    QIODevice* device = &out;
    if (output.isEmpty() && stdoutIsTerminal()) {
        screen.open(QIODevice::WriteOnly);
        device = &screen;
    } else if (output.isEmpty()) {
        if (!out.open(stdout, QIODevice::WriteOnly))
            return ExitError;
    } else {
        if (!file.open(QIODevice::WriteOnly)) {
            writeErr(u"tether-cli: cannot write %1: %2\n"_s.arg(output, file.errorString()));
            return ExitError;
        }
        device = &file;
    }
    auto written = exportConversations(*journal, ids, format, *device);
    if (!written) {
        if (!output.isEmpty())
            file.cancelWriting();
        writeErr(u"tether-cli: "_s + written.error().message + u'\n');
        return written.error().code == ErrorCode::NotFound ? ExitUsage : ExitError;
    }
    if (device == &screen)
        writeOut(QString::fromUtf8(screen.data()));
    if (!output.isEmpty() && !file.commit()) {
        writeErr(u"tether-cli: cannot write %1: %2\n"_s.arg(output, file.errorString()));
        return ExitError;
    }
    if (!output.isEmpty())
        writeErr(u"Exported %1 conversations to %2.\n"_s.arg(written.value()).arg(output));
    return ExitOk;
}

} // namespace tether::cli
