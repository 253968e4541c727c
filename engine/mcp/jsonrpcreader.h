// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/net/limits.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

namespace tether::engine {

// What an MCP server writes, read as JSON-RPC messages, by both transports: what the server
// sends is untrusted, so this is where it is bounded (and what the fuzz target drives).

// The messages of one JSON text: an object, or a batch (an array of objects, as 2025-03-26
// allows). Anything else, or anything in a batch that is not an object, is left out; `valid`
// says whether the text was a message or a batch at all.
QList<QJsonObject> jsonRpcMessages(QByteArrayView json, bool* valid = nullptr);

// stdio: one message per line, the bytes split anywhere. A line that is not JSON-RPC (a banner
// some servers print) is skipped; a line longer than `maxLine` ends the reading for good.
class JsonRpcLineReader {
public:
    explicit JsonRpcLineReader(qsizetype maxLine = limits::MaxMcpMessageBytes)
        : m_maxLine(maxLine)
    {}
    // The messages the lines that `bytes` completes hold, in order.
    QList<QJsonObject> feed(QByteArrayView bytes);
    bool overflowed() const { return m_overflowed; }
    // The last line that was skipped (its first 200 bytes), for the log; cleared by take.
    QByteArray takeSkipped() { return std::exchange(m_skipped, {}); }

private:
    QByteArray m_pending;
    QByteArray m_skipped;
    qsizetype m_maxLine;
    bool m_overflowed = false;
};

} // namespace tether::engine
