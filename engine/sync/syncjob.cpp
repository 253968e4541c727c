// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sync/syncjob.h"

#include "engine/core/attachment.h"
#include "engine/core/logging.h"
#include "engine/journal/journal.h"
#include "engine/net/limits.h"
#include "engine/sync/webdav.h"

#include <QCryptographicHash>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QRandomGenerator>
#include <QTimer>
#include <QUuid>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

const QString HeaderName = u"tether-sync.json"_s;

// Argon2id costs most of a second: a key is made once per folder header and passphrase in a
// process, not on every sync.
class KeyCache {
public:
    std::optional<SyncKey> find(const QByteArray& id)
    {
        const QMutexLocker lock(&m_mutex);
        auto it = m_keys.find(id);
        if (it == m_keys.end())
            return std::nullopt;
        return it.value();
    }
    void insert(const QByteArray& id, const SyncKey& key)
    {
        const QMutexLocker lock(&m_mutex);
        m_keys.insert(id, key);
    }

private:
    QMutex m_mutex;
    QHash<QByteArray, SyncKey> m_keys;
};

KeyCache& keyCache()
{
    static KeyCache cache;
    return cache;
}

QByteArray cacheId(const QByteArray& header, const QByteArray& passphrase)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(header);
    h.addData(QByteArrayView("\0", 1));
    h.addData(passphrase);
    return h.result();
}

// A blob as stored: one JSON line (type, extracted text), then the bytes.
QByteArray blobPlain(const Attachment& a)
{
    QJsonObject meta{{"mime"_L1, a.mime}};
    if (!a.text.isEmpty())
        meta.insert("text"_L1, a.text);
    return QJsonDocument(meta).toJson(QJsonDocument::Compact) + '\n' + a.data;
}

} // namespace

QString SyncSummary::text() const
{
    QString out = u"Sent %1 change(s) in %2 segment(s) and %3 attachment(s) (%4 bytes); applied "
                  "%5 change(s) from %6 segment(s) of %7 other device(s) (%8 bytes), %9 already "
                  "known, and %10 attachment(s)."_s.arg(recordsUp)
                      .arg(segmentsUp)
                      .arg(blobsUp)
                      .arg(bytesUp)
                      .arg(recordsApplied)
                      .arg(segmentsDown)
                      .arg(devices)
                      .arg(bytesDown)
                      .arg(recordsIgnored)
                      .arg(blobsDown);
    if (createdFolder)
        out.prepend(u"Set up the sync folder. "_s);
    return out;
}

struct SyncJob::Outgoing {
    SyncOutgoing batch;
    QByteArray plain; // the segment before sealing: header line, records
    QString stamp;
};

SyncJob::SyncJob(SyncSettings settings, QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_nam(nam)
{
    // A sync gives up sooner than a reply: the next one (after a reply, or in a few minutes)
    // takes over where this one stopped.
    m_policy.maxAttempts = 5;
    m_policy.maxDelayMs = 8'000;
}

SyncJob::~SyncJob() = default;

void SyncJob::start()
{
    m_timer.start();
    // One sync at a time per journal (the window and tether-cli may both try): a device's log
    // has one writer.
    // The journal first: it makes the data folder, which a new device does not have yet and
    // the lock file lives in.
    auto journal = Journal::open(m_settings.journalPath);
    if (!journal) {
        const Error& e = journal.error();
        QTimer::singleShot(0, this, [this, e] { fail(e); });
        return;
    }
    m_journal = std::move(journal.value());
    m_lock = std::make_unique<QLockFile>(m_settings.journalPath + u".sync-lock"_s);
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        const Error e = m_lock->error() == QLockFile::LockFailedError
                            ? Error{ErrorCode::Usage, u"Another sync of this history is running."_s}
                            : Error{ErrorCode::Storage,
                                    u"Cannot create the sync's lock file next to the journal."_s};
        m_journal.reset();
        QTimer::singleShot(0, this, [this, e] { fail(e); });
        return;
    }
    if (!m_settings.url.isValid() ||
        (m_settings.url.scheme() != "https"_L1 && m_settings.url.scheme() != "http"_L1)) {
        QTimer::singleShot(0, this, [this] {
            fail({ErrorCode::Usage, u"The sync folder must be an http:// or https:// address."_s});
        });
        return;
    }
    if (m_settings.passphrase.isEmpty()) {
        QTimer::singleShot(0, this, [this] {
            fail({ErrorCode::Usage, u"Sync needs a passphrase: it encrypts everything."_s});
        });
        return;
    }
    m_dav = std::make_unique<WebDav>(m_settings.url, m_settings.user, m_settings.password, m_nam);
    if (auto last = m_journal->syncValue(u"hlc"_s); last) {
        if (auto hlc = Hlc::fromString(last.value()))
            m_clock.observe(*hlc);
    }
    QTimer::singleShot(0, this, &SyncJob::readHeader);
}

