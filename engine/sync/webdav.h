// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

// The sync's storage: a folder on the user's WebDAV server (Nextcloud, ownCloud, Apache, nginx,
// rclone), reached with the few methods a log of immutable files needs. Paths are relative to the
// folder, "/"-separated, never starting with "/".
namespace tether::engine {

struct DavEntry {
    QString name; // decoded, without the folder's path
    bool folder = false;
    qint64 size = 0;
    QString etag;
    bool operator==(const DavEntry&) const = default;
};

// One request, its own object: `finished` once, then error() (ErrorCode::None when it worked),
// data() for a GET, entries() for a list. Deletes itself after `finished`.
class DavJob : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    const Error& error() const { return m_error; }
    bool ok() const { return m_error.code == ErrorCode::None; }
    const QByteArray& data() const { return m_data; }
    const QList<DavEntry>& entries() const { return m_entries; }

Q_SIGNALS:
    void finished();

private:
    friend class WebDav;
    Error m_error;
    QByteArray m_data;
    QList<DavEntry> m_entries;
};

class WebDav : public QObject {
    Q_OBJECT
public:
    // `folder`: the sync folder's URL (http or https).
    WebDav(const QUrl& folder, const QString& user, const QString& password,
           QNetworkAccessManager* nam, QObject* parent = nullptr);

    // PROPFIND, Depth 1: what `path` holds (a missing folder is NotFound).
    DavJob* list(const QString& path);
    // MKCOL of `path` and every missing parent; an existing folder is fine.
    DavJob* makeFolders(const QString& path);
    DavJob* put(const QString& path, const QByteArray& data);
    // MOVE; without `overwrite` an existing target fails (HttpRefused, status 412): a file
    // uploaded under a temporary name appears whole under its own or not at all.
    DavJob* move(const QString& from, const QString& to, bool overwrite = false);
    // At most `maxBytes` (the edge policy's cap for sync files when 0).
    DavJob* get(const QString& path, qint64 maxBytes = 0);
    DavJob* remove(const QString& path);

    // PROPFIND's multistatus: the entries under `folderPath` (the URL path it was asked for).
    // Malformed XML, or more than limits::MaxListingEntries entries, is a Protocol error: an
    // answer that cannot be read must never pass for an empty folder.
    static Result<QList<DavEntry>> parseMultistatus(const QByteArray& xml,
                                                    const QString& folderPath);

private:
    QUrl urlOf(const QString& path) const;
    QNetworkRequest request(const QString& path) const;
    DavJob* send(const QByteArray& verb, const QNetworkRequest& request, const QByteArray& body,
                 const QString& what, qint64 maxBytes = 0);
    void makeNext(DavJob* job, QStringList remaining, QString done);

    QUrl m_folder;
    QByteArray m_authorization;
    QNetworkAccessManager* m_nam;
};

} // namespace tether::engine
