// SPDX-License-Identifier: GPL-3.0-or-later
// The form-mode schema of MCP elicitation: a flat object of strings, numbers, integers, booleans
// and enums (titled or not, single or multiple choice).
#include "engine/tools/tooltypes.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {
// An enum's allowed values: "enum", or "oneOf"/"anyOf" of {const, title}, or items of either.
QJsonArray choices(const QJsonObject& property)
{
    if (property.contains("enum"_L1))
        return property.value("enum"_L1).toArray();
    QJsonArray out;
    for (const auto key : {"oneOf"_L1, "anyOf"_L1}) {
        for (const QJsonValue v : property.value(key).toArray())
            out.append(v.toObject().value("const"_L1));
    }
    return out;
}

bool ofType(const QJsonValue& v, const QString& type)
{
    if (type == "string"_L1)
        return v.isString();
    if (type == "boolean"_L1)
        return v.isBool();
    if (type == "integer"_L1)
        return v.isDouble() && v.toDouble() == double(v.toInteger());
    if (type == "number"_L1)
        return v.isDouble();
    if (type == "array"_L1)
        return v.isArray();
    return false;
}
} // namespace

QJsonObject elicitationDefaults(const QJsonObject& schema)
{
    QJsonObject out;
    const QJsonObject properties = schema.value("properties"_L1).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd() && out.size() < 100; ++it) {
        const QJsonObject p = it.value().toObject();
        if (p.contains("default"_L1) &&
            ofType(p.value("default"_L1), p.value("type"_L1).toString()))
            out.insert(it.key(), p.value("default"_L1));
    }
    return out;
}

Result<QJsonObject> validElicitationContent(const QJsonObject& schema, const QJsonObject& content)
{
    const QJsonObject properties = schema.value("properties"_L1).toObject();
    for (const QJsonValue r : schema.value("required"_L1).toArray()) {
        if (!content.contains(r.toString()))
            return Error{ErrorCode::Usage, u"“%1” is required."_s.arg(r.toString())};
    }
    QJsonObject out;
    for (auto it = content.constBegin(); it != content.constEnd(); ++it) {
        if (!properties.contains(it.key()))
            continue;
        const QJsonObject p = properties.value(it.key()).toObject();
        const QString type = p.value("type"_L1).toString();
        if (!ofType(it.value(), type))
            return Error{ErrorCode::Usage, u"“%1” must be a %2."_s.arg(it.key(), type)};
        const QJsonArray allowed =
            type == "array"_L1 ? choices(p.value("items"_L1).toObject()) : choices(p);
        const QJsonArray given =
            it.value().isArray() ? it.value().toArray() : QJsonArray{it.value()};
        for (const QJsonValue v : given) {
            if (!allowed.isEmpty() && !allowed.contains(v))
                return Error{ErrorCode::Usage,
                             u"“%1” must be one of the choices offered."_s.arg(it.key())};
        }
        out.insert(it.key(), it.value());
    }
    return out;
}

} // namespace tether::engine
