// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/resilience/retrypolicy.h"
#include "engine/sync/hlc.h"
#include "engine/sync/synccrypto.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QLockFile>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;

namespace tether::engine {

class DavJob;
class Journal;
struct SyncSnapshotCursor;
class WebDav;

struct SyncSettings {
    QUrl url; // the WebDAV folder that holds the sync
    QString user;
    QString password;
    QByteArray passphrase;
    QString journalPath;
};

enum class SyncPhase { Uploading, Downloading };

struct SyncSummary {
    bool createdFolder = false; // this sync set the folder up
    int devices = 0;            // other devices found
    int segmentsUp = 0;
    int recordsUp = 0;
    qint64 bytesUp = 0; // segments and blobs, sealed, as sent
    int blobsUp = 0;
    int segmentsDown = 0;
    int recordsApplied = 0;
    int recordsIgnored = 0;
    qint64 bytesDown = 0;
    int blobsDown = 0;
    int snapshotRecords = 0;      // a new device's start: applied from a snapshot
    bool snapshotWritten = false; // this device wrote one for the next new device
    qint64 elapsedMs = 0;
    // "Sent 3 changes, applied 5 from 2 other devices."
    QString text() const;
};

// One sync of the journal with its WebDAV folder: this device's new changes go up as one more
// segment of its own log, then every other device's new segments come down and are merged.
// Lives on the thread it is made on (the CLI's, the window's sync thread) with its own journal
// connection. `finished` comes once; then it can be deleted.
//
// The folder: tether-sync.json (the key's parameters), devices/<device>/<segment> (each
// device's log, numbered, immutable), blobs/<attachment>, tmp/ (uploads in flight). Every file
// but the header is sealed and has an opaque name.
class SyncJob : public QObject {
    Q_OBJECT
public:
    SyncJob(SyncSettings settings, QNetworkAccessManager* nam, QObject* parent = nullptr);
    ~SyncJob() override;

    void start();
    // Segments (and so transactions) are at most about this big; tests make them small.
    void setSegmentBytes(qint64 bytes) { m_segmentBytes = bytes; }
    void setRetryPolicy(const RetryPolicy& policy) { m_policy = policy; }
    // A snapshot is written once the logs have grown by this many segments since the last one.
    void setSnapshotEvery(int segments) { m_snapshotEvery = segments; }

Q_SIGNALS:
    // Uploading: `done` of `total` changes; downloading: segments (total -1: not known).
    void progress(tether::engine::SyncPhase phase, qint64 done, qint64 total);
    // Conversations another device changed, as soon as they are committed here.
    void conversationsChanged(const QList<qint64>& ids);
    // A request failed in a way that may pass (the server unreachable, busy): it goes again in
    // `delayMs`; `attempt` of `attempts` failed.
    void retrying(const tether::engine::Error& error, qint64 delayMs, int attempt, int attempts);
    void finished(const tether::engine::SyncSummary& summary, const tether::engine::Error& error);

private:
    using Then = std::function<void(DavJob*)>;
    // Sends what `make` makes, again after a backoff while the failure may pass.
    void request(const std::function<DavJob*()>& make, const Then& then, int failures = 0);
    void fail(const Error& error);
    void done();
    void readHeader();
    void createHeader();
    void unlocked(const SyncKey& key);
    void cleanTmp();
    void sendNext();
    void sendBlobs(QStringList shas, const std::function<void()>& then);
    void sendSegment(qint64 segment, int attempt);
    void listDevices();
    void readNext();
    void countSegments(const QString& folder, const std::function<void()>& then);
    void fetchBlobs(QStringList shas, const std::function<void()>& then);
    // syncsnapshot.cpp: compaction. A snapshot is the merged state with each record's stamp,
    // in numbered parts, and a manifest naming how far each log it includes was read.
    void readSnapshot();
    void readManifests(QStringList folders, const QJsonObject& best);
    void readSnapshotPart(const QJsonObject& manifest, int part);
    void writeSnapshot();
    void writeSnapshotPart(qint64 number, int part,
                           const std::shared_ptr<SyncSnapshotCursor>& cursor, QJsonObject vector,
                           qint64 total);
    // PUT under tmp/, then MOVE to `path`; `then` gets the MOVE's outcome (a failed PUT fails
    // the sync), the temporary file removed when the MOVE did not happen.
    void upload(const QString& path, const QByteArray& bytes, bool overwrite,
                const std::function<void(const Error&)>& then);
    // The clock of a stamp ("<hlc>/<device>"); none for text that is not one.
    static std::optional<Hlc> clockOf(const QString& stamp);
    // A sealed file opened for its logical name and inflated; the same, split into its records.
    Result<QByteArray> unseal(const QByteArray& sealed, const QString& name) const;
    Result<QList<QJsonObject>> openRecords(const QByteArray& sealed, const QString& name);
    // Fetches the attachments `records` name that the journal lacks, then `then`.
    void withBlobsOf(const QList<QJsonObject>& records, const std::function<void()>& then);
    void removeAll(QStringList paths, const std::function<void()>& then);
    // Puts `plain` sealed for `name` at this device's snapshot path for it, through tmp/,
    // replacing what is there (only this device writes its snapshot's names).
    void putSealed(const QString& name, const QByteArray& plain, const std::function<void()>& then);
    // A snapshot's files: "snapshot/<D>" (its manifest) and "snapshot/<D>/<n>/<i>" (part i of
    // snapshot n), stored as snapshots/<D>/<opaque name>.
    static QString snapshotPartName(const QString& folder, qint64 number, int part);
    QString snapshotPath(const QString& folder, const QString& name) const;
    QString segmentName(const QString& folder, qint64 segment) const;
    QString segmentPath(const QString& folder, qint64 segment) const;
    QString tmpPath() const;
    QByteArray sealedBlob(const QString& sha, bool* ok);

    SyncSettings m_settings;
    QNetworkAccessManager* m_nam;
    std::unique_ptr<Journal> m_journal;
    std::unique_ptr<WebDav> m_dav;
    std::unique_ptr<QLockFile> m_lock;
    std::optional<SyncKey> m_key;
    RetryPolicy m_policy;
    qint64 m_segmentBytes = qint64(4) * 1024 * 1024;
    HlcClock m_clock;
    QString m_device;
    QString m_folder; // this device's folder: an opaque name
    QStringList m_others;
    QStringList m_allOthers;
    int m_snapshotEvery = 200;
    qint64 m_pending = -1; // changes to send when the sync began
    qint64 m_sent = 0;
    qint64 m_expected = -1;
    qint64 m_applied = 0;
    // The segment format this Tether writes; a newer one is refused, not misread.
    static constexpr int FormatVersion = 1;
    struct Outgoing;
    std::unique_ptr<Outgoing> m_out;
    SyncSummary m_summary;
    QElapsedTimer m_timer;
    bool m_finished = false;
};

} // namespace tether::engine

Q_DECLARE_METATYPE(tether::engine::SyncSummary)
Q_DECLARE_METATYPE(tether::engine::SyncSettings)