void SyncJob::request(const std::function<DavJob*()>& make, const Then& then, int failures)
{
    DavJob* job = make();
    connect(job, &DavJob::finished, this, [this, job, make, then, failures] {
        if (m_finished)
            return;
        const int failed = failures + 1;
        if (!job->ok() && isRetryable(job->error().code) && failed < m_policy.maxAttempts) {
            const qint64 delay = backoffDelayMs(m_policy, failed, *QRandomGenerator::global());
            qCInfo(lcNet) << "sync:" << job->error().message << "- trying again in" << delay
                          << "ms";
            Q_EMIT retrying(job->error(), delay, failed, m_policy.maxAttempts);
            QTimer::singleShot(delay, this,
                               [this, make, then, failed] { request(make, then, failed); });
            return;
        }
        then(job);
    });
}

void SyncJob::fail(const Error& error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_summary.elapsedMs = m_timer.elapsed();
    qCWarning(lcNet) << "sync failed:" << error.message;
    m_lock.reset();
    Q_EMIT finished(m_summary, error);
}

void SyncJob::done()
{
    if (m_finished)
        return;
    m_finished = true;
    m_summary.elapsedMs = m_timer.elapsed();
    m_lock.reset();
    Q_EMIT finished(m_summary, Error{});
}

void SyncJob::readHeader()
{
    request([this] { return m_dav->get(HeaderName, limits::MaxSyncFileBytes); },
            [this](DavJob* job) {
                if (job->error().code == ErrorCode::NotFound) {
                    createHeader();
                    return;
                }
                if (!job->ok()) {
                    fail(job->error());
                    return;
                }
                const QByteArray id = cacheId(job->data(), m_settings.passphrase);
                if (auto cached = keyCache().find(id)) {
                    unlocked(*cached);
                    return;
                }
                auto key = unlockSync(job->data(), m_settings.passphrase);
                if (!key) {
                    fail(key.error());
                    return;
                }
                keyCache().insert(id, key.value());
                unlocked(key.value());
            });
}

void SyncJob::createHeader()
{
    const SyncKeyParams params = SyncKeyParams::fresh();
    auto key = SyncKey::derive(m_settings.passphrase, params);
    if (!key) {
        fail(key.error());
        return;
    }
    const QByteArray header = syncHeader(params, key.value());
    keyCache().insert(cacheId(header, m_settings.passphrase), key.value());
    request([this] { return m_dav->makeFolders(u"tmp"_s); },
            [this, header](DavJob* made) {
                if (made->error().httpStatus == 409) {
                    // WebDAV's answer to a folder made inside one that does not exist.
                    fail({ErrorCode::HttpRefused,
                          u"The sync folder %1 does not exist on the server: create it there "
                          "(in the server's web page or file manager) or check the address."_s.arg(
                              m_settings.url.toDisplayString()),
                          409});
                    return;
                }
                if (!made->ok()) {
                    fail(made->error());
                    return;
                }
                upload(HeaderName, header, false, [this](const Error& moved) {
                    // 412: another device set the folder up at the same moment; its header it is.
                    if (moved.code != ErrorCode::None && moved.httpStatus != 412) {
                        fail(moved);
                        return;
                    }
                    m_summary.createdFolder = moved.code == ErrorCode::None;
                    readHeader();
                });
            });
}

void SyncJob::unlocked(const SyncKey& key)
{
    m_key = key;
    auto device = m_journal->syncDevice(true);
    if (!device) {
        fail(device.error());
        return;
    }
    m_device = device.value();
    m_folder = m_key->opaqueName(u"device/"_s + m_device);
    request([this] { return m_dav->makeFolders(u"devices/"_s + m_folder); },
            [this](DavJob* job) {
                if (!job->ok()) {
                    fail(job->error());
                    return;
                }
                request([this] { return m_dav->makeFolders(u"blobs"_s); },
                        [this](DavJob* blobs) {
                            if (!blobs->ok()) {
                                fail(blobs->error());
                                return;
                            }
                            cleanTmp();
                        });
            });
}

void SyncJob::cleanTmp()
{
    // Uploads a killed sync of this device left half done; another device's may be in flight.
    request([this] { return m_dav->list(u"tmp"_s); },
            [this](DavJob* job) {
                if (job->ok()) {
                    for (const DavEntry& e : job->entries()) {
                        if (e.name.startsWith(m_folder + u'-'))
                            m_dav->remove(u"tmp/"_s + e.name);
                    }
                }
                auto pending = m_journal->syncPendingCount();
                if (!pending) {
                    fail(pending.error());
                    return;
                }
                m_pending = pending.value();
                sendNext();
            });
}

QString SyncJob::tmpPath() const
{
    const QString prefix = m_folder.isEmpty() ? u"new"_s : m_folder;
    return u"tmp/%1-%2"_s.arg(prefix, QUuid::createUuid().toString(QUuid::Id128));
}

QString SyncJob::segmentName(const QString& folder, qint64 segment) const
{
    return u"segment/%1/%2"_s.arg(folder).arg(segment);
}

