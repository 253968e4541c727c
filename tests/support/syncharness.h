// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the sync suites share: Debian's rclone serving WebDAV, a fresh folder per test, a sync
// run to its end, and what a device holds, to compare devices by.
#include "davserver.h"
#include "devicefixture.h"
#include "engine/sync/syncjob.h"

#include <QDirIterator>
#include <QNetworkAccessManager>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QSqlQuery>

namespace tether::test {

const QByteArray Passphrase = "correct horse battery staple";

struct Synced {
    SyncSummary summary;
    Error error;
    QList<int> retried; // the attempts that failed and were tried again
    bool ok() const { return error.code == ErrorCode::None; }
};

// Everything a device holds that sync carries, in an order of its own: two devices that hold
// the same history give the same list.
inline QStringList contents(const Device& d)
{
    auto j = d.open();
    QSqlQuery q(j->database());
    QStringList out;
    q.exec(u"SELECT c.gid, c.title, c.system_prompt FROM conversations c"_s);
    while (q.next())
        out.append(u"C %1 %2 %3"_s.arg(q.value(0).toString(), q.value(1).toString(),
                                       q.value(2).toString()));
    q.exec(u"SELECT c.gid, m.gid, coalesce(p.gid, '-'), m.role, m.content, m.status, "
           "(SELECT group_concat(ma.name || ':' || ma.sha256) FROM message_attachments ma "
           "WHERE ma.message_id = m.id) FROM messages m "
           "JOIN conversations c ON c.id = m.conversation_id "
           "LEFT JOIN messages p ON p.id = m.parent_id"_s);
    while (q.next()) {
        QStringList fields;
        for (int i = 0; i < 7; ++i)
            fields.append(q.value(i).toString());
        out.append(u"M "_s + fields.join(u' '));
    }
    out.sort();
    return out;
}

inline int count(const Device& d, const QString& sql)
{
    auto j = d.open();
    QSqlQuery q(j->database());
    if (!q.exec(sql) || !q.next())
        qFatal("bad query");
    return q.value(0).toInt();
}

// `tether-cli sync` for device `d` and the folder `url`, as a user sets it up.
inline QProcessEnvironment cliEnvironment(const Device& d, const QUrl& url)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"TETHER_DATA_DIR"_s, d.dir.path());
    env.insert(u"TETHER_SYNC_URL"_s, url.toString());
    env.insert(u"TETHER_SYNC_USER"_s, u"tether"_s);
    env.insert(u"TETHER_SYNC_PASSWORD"_s, u"secret"_s);
    env.insert(u"TETHER_SYNC_PASSPHRASE"_s, QString::fromUtf8(Passphrase));
    return env;
}

class SyncHarness {
protected:
    DavServer m_server;
    QNetworkAccessManager m_nam;
    int m_folders = 0;
    int m_snapshotEvery = 0; // 0: the production default

    QUrl freshFolder() { return m_server.folder(u"sync%1"_s.arg(++m_folders)); }

    SyncSettings settings(const Device& d, const QUrl& url,
                          const QByteArray& passphrase = Passphrase,
                          const QString& password = u"secret"_s)
    {
        return SyncSettings{url, u"tether"_s, password, passphrase, d.path()};
    }

    Synced sync(const Device& d, const QUrl& url, const QByteArray& passphrase = Passphrase,
                const QString& password = u"secret"_s, qint64 segmentBytes = 0)
    {
        SyncJob job(settings(d, url, passphrase, password), &m_nam);
        if (segmentBytes > 0)
            job.setSegmentBytes(segmentBytes);
        if (m_snapshotEvery > 0)
            job.setSnapshotEvery(m_snapshotEvery);
        QSignalSpy finished(&job, &SyncJob::finished);
        QSignalSpy retrying(&job, &SyncJob::retrying);
        job.start();
        if (!finished.wait(120000))
            qFatal("a sync did not finish");
        Synced out{
            finished.at(0).at(0).value<SyncSummary>(), finished.at(0).at(1).value<Error>(), {}};
        for (const QList<QVariant>& r : std::as_const(retrying)) {
            out.retried.append(r.at(2).toInt());
            if (r.at(3).toInt() != 5 || r.at(1).toLongLong() <= 0)
                qFatal("a retry without its delay or attempts");
        }
        return out;
    }

    // Every file under the folder, with its bytes.
    QHash<QString, QByteArray> serverFiles(const QUrl& url)
    {
        QHash<QString, QByteArray> files;
        const QString root = m_server.pathOf(url.path().mid(1));
        QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly))
                files.insert(QDir(root).relativeFilePath(f.fileName()), f.readAll());
        }
        return files;
    }
};

} // namespace tether::test
