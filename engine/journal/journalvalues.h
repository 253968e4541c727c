// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the journal writes values: shared by its source files, private to it.

#include "engine/core/types.h"

#include <QJsonDocument>
#include <QString>
#include <QVariant>

namespace tether::engine {

// A value to bind, or SQL NULL where `none` says it means "not known": the one way the journal
// writes a missing value.
template <typename T> QVariant orNull(const T& value, bool none)
{
    return none ? QVariant(QMetaType::fromType<T>()) : QVariant::fromValue(value);
}

// Usage as the journal's usage column holds it: compact JSON, or empty when nothing is known.
inline QString usageJson(const Usage& u)
{
    if (!u.isValid())
        return {};
    return QString::fromUtf8(QJsonDocument(usageObject(u)).toJson(QJsonDocument::Compact));
}

inline Usage usageFromJson(const QString& json)
{
    return usageFromObject(QJsonDocument::fromJson(json.toUtf8()).object());
}

// Sampling parameters as the conversations' params column holds them: compact JSON, or NULL
// when none is set.
inline QVariant paramsJson(const GenerationParams& p)
{
    return orNull(QString::fromUtf8(QJsonDocument(paramsObject(p)).toJson(QJsonDocument::Compact)),
                  p.isEmpty());
}

inline GenerationParams paramsFromJson(const QString& json)
{
    return paramsFromObject(QJsonDocument::fromJson(json.toUtf8()).object());
}

// Chunks of superseded attempts (a `restart` continuation) are kept but no longer make the text.
inline const QString LiveChunks =
    QStringLiteral("AND attempt NOT IN (SELECT a.attempt FROM attempts a "
                   "WHERE a.generation_id = chunks.generation_id AND a.superseded = 1)");

} // namespace tether::engine
