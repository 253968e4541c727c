// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sync/webdav.h"

#include "engine/net/replyguard.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

QString folderPathOf(QString path)
{
    if (!path.endsWith(u'/'))
        path += u'/';
    return path;
}

Error errorFor(QNetworkReply* reply, int status, const QString& what)
{
    if (status == 0) {
        return Error{
            ErrorCode::Network,
            u"%1: the sync server cannot be reached (%2)."_s.arg(what, reply->errorString()), 0};
    }
    if (status == 401 || status == 403) {
        return Error{ErrorCode::HttpRefused,
                     u"%1: the WebDAV server refused the user name or password (HTTP %2)."_s.arg(
                         what, QString::number(status)),
                     status};
    }
    if (status == 404)
        return Error{ErrorCode::NotFound, u"%1: not found on the sync server."_s.arg(what), status};
    if (status == 412)
        return Error{ErrorCode::HttpRefused, u"%1: it already exists."_s.arg(what), status};
    if (status >= 300 && status < 400) {
        // Credentials never follow a redirect: the user sets the folder's final address.
        return Error{ErrorCode::HttpRefused,
                     u"%1: the sync server redirects to %2; use that address."_s.arg(
                         what, reply->header(QNetworkRequest::LocationHeader).toUrl().toString()),
                     status};
    }
    return Error{httpErrorCode(status),
                 u"%1: the sync server answered HTTP %2."_s.arg(what, QString::number(status)),
                 status};
}

} // namespace

WebDav::WebDav(const QUrl& folder, const QString& user, const QString& password,
               QNetworkAccessManager* nam, QObject* parent)
    : QObject(parent)
    , m_folder(folder)
    , m_nam(nam)
{
    if (!user.isEmpty() || !password.isEmpty())
        m_authorization = "Basic " + (user + u':' + password).toUtf8().toBase64();
}

QUrl WebDav::urlOf(const QString& path) const
{
    QUrl url = m_folder;
    url.setPath(folderPathOf(m_folder.path(QUrl::FullyDecoded)) + path, QUrl::DecodedMode);
    return url;
}

QNetworkRequest WebDav::request(const QString& path) const
{
    QNetworkRequest r(urlOf(path));
    r.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!m_authorization.isEmpty())
        r.setRawHeader("Authorization", m_authorization);
    return r;
}

DavJob* WebDav::send(const QByteArray& verb, const QNetworkRequest& request, const QByteArray& body,
                     const QString& what, qint64 maxBytes)
{
    auto* job = new DavJob(this);
    QNetworkReply* reply = m_nam->sendCustomRequest(request, verb, body);
    const Edge edge = verb == "PROPFIND" ? Edge::DavListing
                      : verb == "GET"    ? Edge::DavFile
                                         : Edge::DavRequest;
    const ReplyGuard* guard = ReplyGuard::watch(reply, edge, what, maxBytes);
    const QString folderPath = request.url().path(QUrl::FullyDecoded);
    connect(reply, &QNetworkReply::finished, job, [job, reply, guard, verb, what, folderPath] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (guard->stopped()) {
            job->m_error = guard->error();
        } else if (status >= 200 && status < 300 && reply->error() != QNetworkReply::NoError) {
            // Cut before the end (fewer bytes than the Content-Length): never taken as a file.
            job->m_error = errorFor(reply, 0, what);
        } else if (status >= 200 && status < 300) {
            if (verb == "PROPFIND") {
                auto entries = parseMultistatus(reply->readAll(), folderPath);
                if (entries)
                    job->m_entries = std::move(entries.value());
                else
                    job->m_error = {entries.error().code,
                                    u"%1: %2"_s.arg(what, entries.error().message), status};
            } else if (verb == "GET") {
                job->m_data = reply->readAll();
            }
        } else {
            job->m_error = errorFor(reply, status, what);
        }
        Q_EMIT job->finished();
        job->deleteLater();
    });
    return job;
}

DavJob* WebDav::list(const QString& path)
{
    QNetworkRequest r = request(path.isEmpty() || path.endsWith(u'/') ? path : path + u'/');
    r.setRawHeader("Depth", "1");
    r.setRawHeader("Content-Type", "application/xml; charset=utf-8");
    static const QByteArray body =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:propfind xmlns:D=\"DAV:\"><D:prop>"
        "<D:resourcetype/><D:getcontentlength/><D:getetag/></D:prop></D:propfind>";
    return send("PROPFIND", r, body, u"Listing %1"_s.arg(path.isEmpty() ? u"/"_s : path));
}

