// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QString>

namespace tether::engine {

// Per provider (base URL): after `threshold` consecutive failed attempts, across generations,
// requests fail fast for `cooldownMs`; then exactly one probe may go. A success closes it, a
// failed probe opens it again. Time is passed in, so tests need no clock.
class CircuitBreaker {
public:
    enum class State { Closed, Open, HalfOpen };

    explicit CircuitBreaker(int threshold = 5, qint64 cooldownMs = 30'000)
        : m_threshold(threshold)
        , m_cooldownMs(cooldownMs)
    {}

    // May a request go now? In HalfOpen, true once: for the probe.
    bool tryAcquire(const QString& key, qint64 nowMs);
    void recordSuccess(const QString& key);
    void recordFailure(const QString& key, qint64 nowMs);

    State state(const QString& key, qint64 nowMs) const;
    // When an open circuit lets a probe through (ms since epoch), or 0.
    qint64 reopensAt(const QString& key) const;
    int consecutiveFailures(const QString& key) const { return m_entries.value(key).failures; }

private:
    struct Entry {
        int failures = 0;
        qint64 openUntil = 0;
        bool probing = false;
        qint64 probeStartedAt = 0;
    };
    int m_threshold;
    qint64 m_cooldownMs;
    QHash<QString, Entry> m_entries;
};

} // namespace tether::engine
