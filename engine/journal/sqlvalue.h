// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QVariant>

namespace tether::engine {

// A value to bind, or SQL NULL where `none` says it means "not known": the one way the journal
// writes a missing value.
template <typename T> QVariant orNull(const T& value, bool none)
{
    return none ? QVariant(QMetaType::fromType<T>()) : QVariant::fromValue(value);
}

} // namespace tether::engine
