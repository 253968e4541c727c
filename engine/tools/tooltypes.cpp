// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/tools/tooltypes.h"

#include "engine/stream/requestbuilder.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

bool McpServerConfig::sendsHeadersInClearText() const
{
    return isHttp() && !headers.isEmpty() && sendsKeyInClearText(url);
}

Result<QList<McpServerConfig>> parseMcpConfig(const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (!doc.isObject()) {
        return Error{ErrorCode::Usage,
                     u"The MCP configuration is not a JSON object (%1)."_s.arg(
                         parseError.error == QJsonParseError::NoError ? u"it is not an object"_s
                                                                      : parseError.errorString())};
    }
    QJsonObject servers = doc.object();
    if (servers.contains("mcpServers"_L1))
        servers = servers.value("mcpServers"_L1).toObject();
    QList<McpServerConfig> out;
    for (auto it = servers.constBegin(); it != servers.constEnd(); ++it) {
        const QJsonObject o = it.value().toObject();
        McpServerConfig c;
        c.name = it.key();
        c.command = o.value("command"_L1).toString();
        for (const QJsonValue a : o.value("args"_L1).toArray())
            c.args.append(a.toString());
        const QJsonObject env = o.value("env"_L1).toObject();
        for (auto e = env.constBegin(); e != env.constEnd(); ++e)
            c.env.append({e.key(), e.value().toString()});
        c.url = QUrl(o.value("url"_L1).toString());
        const QJsonObject headers = o.value("headers"_L1).toObject();
        for (auto h = headers.constBegin(); h != headers.constEnd(); ++h)
            c.headers.append({h.key().toUtf8(), h.value().toString().toUtf8()});
        c.enabled = !o.value("disabled"_L1).toBool(false) && o.value("enabled"_L1).toBool(true);
        // A client registered with the server's authorization server beforehand, or the URL of
        // Tether's client metadata document. A secret is never read from a file.
        const QJsonObject oauth = o.value("oauth"_L1).toObject();
        c.oauthClientId = oauth.value("clientId"_L1).toString();
        c.oauthClientMetadataUrl = QUrl(oauth.value("clientMetadataUrl"_L1).toString());
        if (const double seconds = o.value("timeout"_L1).toDouble(0); seconds > 0)
            c.timeoutMs = int(std::min(seconds, 86'400.0) * 1000);
        if (const double seconds = o.value("totalTimeout"_L1).toDouble(0); seconds > 0)
            c.totalTimeoutMs = int(std::min(seconds, 86'400.0) * 1000);
        if (c.name.isEmpty() || (c.command.isEmpty() && c.url.isEmpty())) {
            return Error{
                ErrorCode::Usage,
                u"The MCP server \"%1\" has neither a \"command\" nor a \"url\"."_s.arg(c.name)};
        }
        // "server.tool" names a tool everywhere (--allow-tool, the CLI's messages, exports): a
        // server named "corp.files" would make "corp.files.delete" mean two different tools.
        if (c.name.contains(u'.')) {
            return Error{ErrorCode::Usage,
                         u"The MCP server name \"%1\" contains \".\", which separates a server "
                         "from its tool; rename it (for example \"%2\")."_s.arg(
                             c.name, QString(c.name).replace(u'.', u'-'))};
        }
        if (c.isHttp() && !c.url.isValid()) {
            return Error{ErrorCode::Usage,
                         u"The MCP server \"%1\" has an invalid URL."_s.arg(c.name)};
        }
        out.append(c);
    }
    return out;
}

QByteArray mcpConfigJson(const QList<McpServerConfig>& servers)
{
    QJsonObject all;
    for (const McpServerConfig& c : servers) {
        QJsonObject o;
        if (c.isHttp()) {
            o.insert("url"_L1, c.url.toString());
            QJsonObject headers;
            for (const auto& [k, v] : c.headers)
                headers.insert(QString::fromUtf8(k), QString::fromUtf8(v));
            if (!headers.isEmpty())
                o.insert("headers"_L1, headers);
            QJsonObject oauth;
            if (!c.oauthClientId.isEmpty())
                oauth.insert("clientId"_L1, c.oauthClientId);
            if (!c.oauthClientMetadataUrl.isEmpty())
                oauth.insert("clientMetadataUrl"_L1, c.oauthClientMetadataUrl.toString());
            if (!oauth.isEmpty())
                o.insert("oauth"_L1, oauth);
        } else {
            o.insert("command"_L1, c.command);
            o.insert("args"_L1, QJsonArray::fromStringList(c.args));
            QJsonObject env;
            for (const auto& [k, v] : c.env)
                env.insert(k, v);
            if (!env.isEmpty())
                o.insert("env"_L1, env);
        }
        if (!c.enabled)
            o.insert("disabled"_L1, true);
        if (c.timeoutMs != McpServerConfig().timeoutMs)
            o.insert("timeout"_L1, c.timeoutMs / 1000.0);
        if (c.totalTimeoutMs != McpServerConfig().totalTimeoutMs)
            o.insert("totalTimeout"_L1, c.totalTimeoutMs / 1000.0);
        all.insert(c.name, o);
    }
    return QJsonDocument(QJsonObject{{"mcpServers"_L1, all}}).toJson(QJsonDocument::Indented);
}

std::optional<McpServerConfig> findServer(const QList<McpServerConfig>& servers,
                                          const QString& nameOrUrl)
{
    for (const McpServerConfig& c : servers) {
        if (c.name == nameOrUrl)
            return c;
    }
    const QUrl url(nameOrUrl);
    if (url.isValid() && (url.scheme() == "http"_L1 || url.scheme() == "https"_L1)) {
        McpServerConfig c;
        c.name = url.host();
        c.url = url;
        return c;
    }
    return std::nullopt;
}

QList<ToolSpec> qualifyTools(QList<ToolSpec> tools)
{
    static const QRegularExpression valid(u"^[a-zA-Z0-9_-]{1,64}$"_s);
    static const QRegularExpression invalidChar(u"[^a-zA-Z0-9_-]"_s);
    QHash<QString, int> uses;
    for (const ToolSpec& t : tools)
        ++uses[t.tool];
    QSet<QString> taken;
    for (ToolSpec& t : tools) {
        QString name = t.tool;
        if (uses.value(t.tool) > 1 || !valid.match(name).hasMatch()) {
            name = (t.server + u"__"_s + t.tool);
            name.replace(invalidChar, u"_"_s);
            name.truncate(64);
        }
        // Still taken (a long prefix cut the same way): number it.
        const QString base = name.left(60);
        for (int n = 2; taken.contains(name); ++n)
            name = base + u"_"_s + QString::number(n);
        taken.insert(name);
        t.name = name;
    }
    return tools;
}

bool isFinal(ToolCallStatus status)
{
    return status == ToolCallStatus::Done || status == ToolCallStatus::Failed ||
           status == ToolCallStatus::Declined;
}

QString toolResultText(const ToolCallRecord& call)
{
    switch (call.status) {
    case ToolCallStatus::Declined:
        return call.error.isEmpty() ? u"The user declined to run this tool."_s : call.error;
    case ToolCallStatus::Waiting:
    case ToolCallStatus::Running:
    case ToolCallStatus::Interrupted:
        return u"The tool call was interrupted; whether it acted is unknown."_s;
    case ToolCallStatus::Failed:
        if (call.result.isEmpty())
            return u"The tool failed: %1"_s.arg(call.error);
        break;
    case ToolCallStatus::Done:
        break;
    }
    QStringList parts;
    for (const QJsonValue v : call.result.value("content"_L1).toArray()) {
        const QJsonObject c = v.toObject();
        const QString type = c.value("type"_L1).toString();
        if (type == "text"_L1) {
            parts.append(c.value("text"_L1).toString());
        } else if (type == "image"_L1 || type == "audio"_L1) {
            parts.append(u"[%1 %2, %3 bytes]"_s.arg(
                type, c.value("mimeType"_L1).toString(),
                QString::number(
                    QByteArray::fromBase64(c.value("data"_L1).toString().toLatin1()).size())));
        } else if (type == "resource_link"_L1) {
            parts.append(u"[resource %1]"_s.arg(c.value("uri"_L1).toString()));
        } else if (type == "resource"_L1) {
            const QJsonObject r = c.value("resource"_L1).toObject();
            parts.append(r.contains("text"_L1)
                             ? r.value("text"_L1).toString()
                             : u"[resource %1]"_s.arg(r.value("uri"_L1).toString()));
        }
    }
    if (parts.isEmpty() && call.result.contains("structuredContent"_L1)) {
        parts.append(
            QString::fromUtf8(QJsonDocument(call.result.value("structuredContent"_L1).toObject())
                                  .toJson(QJsonDocument::Compact)));
    }
    QString text = parts.join(u'\n');
    if (call.result.value("isError"_L1).toBool())
        text = u"The tool reported an error: "_s + text;
    return text;
}

QList<ToolCallRecord> assembleToolCalls(bool responses, const QStringList& fragments)
{
    QMap<int, ToolCallRecord> calls; // by index, in order
    for (const QString& f : fragments) {
        const QJsonObject o = QJsonDocument::fromJson(f.toUtf8()).object();
        if (!responses) {
            ToolCallRecord& c = calls[o.value("index"_L1).toInt()];
            const QJsonObject fn = o.value("function"_L1).toObject();
            if (const QString id = o.value("id"_L1).toString(); !id.isEmpty())
                c.callId = id;
            c.name += fn.value("name"_L1).toString();
            c.arguments += fn.value("arguments"_L1).toString();
            continue;
        }
        const int index = o.value("output_index"_L1).toInt();
        if (o.value("type"_L1) == "response.output_item.added"_L1) {
            const QJsonObject item = o.value("item"_L1).toObject();
            ToolCallRecord& c = calls[index];
            c.callId = item.value("call_id"_L1).toString();
            c.name = item.value("name"_L1).toString();
            c.arguments = item.value("arguments"_L1).toString();
        } else if (calls.contains(index)) {
            calls[index].arguments += o.value("delta"_L1).toString();
        }
    }
    QList<ToolCallRecord> out;
    for (ToolCallRecord& c : calls) {
        if (c.name.isEmpty())
            continue;
        out.append(std::move(c));
    }
    return out;
}

QString toolLabel(const ToolCallRecord& call)
{
    return call.server.isEmpty() ? call.name : call.server + u'.' + call.tool;
}

QString prettyArguments(const QString& arguments)
{
    QJsonParseError e;
    const QJsonDocument doc = QJsonDocument::fromJson(arguments.toUtf8(), &e);
    if (e.error != QJsonParseError::NoError || doc.isNull())
        return arguments;
    return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
}

} // namespace tether::engine
