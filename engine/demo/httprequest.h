// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>

namespace tether::engine {

// One HTTP/1.1 request as the servers Tether runs itself read it: the built-in Demo, and the
// tests' mock provider. Request line, headers (names lower-cased), a Content-Length body.
struct HttpRequest {
    QByteArray method;
    QByteArray path; // with the query
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
};

enum class HttpParse { Incomplete, Complete, HeadersTooLarge, BodyTooLarge };

// Takes one whole request off the front of `buffer` into `*request` (Complete); leaves the
// buffer as it is while the request is still arriving (Incomplete). A Content-Length that is
// not a number counts as too large.
HttpParse takeHttpRequest(QByteArray& buffer, HttpRequest* request, qsizetype maxHeaderBytes,
                          qsizetype maxBodyBytes);

} // namespace tether::engine
