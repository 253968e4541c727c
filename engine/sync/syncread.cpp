// SPDX-License-Identifier: GPL-3.0-or-later
// SyncJob's reading side: the other devices' logs, segment by segment, each applied in one
// transaction with the attachments it names, so a sync cut anywhere resumes where it stopped.
#include "engine/core/attachment.h"
#include "engine/core/logging.h"
#include "engine/journal/journal.h"
#include "engine/net/limits.h"
#include "engine/sync/syncjob.h"
#include "engine/sync/webdav.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

Result<QList<QJsonObject>> SyncJob::openRecords(const QByteArray& sealed, const QString& name)
{
    auto opened = unseal(sealed, name);
    if (!opened)
        return opened.error();
    QList<QJsonObject> records;
    for (const QByteArray& line : opened.value().split('\n')) {
        if (!line.isEmpty())
            records.append(QJsonDocument::fromJson(line).object());
    }
    return records;
}

std::optional<Hlc> SyncJob::clockOf(const QString& stamp)
{
    if (stamp.isEmpty())
        return std::nullopt;
    return Hlc::fromString(QStringView(stamp).left(stamp.indexOf(u'/')));
}

Result<QByteArray> SyncJob::unseal(const QByteArray& sealed, const QString& name) const
{
    auto opened = m_key->open(sealed, name.toUtf8());
    if (!opened)
        return opened.error();
    return qUncompress(opened.value());
}

void SyncJob::withBlobsOf(const QList<QJsonObject>& records, const std::function<void()>& then)
{
    QStringList blobs;
    for (const QJsonObject& record : records) {
        const QJsonArray files = record.value("files"_L1).toArray();
        for (const auto& f : files)
            blobs.append(f.toObject().value("sha"_L1).toString());
    }
    blobs.removeDuplicates();
    auto missing = m_journal->syncMissingBlobs(blobs);
    if (!missing) {
        fail(missing.error());
        return;
    }
    fetchBlobs(missing.value(), then);
}

void SyncJob::listDevices()
{
    request([this] { return m_dav->list(u"devices"_s); },
            [this](DavJob* job) {
                if (!job->ok()) {
                    fail(job->error());
                    return;
                }
                m_others.clear();
                for (const DavEntry& e : job->entries()) {
                    if (e.folder && e.name != m_folder)
                        m_others.append(e.name);
                }
                // Each device is a log read on every sync: a folder listing more than anyone
                // has devices is not a sync folder Tether wrote.
                if (m_others.size() > limits::MaxSyncDevices) {
                    fail({ErrorCode::Protocol,
                          u"The sync folder lists %1 devices, more than the %2 Tether reads."_s
                              .arg(m_others.size())
                              .arg(limits::MaxSyncDevices)});
                    return;
                }
                std::sort(m_others.begin(), m_others.end());
                m_summary.devices = int(m_others.size());
                m_allOthers = m_others;
                auto hasRead = m_journal->syncHasRead();
                if (!hasRead) {
                    fail(hasRead.error());
                    return;
                }
                // A device that has read nothing yet starts from the newest snapshot.
                if (!hasRead.value() && !m_others.isEmpty())
                    readSnapshot();
                else
                    readNext();
            });
}

void SyncJob::countSegments(const QString& folder, const std::function<void()>& then)
{
    // Only a device read for the first time is counted: a progress bar for a long first sync,
    // without a listing of every log on every sync.
    request([this, folder] { return m_dav->list(u"devices/"_s + folder); },
            [this, then](DavJob* job) {
                if (job->ok())
                    m_expected = qMax<qint64>(0, m_expected) + job->entries().size();
                then();
            });
}

