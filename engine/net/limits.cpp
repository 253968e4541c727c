// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/net/limits.h"

namespace tether::engine {

namespace {
constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 Second = 1000;
constexpr qint64 Minute = 60 * Second;
} // namespace

EdgeLimits edgeLimits(Edge edge)
{
    switch (edge) {
    case Edge::ModelList:
        return {15 * Second, Minute, 16 * MiB};
    case Edge::Title:
        return {30 * Second, 2 * Minute, MiB};
    case Edge::Poll:
        return {30 * Second, Minute, 16 * MiB};
    case Edge::McpMessage:
        // A tool may think for long, with or without progress: the client's call limits
        // (McpClient) bound the time; here only the size.
        return {0, 0, limits::MaxMcpMessageBytes};
    case Edge::McpEvents:
        // Open for the whole session and silent while nothing happens; past the cap it is
        // closed, and what the server starts on its own waits for a request's stream.
        return {0, 0, 256 * MiB};
    case Edge::DavRequest:
        return {30 * Second, 10 * Minute, MiB};
    case Edge::DavListing:
        return {30 * Second, 2 * Minute, 16 * MiB};
    case Edge::DavFile:
        return {30 * Second, 10 * Minute, limits::MaxSyncAttachmentBytes};
    case Edge::OAuth:
        // Small JSON documents: a metadata document, a registration, a token.
        return {15 * Second, 30 * Second, MiB / 4};
    }
    return {30 * Second, Minute, MiB};
}

ErrorCode httpErrorCode(int httpStatus)
{
    switch (httpStatus) {
    case 408:
    case 409:
    case 429:
        return ErrorCode::HttpRetryable;
    default:
        return httpStatus >= 500 ? ErrorCode::HttpRetryable : ErrorCode::HttpRefused;
    }
}

} // namespace tether::engine
