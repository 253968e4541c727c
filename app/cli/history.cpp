// SPDX-License-Identifier: GPL-3.0-or-later
#include "history.h"

#include "commands.h"
#include "enginecall.h"
#include "output.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

namespace {

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
    EngineCall call(dataDir);
    QJsonArray array;
    QString text;
    constexpr int Page = 1000;
    std::function<void(int)> page = [&](int offset) {
        call.whenDone(call.engine().listConversations(offset, Page, MessageCounts::Include),
                      [&, offset](const ListConversationsJob& job) {
                          for (const ConversationSummary& c : job.conversations()) {
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
                          if (job.conversations().size() == Page)
                              page(offset + Page);
                          else
                              call.finish(ExitOk);
                      });
    };
    call.whenOpen([&] { page(0); });
    const int code = call.exec();
    if (code != ExitOk)
        return code;
    if (format == ListFormat::Json)
        writeJson(array);
    else
        writeOut(text);
    return ExitOk;
}

int runSearch(const QString& dataDir, const QString& query, int limit, ListFormat format)
{
    EngineCall call(dataDir);
    QList<SearchHit> hits;
    call.whenOpen([&] {
        call.whenDone(call.engine().search(query, limit), [&](const SearchJob& job) {
            hits = job.hits();
            call.finish(ExitOk);
        });
    });
    if (const int code = call.exec(); code != ExitOk)
        return code;
    if (format == ListFormat::Json) {
        QJsonArray array;
        for (const SearchHit& h : std::as_const(hits)) {
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
    for (const SearchHit& h : std::as_const(hits)) {
        text += u"%1 · message %2 · %3 · %4\n    %5\n"_s.arg(h.conversationId)
                    .arg(h.messageId)
                    .arg(h.role, h.title, markedSnippet(h.snippet));
    }
    writeOut(text);
    if (hits.isEmpty())
        writeErr(u"No message matches \"%1\".\n"_s.arg(query));
    return ExitOk;
}

int runImport(const QString& dataDir, const QString& path)
{
    EngineCall call(dataDir);
    const bool terminal = stdoutIsTerminal();
    ImportReport report;
    call.whenOpen([&] {
        ImportJob* job = call.engine().importFile(path);
        if (terminal) {
            QObject::connect(job, &ImportJob::progress, job, [](const ImportProgress& p) {
                if (p.bytesTotal > 0) {
                    writeErrControl(u"\rImporting… %1 %  (%2 conversations)"_s
                                        .arg(int(p.bytesRead * 100 / p.bytesTotal))
                                        .arg(p.conversations));
                }
            });
        }
        call.whenDone(job, [&](const ImportJob& done) {
            report = done.report();
            call.finish(ExitOk);
        });
    });
    const int code = call.exec();
    if (terminal)
        writeErrControl(u"\n"_s);
    if (code != ExitOk)
        return code;
    const ImportReport& r = report;
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
    // The engine writes files only, aside and renamed when complete. Standard output gets a
    // private temporary file's bytes afterwards, so that a failed export prints nothing.
    QTemporaryDir scratch;
    if (output.isEmpty() && !scratch.isValid()) {
        writeErr(
            u"tether-cli: cannot create a temporary folder: %1\n"_s.arg(scratch.errorString()));
        return ExitError;
    }
    const QString path = output.isEmpty() ? scratch.filePath(u"export"_s) : output;
    EngineCall call(dataDir);
    int written = 0;
    call.whenOpen([&] {
        call.whenDone(call.engine().exportTo(ids, path, format), [&](const ExportJob& job) {
            written = job.conversations();
            call.finish(ExitOk);
        });
    });
    if (const int code = call.exec(); code != ExitOk)
        return code;
    if (!output.isEmpty()) {
        writeErr(u"Exported %1 conversations to %2.\n"_s.arg(written).arg(output));
        return ExitOk;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        writeErr(u"tether-cli: cannot read the export back: %1\n"_s.arg(file.errorString()));
        return ExitError;
    }
    if (stdoutIsTerminal()) { // a terminal gets the text through writeOut, escaped
        writeOut(QString::fromUtf8(file.readAll()));
        return ExitOk;
    }
    QFile out;
    if (!out.open(stdout, QIODevice::WriteOnly))
        return ExitError;
    while (!file.atEnd()) {
        const QByteArray block = file.read(1 << 20);
        if (block.isEmpty() || out.write(block) != block.size()) {
            writeErr(u"tether-cli: cannot write the export: %1\n"_s.arg(out.errorString()));
            return ExitError;
        }
    }
    return ExitOk;
}

} // namespace tether::cli
