// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace tether::engine {

// Errors cross the engine boundary as values, never as exceptions.
enum class ErrorCode {
    None,
    Usage,    // the caller asked for something impossible
    NotFound, // no such conversation, generation, ...
    DiskFull, // SQLITE_FULL / ENOSPC
    DatabaseCorrupt,
    DatabaseLocked, // another process holds the write lock for too long
    DatabaseReadOnly,
    DatabaseTooNew, // written by a newer Tether
    Storage,        // any other SQLite failure
    Network,        // connection refused, reset, DNS, TLS, timeout
    HttpRefused,    // 400/401/403/404/422: the request itself is wrong; never retried
    HttpRetryable,  // 408/409/429/5xx
    Protocol,       // the server sent something that is not a valid stream
    ServerError,    // an error event inside a 200 stream
    ContentFilter,
    Interrupted, // the stream ended without its terminal marker
    Cancelled,
};

struct Error {
    ErrorCode code = ErrorCode::None;
    QString message;
    int httpStatus = 0;
};

template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_v(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_v(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(m_v); }
    const T& value() const& { return std::get<0>(m_v); }
    T&& value() && { return std::get<0>(std::move(m_v)); }
    const Error& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Error> m_v;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}
    bool ok() const { return m_error.code == ErrorCode::None; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

private:
    Error m_error;
};

} // namespace tether::engine
