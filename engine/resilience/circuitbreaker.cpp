// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resilience/circuitbreaker.h"

namespace tether::engine {

CircuitBreaker::State CircuitBreaker::state(const QString& key, qint64 nowMs) const
{
    const Entry e = m_entries.value(key);
    if (e.failures < m_threshold)
        return State::Closed;
    return nowMs < e.openUntil ? State::Open : State::HalfOpen;
}

bool CircuitBreaker::tryAcquire(const QString& key, qint64 nowMs)
{
    switch (state(key, nowMs)) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen: {
        Entry& e = m_entries[key];
        // A probe that never reported back (its generation was stopped) must not hold the
        // circuit half-open for ever: after another cool-down, a new probe may go.
        if (e.probing && nowMs < e.probeStartedAt + m_cooldownMs)
            return false;
        e.probing = true;
        e.probeStartedAt = nowMs;
        return true;
    }
    }
    return true;
}

void CircuitBreaker::recordSuccess(const QString& key)
{
    m_entries.remove(key);
}

void CircuitBreaker::recordFailure(const QString& key, qint64 nowMs)
{
    Entry& e = m_entries[key];
    e.probing = false;
    ++e.failures;
    if (e.failures >= m_threshold)
        e.openUntil = nowMs + m_cooldownMs;
}

qint64 CircuitBreaker::reopensAt(const QString& key) const
{
    const Entry e = m_entries.value(key);
    return e.failures >= m_threshold ? e.openUntil : 0;
}

} // namespace tether::engine
