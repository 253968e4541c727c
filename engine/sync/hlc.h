// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <compare>
#include <functional>
#include <optional>

// The order of changes across devices: hybrid logical clocks (wall time, then a counter, so that
// a change made after seeing another always sorts after it, whatever the devices' clocks say),
// and time-ordered global ids (UUIDv7, RFC 9562).
namespace tether::engine {

struct Hlc {
    qint64 wallMs = 0;
    quint32 counter = 0;
    // clang-tidy 14 misreads a defaulted <=> as a literal 0 compared with a pointer.
    auto operator<=>(const Hlc&) const = default; // NOLINT(modernize-use-nullptr)
    // 12 hex digits of milliseconds, "-", 8 of counter: text order is clock order.
    QString toString() const;
    static std::optional<Hlc> fromString(QStringView text);
};

class HlcClock {
public:
    using WallClock = std::function<qint64()>;
    // `wall`: milliseconds since the epoch; the system clock when not given.
    explicit HlcClock(WallClock wall = {});

    // A time for a change made here, after every time this clock gave or saw.
    Hlc now();
    // A change from another device was applied: later local changes sort after it.
    void observe(const Hlc& remote);
    Hlc last() const { return m_last; }

private:
    WallClock m_wall;
    Hlc m_last;
};

// A UUIDv7 for the given time: its 48-bit millisecond timestamp first, so ids sort by creation.
QString uuidV7(qint64 wallMs);

} // namespace tether::engine
