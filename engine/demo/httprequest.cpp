// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/demo/httprequest.h"

#include <QList>

namespace tether::engine {

HttpParse takeHttpRequest(QByteArray& buffer, HttpRequest* request, qsizetype maxHeaderBytes,
                          qsizetype maxBodyBytes)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return buffer.size() > maxHeaderBytes ? HttpParse::HeadersTooLarge : HttpParse::Incomplete;
    if (headerEnd > maxHeaderBytes)
        return HttpParse::HeadersTooLarge;
    HttpRequest parsed;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    parsed.method = requestLine.value(0);
    parsed.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            parsed.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                  lines[i].mid(colon + 1).trimmed());
    }
    bool ok = true;
    const qint64 length = parsed.headers.value("content-length", "0").toLongLong(&ok);
    if (!ok || length < 0 || length > maxBodyBytes)
        return HttpParse::BodyTooLarge;
    if (buffer.size() < headerEnd + 4 + length)
        return HttpParse::Incomplete;
    parsed.body = buffer.mid(headerEnd + 4, length);
    buffer.remove(0, headerEnd + 4 + length);
    *request = std::move(parsed);
    return HttpParse::Complete;
}

} // namespace tether::engine
