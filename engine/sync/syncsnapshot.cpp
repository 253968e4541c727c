// SPDX-License-Identifier: GPL-3.0-or-later
// SyncJob's compaction: snapshots, so that a new device's first sync reads the merged state
// instead of every segment every device ever wrote.
//
//   snapshots/<D>/<name of "snapshot/<D>">         the manifest: {n, parts, vector}, replaced
//   snapshots/<D>/<name of "snapshot/<D>/<n>/<i>">  part i of snapshot n, records with stamps
//
// The vector says, for every log, the first segment the snapshot does not include. A new device
// applies the parts (the same merge as segments: records carry their own stamps, deleted ids
// stay deleted), notes the vector as how far it has read, and goes on from there.
#include "engine/core/logging.h"
#include "engine/journal/journal.h"
#include "engine/net/limits.h"
#include "engine/sync/syncjob.h"
#include "engine/sync/webdav.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

void SyncJob::readSnapshot()
{
    request([this] { return m_dav->list(u"snapshots"_s); },
            [this](DavJob* job) {
                if (job->error().code == ErrorCode::NotFound) {
                    readNext(); // nobody wrote one yet
                    return;
                }
                if (!job->ok()) {
                    fail(job->error());
                    return;
                }
                QStringList folders;
                for (const DavEntry& e : job->entries()) {
                    if (e.folder && e.name != m_folder)
                        folders.append(e.name);
                }
                readManifests(folders, {});
            });
}

void SyncJob::readManifests(QStringList folders, const QJsonObject& best)
{
    if (folders.isEmpty()) {
        if (best.isEmpty())
            readNext();
        else
            readSnapshotPart(best, 1);
        return;
    }
    const QString folder = folders.takeFirst();
    const QString name = u"snapshot/"_s + folder;
    request([this, folder,
             name] { return m_dav->get(snapshotPath(folder, name), limits::MaxSyncFileBytes); },
            [this, folders, best, folder, name](DavJob* job) {
                QJsonObject chosen = best;
                if (job->ok()) {
                    auto opened = unseal(job->data(), name);
                    if (!opened) {
                        fail(opened.error());
                        return;
                    }
                    QJsonObject manifest = QJsonDocument::fromJson(opened.value()).object();
                    manifest.insert("folder"_L1, folder);
                    // The one that includes the most.
                    const auto total = [](const QJsonObject& m) {
                        qint64 sum = 0;
                        const QJsonObject v = m.value("vector"_L1).toObject();
                        for (auto it = v.begin(); it != v.end(); ++it)
                            sum += it.value().toInteger();
                        return sum;
                    };
                    if (chosen.isEmpty() || total(manifest) > total(chosen))
                        chosen = manifest;
                } else if (job->error().code != ErrorCode::NotFound) {
                    fail(job->error());
                    return;
                }
                readManifests(folders, chosen);
            });
}

void SyncJob::readSnapshotPart(const QJsonObject& manifest, int part)
{
    const QString folder = manifest.value("folder"_L1).toString();
    const qint64 number = manifest.value("n"_L1).toInteger();
    const int parts = manifest.value("parts"_L1).toInt();
    const QString name = snapshotPartName(folder, number, part);
    request([this, folder,
             name] { return m_dav->get(snapshotPath(folder, name), limits::MaxSyncFileBytes); },
            [this, manifest, part, parts, name](DavJob* job) {
                if (!job->ok()) {
                    fail(job->error());
                    return;
                }
                m_summary.bytesDown += job->data().size();
                auto records = openRecords(job->data(), name);
                if (!records) {
                    fail(records.error());
                    return;
                }
                for (const QJsonObject& o : records.value()) {
                    if (auto hlc = clockOf(o.value("s"_L1).toString()))
                        m_clock.observe(*hlc);
                }
                withBlobsOf(
                    records.value(), [this, manifest, part, parts, records = records.value()] {
                        // The last part notes how far the snapshot read each log; a sync cut before
                        // it applies the parts again, which changes nothing.
                        QHash<QString, QString> values{{u"hlc"_s, m_clock.last().toString()}};
                        if (part == parts) {
                            const QJsonObject vector = manifest.value("vector"_L1).toObject();
                            for (auto it = vector.begin(); it != vector.end(); ++it) {
                                if (it.key() != m_folder)
                                    values.insert(u"seen/"_s + it.key(),
                                                  QString::number(it.value().toInteger()));
                            }
                        }
                        auto applied = m_journal->syncApply(records, {}, values);
                        if (!applied) {
                            fail(applied.error());
                            return;
                        }
                        m_summary.snapshotRecords += applied.value().records;
                        if (!applied.value().conversations.isEmpty())
                            Q_EMIT conversationsChanged(applied.value().conversations);
                        Q_EMIT progress(SyncPhase::Downloading, part, parts);
                        if (part < parts)
                            readSnapshotPart(manifest, part + 1);
                        else
                            readNext();
                    });
            });
}

