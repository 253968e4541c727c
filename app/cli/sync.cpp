// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync.h"

#include "commands.h"
#include "engine/journal/journal.h"
#include "engine/stream/requestbuilder.h"
#include "engine/sync/syncjob.h"
#include "output.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

int runSync(const QString& dataDir)
{
    SyncSettings settings;
    settings.url = QUrl(qEnvironmentVariable("TETHER_SYNC_URL"), QUrl::StrictMode);
    settings.user = qEnvironmentVariable("TETHER_SYNC_USER");
    settings.password = qEnvironmentVariable("TETHER_SYNC_PASSWORD");
    settings.passphrase = qEnvironmentVariable("TETHER_SYNC_PASSPHRASE").toUtf8();
    settings.journalPath = Journal::pathIn(dataDir);
    if (qEnvironmentVariableIsEmpty("TETHER_SYNC_URL")) {
        writeErr(u"tether-cli: sync needs TETHER_SYNC_URL (a WebDAV folder), and "
                 "TETHER_SYNC_USER, TETHER_SYNC_PASSWORD and TETHER_SYNC_PASSPHRASE.\n"_s);
        return ExitUsage;
    }
    if (settings.passphrase.isEmpty()) {
        writeErr(u"tether-cli: sync needs TETHER_SYNC_PASSPHRASE: it encrypts everything on the "
                 "server.\n"_s);
        return ExitUsage;
    }
    if (sendsKeyInClearText(settings.url) && !settings.password.isEmpty()) {
        writeErr(u"tether-cli: warning: %1 is http://: the WebDAV password goes over the network "
                 "unencrypted (the history itself is encrypted with the passphrase). Use "
                 "https://.\n"_s.arg(settings.url.host()));
    }
    QNetworkAccessManager nam;
    SyncJob job(settings, &nam);
    // Smaller segments: more, shorter steps (a test kills a sync between them).
    if (const int kib = qEnvironmentVariableIntValue("TETHER_SYNC_SEGMENT_KIB"); kib > 0)
        job.setSegmentBytes(qint64(kib) * 1024);
    QEventLoop loop;
    int code = ExitOk;
    QObject::connect(
        &job, &SyncJob::progress, &job, [](SyncPhase phase, qint64 done, qint64 total) {
            if (!stderrIsTerminal())
                return;
            const QString what = phase == SyncPhase::Uploading ? u"Uploading"_s : u"Downloading"_s;
            writeErrControl(total > 0 ? u"\r%1 %2/%3"_s.arg(what).arg(done).arg(total)
                                      : u"\r%1 %2"_s.arg(what).arg(done));
        });
    // As `send` says its retries: a sync waiting on a server that does not answer is not hung.
    QObject::connect(&job, &SyncJob::retrying, &job,
                     [](const Error& error, qint64 delayMs, int attempt, int attempts) {
                         if (stderrIsTerminal())
                             writeErrControl(u"\r\x1b[K"_s);
                         writeErr(u"tether-cli: sync: %1 Retrying in %2 s (attempt %3 of %4).\n"_s
                                      .arg(error.message)
                                      .arg(double(delayMs) / 1000.0, 0, 'f', 1)
                                      .arg(attempt + 1)
                                      .arg(attempts));
                     });
    QObject::connect(&job, &SyncJob::finished, &loop,
                     [&](const SyncSummary& summary, const Error& error) {
                         if (stderrIsTerminal())
                             writeErrControl(u"\r\x1b[K"_s);
                         if (error.code == ErrorCode::None) {
                             writeErr(summary.text() + u" (%1 ms)\n"_s.arg(summary.elapsedMs));
                         } else {
                             writeErr(u"tether-cli: sync failed: %1\n"_s.arg(error.message));
                             if (summary.recordsUp + summary.recordsApplied > 0)
                                 writeErr(u"Done before that: %1\n"_s.arg(summary.text()));
                             code = error.code == ErrorCode::Usage         ? ExitUsage
                                    : error.code == ErrorCode::HttpRefused ? ExitRefused
                                                                           : ExitError;
                         }
                         loop.quit();
                     });
    job.start();
    loop.exec();
    return code;
}

} // namespace tether::cli