QString SyncJob::segmentPath(const QString& folder, qint64 segment) const
{
    return u"devices/%1/%2"_s.arg(folder, m_key->opaqueName(segmentName(folder, segment)));
}

void SyncJob::sendNext()
{
    auto batch = m_journal->syncOutgoing(m_segmentBytes, 100'000);
    if (!batch) {
        fail(batch.error());
        return;
    }
    if (batch.value().lastPending == 0) {
        listDevices();
        return;
    }
    m_out = std::make_unique<Outgoing>();
    m_out->batch = batch.value();
    m_out->stamp = m_clock.now().toString() + u'/' + m_device;
    if (m_out->batch.records == 0) {
        // Everything it held was deleted since; the tombstones come next.
        if (auto r = m_journal->syncSent(m_out->batch, m_out->stamp, {}); !r) {
            fail(r.error());
            return;
        }
        sendNext();
        return;
    }
    const QJsonObject head{{"v"_L1, FormatVersion}, {"stamp"_L1, m_out->stamp}};
    m_out->plain = QJsonDocument(head).toJson(QJsonDocument::Compact) + '\n' + m_out->batch.lines;
    auto unsent = m_journal->syncUnsentBlobs(m_out->batch.blobs);
    if (!unsent) {
        fail(unsent.error());
        return;
    }
    sendBlobs(unsent.value(), [this] {
        auto next = m_journal->syncValue(u"next"_s);
        if (!next) {
            fail(next.error());
            return;
        }
        sendSegment(qMax<qint64>(1, next.value().toLongLong()), 0);
    });
}

QByteArray SyncJob::sealedBlob(const QString& sha, bool* ok)
{
    auto a = m_journal->attachment(sha);
    *ok = bool(a);
    if (!a)
        return {};
    return m_key->seal(qCompress(blobPlain(a.value())), (u"blob/"_s + sha).toUtf8());
}

void SyncJob::sendBlobs(QStringList shas, const std::function<void()>& then)
{
    if (shas.isEmpty()) {
        then();
        return;
    }
    const QString sha = shas.takeFirst();
    bool ok = false;
    const QByteArray sealed = sealedBlob(sha, &ok);
    if (!ok) {
        sendBlobs(shas, then); // gone with its conversation meanwhile
        return;
    }
    const QString path = u"blobs/"_s + m_key->opaqueName(u"blob/"_s + sha);
    upload(path, sealed, false, [this, sha, shas, then, size = sealed.size()](const Error& moved) {
        // 412: the same bytes are there already, from this or another device.
        if (moved.code != ErrorCode::None && moved.httpStatus != 412) {
            fail(moved);
            return;
        }
        if (moved.code == ErrorCode::None) {
            ++m_summary.blobsUp;
            m_summary.bytesUp += size;
        }
        if (auto r = m_journal->syncBlobSent(sha); !r) {
            fail(r.error());
            return;
        }
        sendBlobs(shas, then);
    });
}

void SyncJob::sendSegment(qint64 segment, int attempt)
{
    const QByteArray sealed =
        m_key->seal(qCompress(m_out->plain), segmentName(m_folder, segment).toUtf8());
    upload(segmentPath(m_folder, segment), sealed, false,
           [this, segment, attempt, size = sealed.size()](const Error& moved) {
               if (moved.httpStatus == 412 && attempt < 1000) {
                   // A sync killed after its upload and before it noted it: that segment stays
                   // (others may have read it), and these changes, sent again, change nothing
                   // where they arrive twice.
                   sendSegment(segment + 1, attempt + 1);
                   return;
               }
               if (moved.code != ErrorCode::None) {
                   fail(moved);
                   return;
               }
               const QHash<QString, QString> values{{u"next"_s, QString::number(segment + 1)},
                                                    {u"hlc"_s, m_clock.last().toString()}};
               if (auto r = m_journal->syncSent(m_out->batch, m_out->stamp, values); !r) {
                   fail(r.error());
                   return;
               }
               ++m_summary.segmentsUp;
               m_summary.recordsUp += m_out->batch.records;
               m_summary.bytesUp += size;
               m_sent += m_out->batch.records;
               Q_EMIT progress(SyncPhase::Uploading, m_sent, qMax(m_pending, m_sent));
               sendNext();
           });
}

void SyncJob::upload(const QString& path, const QByteArray& bytes, bool overwrite,
                     const std::function<void(const Error&)>& then)
{
    // Under a temporary name first: the file appears whole under its own, or not at all.
    const QString tmp = tmpPath();
    request([this, tmp, bytes] { return m_dav->put(tmp, bytes); },
            [this, tmp, path, overwrite, then](DavJob* put) {
                if (!put->ok()) {
                    fail(put->error());
                    return;
                }
                request([this, tmp, path, overwrite] { return m_dav->move(tmp, path, overwrite); },
                        [this, tmp, then](DavJob* moved) {
                            if (!moved->ok())
                                m_dav->remove(tmp);
                            then(moved->error());
                        });
            });
}

} // namespace tether::engine
