// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/net/replyguard.h"

#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {
QString sizeOf(qint64 bytes)
{
    constexpr qint64 MiB = 1024 * 1024;
    return bytes >= MiB ? u"%1 MiB"_s.arg(bytes / MiB) : u"%1 KiB"_s.arg(bytes / 1024);
}
} // namespace

ReplyGuard* ReplyGuard::watch(QNetworkReply* reply, Edge edge, const QString& what,
                              qint64 maxBodyBytes)
{
    EdgeLimits limits = edgeLimits(edge);
    if (maxBodyBytes > 0)
        limits.maxBodyBytes = std::min(limits.maxBodyBytes, maxBodyBytes);
    return new ReplyGuard(reply, limits, what);
}

ReplyGuard::ReplyGuard(QNetworkReply* reply, EdgeLimits limits, QString what)
    : QObject(reply)
    , m_reply(reply)
    , m_limits(limits)
    , m_what(std::move(what))
{
    m_silence.setSingleShot(true);
    m_total.setSingleShot(true);
    connect(&m_silence, &QTimer::timeout, this, [this] {
        stop({ErrorCode::Network,
              u"%1: no answer for %2 s."_s.arg(m_what).arg(m_limits.silenceMs / 1000), 0});
    });
    connect(&m_total, &QTimer::timeout, this, [this] {
        stop({ErrorCode::Network,
              u"%1: not finished after %2 s."_s.arg(m_what).arg(m_limits.totalMs / 1000), 0});
    });
    if (m_limits.silenceMs > 0)
        m_silence.start(int(m_limits.silenceMs));
    if (m_limits.totalMs > 0)
        m_total.start(int(m_limits.totalMs));
    connect(reply, &QNetworkReply::uploadProgress, this, &ReplyGuard::touch);
    // A Content-Length over the cap is refused before its body comes.
    connect(reply, &QNetworkReply::metaDataChanged, this, [this] {
        touch();
        checkSize(m_reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
    });
    // Qt tells progress at most every 150 ms; what a transport has not read yet is counted on
    // every read, so a body read whole at the end is cut at the cap, not a fast link later.
    connect(reply, &QNetworkReply::readyRead, this, [this] {
        touch();
        checkSize(m_reply->bytesAvailable());
    });
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64 received, qint64 total) {
        touch();
        checkSize(std::max(received, total));
    });
    connect(reply, &QNetworkReply::finished, this, [this] {
        m_silence.stop();
        m_total.stop();
    });
}

void ReplyGuard::checkSize(qint64 bytes)
{
    if (m_limits.maxBodyBytes > 0 && bytes > m_limits.maxBodyBytes) {
        stop({ErrorCode::Protocol,
              u"%1: the answer is larger than %2, more than Tether accepts here."_s.arg(
                  m_what, sizeOf(m_limits.maxBodyBytes)),
              0});
    }
}

void ReplyGuard::touch()
{
    if (m_limits.silenceMs > 0 && m_silence.isActive())
        m_silence.start(int(m_limits.silenceMs));
}

void ReplyGuard::stop(Error error)
{
    if (stopped())
        return;
    m_error = std::move(error);
    m_silence.stop();
    m_total.stop();
    // Qt may tell the last progress just as the reply finishes: it is refused all the same.
    if (!m_reply->isFinished())
        m_reply->abort();
}

} // namespace tether::engine
