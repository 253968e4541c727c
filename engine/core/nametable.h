// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLatin1StringView>
#include <QString>
#include <QStringView>

#include <array>
#include <optional>
#include <utility>

namespace tether::engine {

// The words an enum is stored and typed as (journal, settings, CLI flags): each enum has one
// table, and everything that names, parses or lists its values reads it.
template <typename E, std::size_t N>
using NameTable = std::array<std::pair<E, QLatin1StringView>, N>;

template <typename E, std::size_t N> QString nameIn(const NameTable<E, N>& table, E value)
{
    for (const auto& [v, name] : table) {
        if (v == value)
            return QString(name);
    }
    return QString(table.front().second);
}

template <typename E, std::size_t N>
std::optional<E> valueIn(const NameTable<E, N>& table, QStringView name)
{
    for (const auto& [v, n] : table) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}

// Sets `*value` when `name` is in the table; says whether it was.
template <typename E, std::size_t N>
bool valueIn(const NameTable<E, N>& table, QStringView name, E* value)
{
    const std::optional<E> found = valueIn(table, name);
    if (found)
        *value = *found;
    return found.has_value();
}

} // namespace tether::engine