void SyncJob::readNext()
{
    if (m_others.isEmpty()) {
        writeSnapshot();
        return;
    }
    const QString folder = m_others.first();
    auto seen = m_journal->syncValue(u"seen/"_s + folder);
    if (!seen) {
        fail(seen.error());
        return;
    }
    const qint64 segment = qMax<qint64>(1, seen.value().toLongLong());
    if (seen.value().isEmpty()) {
        // The first time: count its segments for the progress bar, then read.
        if (auto r = m_journal->setSyncValues({{u"seen/"_s + folder, u"1"_s}}); !r) {
            fail(r.error());
            return;
        }
        countSegments(folder, [this] { readNext(); });
        return;
    }
    request(
        [this, folder, segment] {
            return m_dav->get(segmentPath(folder, segment), limits::MaxSyncFileBytes);
        },
        [this, folder, segment](DavJob* job) {
            if (job->error().code == ErrorCode::NotFound) {
                m_others.removeFirst();
                readNext();
                return;
            }
            if (!job->ok()) {
                fail(job->error());
                return;
            }
            m_summary.bytesDown += job->data().size();
            auto opened = openRecords(job->data(), segmentName(folder, segment));
            if (!opened) {
                fail(opened.error());
                return;
            }
            QList<QJsonObject> records = opened.value();
            const QJsonObject head = records.isEmpty() ? QJsonObject() : records.takeFirst();
            if (head.value("v"_L1).toInt() > FormatVersion) {
                fail({ErrorCode::DatabaseTooNew,
                      u"The sync folder holds changes from a newer Tether; update Tether on "
                      "this device to read them."_s});
                return;
            }
            const QString stamp = head.value("stamp"_L1).toString();
            const auto hlc = clockOf(stamp);
            if (!hlc) {
                fail({ErrorCode::Protocol,
                      u"A segment in the sync folder is not one Tether can read."_s});
                return;
            }
            m_clock.observe(*hlc);
            withBlobsOf(records, [this, folder, segment, records, stamp] {
                const QHash<QString, QString> values{
                    {u"seen/"_s + folder, QString::number(segment + 1)},
                    {u"hlc"_s, m_clock.last().toString()}};
                auto applied = m_journal->syncApply(records, stamp, values);
                if (!applied) {
                    fail(applied.error());
                    return;
                }
                ++m_summary.segmentsDown;
                m_summary.recordsApplied += applied.value().records;
                m_summary.recordsIgnored += applied.value().ignored;
                if (!applied.value().conversations.isEmpty())
                    Q_EMIT conversationsChanged(applied.value().conversations);
                m_applied += 1;
                Q_EMIT progress(SyncPhase::Downloading, m_applied, m_expected);
                readNext();
            });
        });
}

void SyncJob::fetchBlobs(QStringList shas, const std::function<void()>& then)
{
    if (shas.isEmpty()) {
        then();
        return;
    }
    const QString sha = shas.takeFirst();
    const QString path = u"blobs/"_s + m_key->opaqueName(u"blob/"_s + sha);
    request([this, path] { return m_dav->get(path); },
            [this, sha, shas, then](DavJob* job) {
                if (job->error().code == ErrorCode::NotFound) {
                    // Its message arrives without it; nothing else is lost.
                    qCWarning(lcNet)
                        << "sync: attachment" << sha << "is missing from the sync folder";
                    fetchBlobs(shas, then);
                    return;
                }
                if (!job->ok()) {
                    fail(job->error());
                    return;
                }
                m_summary.bytesDown += job->data().size();
                auto opened = unseal(job->data(), u"blob/"_s + sha);
                if (!opened) {
                    fail(opened.error());
                    return;
                }
                const QByteArray& plain = opened.value();
                const qsizetype line = plain.indexOf('\n');
                const QJsonObject meta = QJsonDocument::fromJson(plain.left(line)).object();
                Attachment a;
                a.sha256 = sha;
                a.mime = meta.value("mime"_L1).toString();
                a.text = meta.value("text"_L1).toString();
                a.data = plain.mid(line + 1);
                a.size = a.data.size();
                if (auto r = m_journal->syncStoreBlob(a); !r) {
                    fail(r.error());
                    return;
                }
                ++m_summary.blobsDown;
                fetchBlobs(shas, then);
            });
}

} // namespace tether::engine