void SyncJob::writeSnapshot()
{
    // How far every log is read (this device's own: how far it is written).
    QJsonObject vector;
    qint64 total = 0;
    for (const QString& folder : std::as_const(m_allOthers)) {
        auto seen = m_journal->syncValue(u"seen/"_s + folder);
        if (!seen) {
            fail(seen.error());
            return;
        }
        const qint64 next = qMax<qint64>(1, seen.value().toLongLong());
        vector.insert(folder, next);
        total += next;
    }
    auto next = m_journal->syncValue(u"next"_s);
    auto last = m_journal->syncValue(u"snapshot/total"_s);
    auto number = m_journal->syncValue(u"snapshot/n"_s);
    if (!next || !last || !number) {
        fail(!next ? next.error() : !last ? last.error() : number.error());
        return;
    }
    vector.insert(m_folder, qMax<qint64>(1, next.value().toLongLong()));
    total += qMax<qint64>(1, next.value().toLongLong());
    if (total - last.value().toLongLong() < m_snapshotEvery) {
        done();
        return;
    }
    writeSnapshotPart(number.value().toLongLong() + 1, 1, std::make_shared<SyncSnapshotCursor>(),
                      vector, total);
}

void SyncJob::writeSnapshotPart(qint64 number, int part,
                                const std::shared_ptr<SyncSnapshotCursor>& cursor,
                                QJsonObject vector, qint64 total)
{
    auto page = m_journal->syncSnapshotPage(*cursor, m_segmentBytes);
    if (!page) {
        fail(page.error());
        return;
    }
    putSealed(
        snapshotPartName(m_folder, number, part), page.value().lines,
        [this, number, part, cursor, vector, total] {
            if (cursor->phase < 3) {
                writeSnapshotPart(number, part + 1, cursor, vector, total);
                return;
            }
            const QJsonObject manifest{{"n"_L1, number}, {"parts"_L1, part}, {"vector"_L1, vector}};
            putSealed(u"snapshot/"_s + m_folder,
                      QJsonDocument(manifest).toJson(QJsonDocument::Compact),
                      [this, number, part, total] {
                          auto old = m_journal->syncValue(u"snapshot/parts"_s);
                          const QHash<QString, QString> values{
                              {u"snapshot/n"_s, QString::number(number)},
                              {u"snapshot/parts"_s, QString::number(part)},
                              {u"snapshot/total"_s, QString::number(total)}};
                          if (auto r = m_journal->setSyncValues(values); !r) {
                              fail(r.error());
                              return;
                          }
                          // The previous snapshot's parts are no one's any more.
                          QStringList stale;
                          for (int i = 1; old && i <= old.value().toInt(); ++i)
                              stale.append(snapshotPath(m_folder,
                                                        snapshotPartName(m_folder, number - 1, i)));
                          removeAll(stale, [this] {
                              m_summary.snapshotWritten = true;
                              done();
                          });
                      });
        });
}

void SyncJob::removeAll(QStringList paths, const std::function<void()>& then)
{
    if (paths.isEmpty()) {
        then();
        return;
    }
    const QString path = paths.takeFirst();
    // Whatever the answer: a stale part left behind costs space, never correctness.
    request([this, path] { return m_dav->remove(path); },
            [this, paths, then](DavJob*) { removeAll(paths, then); });
}

QString SyncJob::snapshotPartName(const QString& folder, qint64 number, int part)
{
    return u"snapshot/%1/%2/%3"_s.arg(folder).arg(number).arg(part);
}

QString SyncJob::snapshotPath(const QString& folder, const QString& name) const
{
    return u"snapshots/%1/%2"_s.arg(folder, m_key->opaqueName(name));
}

void SyncJob::putSealed(const QString& name, const QByteArray& plain,
                        const std::function<void()>& then)
{
    const QByteArray sealed = m_key->seal(qCompress(plain), name.toUtf8());
    const QString path = snapshotPath(m_folder, name);
    request([this] { return m_dav->makeFolders(u"snapshots/"_s + m_folder); },
            [this, path, sealed, then](DavJob* made) {
                if (!made->ok()) {
                    fail(made->error());
                    return;
                }
                upload(path, sealed, true, [this, then, size = sealed.size()](const Error& moved) {
                    if (moved.code != ErrorCode::None) {
                        fail(moved);
                        return;
                    }
                    m_summary.bytesUp += size;
                    then();
                });
            });
}

} // namespace tether::engine