DavJob* WebDav::makeFolders(const QString& path)
{
    auto* job = new DavJob(this);
    // Parents first: a MKCOL whose parent is missing fails with 409.
    makeNext(job, path.split(u'/', Qt::SkipEmptyParts), QString());
    return job;
}

void WebDav::makeNext(DavJob* job, QStringList remaining, QString done)
{
    if (remaining.isEmpty()) {
        QMetaObject::invokeMethod(
            job,
            [job] {
                Q_EMIT job->finished();
                job->deleteLater();
            },
            Qt::QueuedConnection);
        return;
    }
    done += remaining.takeFirst() + u'/';
    QNetworkReply* reply = m_nam->sendCustomRequest(request(done), "MKCOL");
    const QString what = u"Creating the folder %1"_s.arg(done);
    const ReplyGuard* guard = ReplyGuard::watch(reply, Edge::DavRequest, what);
    connect(reply, &QNetworkReply::finished, job, [this, job, reply, guard, remaining, done, what] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // 405: it exists (some servers answer 201 again).
        if (!guard->stopped() && ((status >= 200 && status < 300) || status == 405)) {
            makeNext(job, remaining, done);
            return;
        }
        job->m_error = guard->stopped() ? guard->error() : errorFor(reply, status, what);
        Q_EMIT job->finished();
        job->deleteLater();
    });
}

DavJob* WebDav::put(const QString& path, const QByteArray& data)
{
    QNetworkRequest r = request(path);
    r.setRawHeader("Content-Type", "application/octet-stream");
    return send("PUT", r, data, u"Uploading %1"_s.arg(path));
}

DavJob* WebDav::move(const QString& from, const QString& to, bool overwrite)
{
    QNetworkRequest r = request(from);
    r.setRawHeader("Destination", urlOf(to).toEncoded());
    r.setRawHeader("Overwrite", overwrite ? "T" : "F");
    return send("MOVE", r, {}, u"Moving %1 to %2"_s.arg(from, to));
}

DavJob* WebDav::get(const QString& path, qint64 maxBytes)
{
    return send("GET", request(path), {}, u"Downloading %1"_s.arg(path), maxBytes);
}

DavJob* WebDav::remove(const QString& path)
{
    return send("DELETE", request(path), {}, u"Deleting %1"_s.arg(path));
}

Result<QList<DavEntry>> WebDav::parseMultistatus(const QByteArray& xml, const QString& folderPath)
{
    const QString base = folderPathOf(folderPath);
    QList<DavEntry> out;
    QXmlStreamReader reader(xml);
    DavEntry entry;
    QString href;
    const auto dav = "DAV:"_L1;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.namespaceUri() == dav) {
            const QStringView name = reader.name();
            if (name == "response"_L1) {
                entry = DavEntry();
                href.clear();
            } else if (name == "href"_L1) {
                href = reader.readElementText();
            } else if (name == "collection"_L1) {
                entry.folder = true;
            } else if (name == "getcontentlength"_L1) {
                entry.size = reader.readElementText().toLongLong();
            } else if (name == "getetag"_L1) {
                entry.etag = reader.readElementText();
            }
        } else if (reader.isEndElement() && reader.namespaceUri() == dav &&
                   reader.name() == "response"_L1) {
            // Hrefs are percent-encoded paths, or whole URLs.
            QString path = QUrl(href).path(QUrl::FullyDecoded);
            if (!path.startsWith(base))
                continue;
            path = path.mid(base.size());
            if (path.endsWith(u'/'))
                path.chop(1);
            if (path.isEmpty() || path.contains(u'/'))
                continue; // the folder itself
            entry.name = path;
            if (out.size() >= limits::MaxListingEntries) {
                return Error{ErrorCode::Protocol,
                             u"the folder lists more than %1 entries, more than a sync folder "
                             "holds."_s.arg(limits::MaxListingEntries)};
            }
            out.append(entry);
        }
    }
    if (reader.hasError()) {
        return Error{
            ErrorCode::Protocol,
            u"the server's listing is not valid XML (%1 at line %2)."_s.arg(reader.errorString())
                .arg(reader.lineNumber())};
    }
    return out;
}

} // namespace tether::engine
