// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QtGlobal>

// Every edge bounded, by one policy. Whatever a server sends may be hostile or broken: each
// request Tether makes says what it is for (an Edge), and this file alone says how long it may
// stay silent, how long it may take in all and how large its answer may be. Every transport
// (the model's stream and its side requests, MCP over HTTP, WebDAV) asks here; a new transport
// names its Edge and decides nothing of its own.
namespace tether::engine {

enum class Edge {
    ModelList,  // GET {base}/models
    Title,      // a one-shot completion naming a conversation
    Poll,       // GET of a Responses run while it is queued
    McpMessage, // a JSON-RPC answer to an HTTP POST (a JSON body or an SSE stream)
    McpEvents,  // the server's own GET event stream, open for the whole session
    DavRequest, // MKCOL, PUT, MOVE, DELETE: the answer is a status
    DavListing, // PROPFIND of a folder
    DavFile,    // GET of a sync file: the header, a segment, a snapshot part, an attachment
    OAuth,      // an MCP server's sign-in: metadata, registration, token and refresh requests
};

struct EdgeLimits {
    qint64 silenceMs = 0;    // no byte either way for this long: the request is stopped
    qint64 totalMs = 0;      // the whole request, however it trickles (0: silence only)
    qint64 maxBodyBytes = 0; // the answer's body, counted as it arrives
};

EdgeLimits edgeLimits(Edge edge);

// The engine's one classification of an HTTP status, for every transport: 408, 409, 429 and
// 5xx may succeed later; every other 4xx (400, 401, 403, 404, 422) says the request itself is
// wrong, and sending it again changes nothing.
ErrorCode httpErrorCode(int httpStatus);

// Limits of what Tether reads that are not HTTP bodies (sync folders, PDFs, MCP messages), beside
// the ones above so that one file says what Tether accepts.
namespace limits {
// A sync folder's directories: devices listed, entries in one listing.
inline constexpr int MaxSyncDevices = 1'000;
inline constexpr int MaxListingEntries = 100'000;
// Argon2id as a sync folder's header may ask for it: at most libsodium's SENSITIVE passes and
// twice the MODERATE memory Tether writes (a hostile header must not hang or exhaust Tether
// before the passphrase is even checked).
inline constexpr quint64 MaxArgonOps = 4;
inline constexpr quint64 MaxArgonMemBytes = quint64(512) * 1024 * 1024;
// A sync segment and a snapshot part hold up to 4 MiB of records, sealed and compressed; an
// attachment is at most 50 MB. What a server sends beyond these is not Tether's.
inline constexpr qint64 MaxSyncFileBytes = qint64(8) * 1024 * 1024;
inline constexpr qint64 MaxSyncAttachmentBytes = qint64(64) * 1024 * 1024;
// One MCP message, over stdio or HTTP.
inline constexpr qint64 MaxMcpMessageBytes = qint64(64) * 1024 * 1024;
// Reading a PDF's text (tether-pdftext): poppler may be made to work for ever by a small file.
inline constexpr int MaxPdfSeconds = 20;
inline constexpr qint64 MaxPdfMemoryBytes = qint64(1536) * 1024 * 1024; // address space
// One MCP call, however much progress the server reports (its "totalTimeout" may say more).
inline constexpr int MaxMcpCallMs = 10 * 60'000;
// A sign-in in the browser (OAuth for an MCP server): the user may take a while, not for ever.
inline constexpr int MaxSignInMs = 10 * 60'000;
// Authorizations one MCP request may cause (a 401, then 403 insufficient_scope step-ups): a
// server that is never satisfied must not send the user to the browser again and again.
inline constexpr int MaxAuthorizationsPerRequest = 3;
} // namespace limits

} // namespace tether::engine
