// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace tether::engine {

struct SseEvent {
    QByteArray type; // "message" unless an `event:` field said otherwise
    QByteArray data; // valid UTF-8; invalid input bytes were replaced by U+FFFD
    QByteArray id;   // the last event id seen so far in this stream (persists across events)
};

// Incremental server-sent-events parser following the WHATWG "event stream interpretation".
// It splits lines on bytes and decodes only whole lines, so multi-byte characters and CR|LF pairs
// may be cut anywhere by the transport. Every input byte is scanned once: fragmented input costs
// linear time. A line or event larger than the limit stops the parser with an error rather than
// growing memory without bound.
class SseParser {
public:
    enum class Status { Ok, LineTooLong, EventTooLarge };
    static constexpr qsizetype DefaultLimit = qsizetype(8) * 1024 * 1024;

    explicit SseParser(qsizetype limit = DefaultLimit)
        : m_limit(limit)
    {}

    // Appends every event these bytes complete to `out`. Returns false once the parser failed;
    // later calls do nothing.
    bool feed(QByteArrayView bytes, std::vector<SseEvent>& out);
    // The stream ended. Returns true when an unterminated line or event was discarded, as the
    // spec requires (the caller decides whether that means an interruption).
    bool finish();
    void reset();

    Status status() const { return m_status; }
    QByteArray lastEventId() const { return m_lastId; }
    // Reconnection delay from a `retry:` field, or -1.
    qint64 retryMs() const { return m_retryMs; }
    qsizetype limit() const { return m_limit; }

private:
    void processLine(QByteArrayView line, std::vector<SseEvent>& out);
    void dispatch(std::vector<SseEvent>& out);

    qsizetype m_limit;
    QByteArray m_line; // an unfinished line carried over between reads
    QByteArray m_type;
    QByteArray m_data;
    QByteArray m_lastId;
    qint64 m_retryMs = -1;
    int m_bomMatched = 0;  // bytes of a leading BOM matched so far; -1 once past the stream start
    bool m_skipLf = false; // the previous read ended in CR: an LF opening this one ends nothing
    Status m_status = Status::Ok;
};

// Returns `bytes` unchanged when it is valid UTF-8, else a copy with each invalid sequence
// replaced by U+FFFD.
QByteArray toValidUtf8(QByteArray bytes);

} // namespace tether::engine
