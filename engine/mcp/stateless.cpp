// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/stateless.h"

#include "engine/core/version.h"

#include <QJsonArray>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine::stateless {

QJsonObject withMeta(QJsonObject params, const QJsonObject& capabilities)
{
    QJsonObject meta = params.value("_meta"_L1).toObject();
    meta.insert("io.modelcontextprotocol/protocolVersion"_L1, QString(Version));
    meta.insert("io.modelcontextprotocol/clientCapabilities"_L1, capabilities);
    meta.insert("io.modelcontextprotocol/clientInfo"_L1,
                QJsonObject{{"name"_L1, u"Tether"_s},
                            {"version"_L1, QString::fromLatin1(tether::Version)}});
    params.insert("_meta"_L1, meta);
    return params;
}

QByteArray headerValue(const QString& value)
{
    const bool plain =
        !value.isEmpty() && value == value.trimmed() &&
        std::all_of(value.cbegin(), value.cend(),
                    [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f; }) &&
        !(value.startsWith("=?base64?"_L1) && value.endsWith("?="_L1));
    if (plain)
        return value.toLatin1();
    return "=?base64?" + value.toUtf8().toBase64() + "?=";
}

namespace {
// The arguments marked x-mcp-header, found through `properties` chains only (never arrays or
// compositions), at most 32 of them and 8 levels deep.
void markedArguments(const QJsonObject& schema, const QJsonObject& arguments, int depth,
                     QList<QPair<QByteArray, QByteArray>>* out)
{
    const QJsonObject properties = schema.value("properties"_L1).toObject();
    for (auto it = properties.constBegin(); it != properties.constEnd() && out->size() < 32; ++it) {
        const QJsonObject p = it.value().toObject();
        const QJsonValue v = arguments.value(it.key());
        const QString name = p.value("x-mcp-header"_L1).toString();
        if (!name.isEmpty() && !v.isNull() && !v.isUndefined() && !v.isObject() && !v.isArray()) {
            const QString text = v.isBool()     ? (v.toBool() ? u"true"_s : u"false"_s)
                                 : v.isDouble() ? QString::number(v.toInteger())
                                                : v.toString();
            out->append({"Mcp-Param-" + name.toLatin1(), headerValue(text)});
        } else if (v.isObject() && depth < 8) {
            markedArguments(p, v.toObject(), depth + 1, out);
        }
    }
}
} // namespace

QList<QPair<QByteArray, QByteArray>> requestHeaders(const QJsonObject& message,
                                                    const QJsonObject& inputSchema)
{
    const QString method = message.value("method"_L1).toString();
    QList<QPair<QByteArray, QByteArray>> headers{{"Mcp-Method", headerValue(method)}};
    const QJsonObject params = message.value("params"_L1).toObject();
    if (method == "tools/call"_L1 || method == "prompts/get"_L1)
        headers.append({"Mcp-Name", headerValue(params.value("name"_L1).toString())});
    else if (method == "resources/read"_L1)
        headers.append({"Mcp-Name", headerValue(params.value("uri"_L1).toString())});
    if (method == "tools/call"_L1)
        markedArguments(inputSchema, params.value("arguments"_L1).toObject(), 0, &headers);
    return headers;
}

bool isModernError(const QJsonObject& error)
{
    const int code = error.value("code"_L1).toInt();
    return code <= -32020 && code >= -32099;
}

} // namespace tether::engine::stateless
