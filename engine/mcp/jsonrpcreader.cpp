// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/jsonrpcreader.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tether::engine {

QList<QJsonObject> jsonRpcMessages(QByteArrayView json, bool* valid)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json.toByteArray());
    QList<QJsonObject> out;
    if (doc.isObject()) {
        out.append(doc.object());
    } else if (doc.isArray()) {
        for (const QJsonValue v : doc.array()) {
            if (v.isObject())
                out.append(v.toObject());
        }
    }
    if (valid)
        *valid = doc.isObject() || doc.isArray();
    return out;
}

QList<QJsonObject> JsonRpcLineReader::feed(QByteArrayView bytes)
{
    QList<QJsonObject> out;
    if (m_overflowed)
        return out;
    m_pending.append(bytes);
    qsizetype start = 0;
    for (qsizetype nl; (nl = m_pending.indexOf('\n', start)) >= 0; start = nl + 1) {
        const QByteArray line = m_pending.mid(start, nl - start).trimmed();
        if (line.isEmpty())
            continue;
        bool valid = false;
        const QList<QJsonObject> messages = jsonRpcMessages(line, &valid);
        if (!valid)
            m_skipped = line.left(200);
        out.append(messages);
    }
    m_pending.remove(0, start);
    if (m_pending.size() > m_maxLine) {
        m_overflowed = true;
        m_pending.clear();
    }
    return out;
}

} // namespace tether::engine
