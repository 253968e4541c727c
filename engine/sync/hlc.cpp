// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sync/hlc.h"

#include <QDateTime>
#include <QRandomGenerator>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

QString Hlc::toString() const
{
    return u"%1-%2"_s.arg(wallMs, 12, 16, QChar(u'0')).arg(counter, 8, 16, QChar(u'0'));
}

std::optional<Hlc> Hlc::fromString(QStringView text)
{
    if (text.size() != 21 || text.at(12) != u'-')
        return std::nullopt;
    bool okWall = false;
    bool okCounter = false;
    Hlc h;
    h.wallMs = text.first(12).toLongLong(&okWall, 16);
    h.counter = text.sliced(13).toUInt(&okCounter, 16);
    if (!okWall || !okCounter || h.wallMs < 0)
        return std::nullopt;
    return h;
}

HlcClock::HlcClock(WallClock wall)
    : m_wall(wall ? std::move(wall) : WallClock([] { return QDateTime::currentMSecsSinceEpoch(); }))
{}

Hlc HlcClock::now()
{
    const qint64 wall = m_wall();
    if (wall > m_last.wallMs)
        m_last = Hlc{wall, 0};
    else
        ++m_last.counter; // the wall clock stood still or went back: the counter keeps order
    return m_last;
}

void HlcClock::observe(const Hlc& remote)
{
    if (remote > m_last)
        m_last = remote;
}

QString uuidV7(qint64 wallMs)
{
    quint8 b[16];
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(b), 4);
    const auto ms = quint64(wallMs) & 0xFFFF'FFFF'FFFFull;
    for (int i = 0; i < 6; ++i)
        b[i] = quint8(ms >> (40 - 8 * i));
    b[6] = quint8(0x70 | (b[6] & 0x0F)); // version 7
    b[8] = quint8(0x80 | (b[8] & 0x3F)); // variant 10
    const QByteArray hex = QByteArray(reinterpret_cast<const char*>(b), 16).toHex();
    return QString::fromLatin1(hex.first(8) + '-' + hex.sliced(8, 4) + '-' + hex.sliced(12, 4) +
                               '-' + hex.sliced(16, 4) + '-' + hex.sliced(20));
}

} // namespace tether::engine
