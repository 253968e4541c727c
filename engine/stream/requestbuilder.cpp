// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/stream/requestbuilder.h"

#include "engine/core/version.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

QUrl endpoint(const QUrl& base, const QString& path)
{
    QUrl url = base;
    QString basePath = base.path();
    while (basePath.endsWith(u'/'))
        basePath.chop(1);
    url.setPath(basePath + u'/' + path);
    return url;
}

namespace {

QNetworkRequest baseRequest(const ProviderConfig& provider, const QUrl& url, const char* accept)
{
    QNetworkRequest request(url);
    request.setRawHeader("Accept", accept);
    request.setRawHeader("User-Agent", QByteArray("Tether/") + QByteArray(tether::Version));
    if (!provider.apiKey.isEmpty()) {
        if (provider.keyHeader.isEmpty() || provider.keyHeader == "Authorization")
            request.setRawHeader("Authorization", "Bearer " + provider.apiKey.toUtf8());
        else
            request.setRawHeader(provider.keyHeader, provider.apiKey.toUtf8());
    }
    for (const auto& [name, value] : provider.extraHeaders)
        request.setRawHeader(name, value);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    return request;
}

} // namespace

QString publicUrl(const QUrl& url)
{
    QUrl out = url.adjusted(QUrl::RemoveUserInfo);
    if (out.hasQuery()) {
        static const QStringList secretWords = {u"key"_s,      u"token"_s,     u"secret"_s,
                                                u"password"_s, u"pass"_s,      u"sig"_s,
                                                u"auth"_s,     u"credential"_s};
        QUrlQuery query(out);
        const auto items = query.queryItems(QUrl::FullyEncoded);
        QUrlQuery kept;
        for (const auto& [name, value] : items) {
            const QString lower = name.toLower();
            const bool secret = std::any_of(secretWords.begin(), secretWords.end(),
                                            [&](const QString& w) { return lower.contains(w); });
            if (!secret)
                kept.addQueryItem(name, value);
        }
        out.setQuery(kept.isEmpty() ? QString() : kept.query(QUrl::FullyEncoded), QUrl::StrictMode);
    }
    return out.toString();
}

bool isThisMachine(const QString& hostName)
{
    const QString host = hostName.toLower();
    return host == "localhost"_L1 || QHostAddress(host).isLoopback();
}

bool isLocalOrPrivateHost(const QString& hostName)
{
    const QString host = hostName.toLower();
    if (isThisMachine(host) || host.endsWith(".local"_L1) || host.endsWith(".lan"_L1))
        return true;
    const QHostAddress address(host);
    if (address.isNull())
        return false;
    if (address.isLinkLocal() || address.isUniqueLocalUnicast())
        return true;
    for (const auto& [net, bits] : {std::pair{"10.0.0.0", 8}, std::pair{"172.16.0.0", 12},
                                    std::pair{"192.168.0.0", 16}, std::pair{"100.64.0.0", 10}}) {
        if (address.isInSubnet(QHostAddress(QString::fromLatin1(net)), bits))
            return true;
    }
    return false;
}

bool sendsKeyInClearText(const QUrl& baseUrl)
{
    return baseUrl.scheme().compare("http"_L1, Qt::CaseInsensitive) == 0 &&
           !isLocalOrPrivateHost(baseUrl.host());
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    const QString scheme = a.scheme().toLower();
    const int defaultPort = scheme == "https"_L1 ? 443 : 80;
    return scheme == b.scheme().toLower() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(defaultPort) == b.port(defaultPort);
}

bool mayFollowRedirect(const QUrl& origin, const QUrl& to)
{
    if (sameOrigin(origin, to))
        return true;
    // An upgrade to TLS on the same host.
    return origin.scheme().toLower() == "http"_L1 && to.scheme().toLower() == "https"_L1 &&
           to.host().compare(origin.host(), Qt::CaseInsensitive) == 0;
}

void guardRedirects(QNetworkReply* reply, const QUrl& origin, QObject* context,
                    const std::function<void(const QUrl&)>& refused)
{
    QObject::connect(reply, &QNetworkReply::redirected, context,
                     [reply, origin, refused](const QUrl& to) {
                         if (mayFollowRedirect(origin, to))
                             Q_EMIT reply->redirectAllowed();
                         else
                             refused(to);
                     });
}

QNetworkRequest streamRequest(const ProviderConfig& provider)
{
    const QString path = provider.api == Api::Responses ? u"responses"_s : u"chat/completions"_s;
    QNetworkRequest request =
        baseRequest(provider, endpoint(provider.baseUrl, path), "text/event-stream");
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    return request;
}

QNetworkRequest titleRequest(const ProviderConfig& provider)
{
    const QString path = provider.api == Api::Responses ? u"responses"_s : u"chat/completions"_s;
    QNetworkRequest request =
        baseRequest(provider, endpoint(provider.baseUrl, path), "application/json");
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    return request; // bounded by the edge policy (Edge::Title)
}

QByteArray titleBody(const ProviderConfig& provider, const QString& firstMessage)
{
    const QJsonArray messages{
        QJsonObject{{"role"_L1, u"system"_s},
                    {"content"_L1,
                     u"Write a title of at most six words for the conversation "
                     "that starts with the user's message below. Answer with the "
                     "title only, in the language of the message, without quotes."_s}},
        QJsonObject{{"role"_L1, u"user"_s}, {"content"_L1, firstMessage.left(2000)}}};
    QJsonObject body{{"model"_L1, provider.model}};
    body.insert(provider.api == Api::Responses ? "input"_L1 : "messages"_L1, messages);
    if (provider.api == Api::Responses)
        body.insert("store"_L1, false);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QString titleFromAnswer(Api api, const QByteArray& json)
{
    const QJsonObject answer = QJsonDocument::fromJson(json).object();
    QString text;
    if (api == Api::Responses) {
        for (const QJsonValue item : answer.value("output"_L1).toArray()) {
            for (const QJsonValue part : item.toObject().value("content"_L1).toArray()) {
                if (part.toObject().value("type"_L1) == "output_text"_L1)
                    text += part.toObject().value("text"_L1).toString();
            }
        }
    } else {
        text = answer.value("choices"_L1)
                   .toArray()
                   .first()
                   .toObject()
                   .value("message"_L1)
                   .toObject()
                   .value("content"_L1)
                   .toString();
    }
    // Models add quotes, a "Title:" label or a full stop however they are asked.
    QString title = text.trimmed().section(u'\n', 0, 0).trimmed();
    if (title.startsWith("title:"_L1, Qt::CaseInsensitive))
        title = title.mid(6).trimmed();
    static const QString Quotes = u"\"'“”‘’«»「」*"_s;
    while (!title.isEmpty() && Quotes.contains(title.front()))
        title.remove(0, 1);
    while (!title.isEmpty() && (Quotes.contains(title.back()) || title.back() == u'.'))
        title.chop(1);
    return titleFor(title);
}

QNetworkRequest resumeRequest(const ProviderConfig& provider, const QString& responseId,
                              qint64 after)
{
    QUrl url = endpoint(provider.baseUrl, u"responses/"_s + responseId);
    QUrlQuery query(url);
    query.addQueryItem(u"stream"_s, u"true"_s);
    if (after >= 0)
        query.addQueryItem(u"starting_after"_s, QString::number(after));
    url.setQuery(query);
    return baseRequest(provider, url, "text/event-stream");
}

QNetworkRequest pollRequest(const ProviderConfig& provider, const QString& responseId)
{
    return baseRequest(provider, endpoint(provider.baseUrl, u"responses/"_s + responseId),
                       "application/json");
}

QNetworkRequest cancelRequest(const ProviderConfig& provider, const QString& responseId)
{
    QNetworkRequest request =
        baseRequest(provider, endpoint(provider.baseUrl, u"responses/%1/cancel"_s.arg(responseId)),
                    "application/json");
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    return request;
}

QNetworkRequest modelsRequest(const ProviderConfig& provider)
{
    QNetworkRequest request =
        baseRequest(provider, endpoint(provider.baseUrl, u"models"_s), "application/json");
    return request; // bounded by the edge policy (Edge::ModelList)
}

QStringList modelIds(const QByteArray& json)
{
    QStringList ids;
    const QJsonArray data = QJsonDocument::fromJson(json).object().value("data"_L1).toArray();
    for (const QJsonValue model : data) {
        const QString id = model.toObject().value("id"_L1).toString();
        if (!id.isEmpty())
            ids.append(id);
    }
    ids.sort(Qt::CaseInsensitive);
    ids.removeDuplicates();
    return ids;
}

namespace {

constexpr QLatin1StringView AttachmentScheme("tether-attachment:");

QJsonValue messageContent(Api api, const ChatMessage& m)
{
    const QString text = messageWithFiles(m.content, m.attachments);
    const bool images = std::any_of(m.attachments.cbegin(), m.attachments.cend(),
                                    [](const Attachment& a) { return a.isImage(); });
    if (!images)
        return text;
    const bool responses = api == Api::Responses;
    QJsonArray parts;
    if (!text.isEmpty()) {
        parts.append(
            QJsonObject{{"type"_L1, responses ? "input_text"_L1 : "text"_L1}, {"text"_L1, text}});
    }
    for (const Attachment& a : m.attachments) {
        if (!a.isImage())
            continue;
        const QString url = AttachmentScheme + a.sha256;
        if (responses) {
            parts.append(QJsonObject{{"type"_L1, "input_image"_L1}, {"image_url"_L1, url}});
        } else {
            parts.append(QJsonObject{{"type"_L1, "image_url"_L1},
                                     {"image_url"_L1, QJsonObject{{"url"_L1, url}}}});
        }
    }
    return parts;
}

} // namespace

Result<QByteArray> resolveAttachments(const QByteArray& body,
                                      const std::function<Result<Attachment>(const QString&)>& load)
{
    if (!body.contains(AttachmentScheme.data()))
        return body; // nothing to parse: most requests carry no image
    QJsonObject o = QJsonDocument::fromJson(body).object();
    const QLatin1StringView key = o.contains("input"_L1) ? "input"_L1 : "messages"_L1;
    QJsonArray messages = o.value(key).toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        QJsonObject m = messages.at(i).toObject();
        if (!m.value("content"_L1).isArray())
            continue;
        QJsonArray parts = m.value("content"_L1).toArray();
        for (qsizetype j = 0; j < parts.size(); ++j) {
            QJsonObject part = parts.at(j).toObject();
            const bool chat = part.value("type"_L1) == "image_url"_L1;
            const QString url =
                chat ? part.value("image_url"_L1).toObject().value("url"_L1).toString()
                     : part.value("image_url"_L1).toString();
            if (!url.startsWith(AttachmentScheme))
                continue;
            auto image = load(url.mid(AttachmentScheme.size()));
            if (!image)
                return image.error();
            const QString data = QString::fromLatin1(image.value().dataUrl());
            if (chat)
                part.insert("image_url"_L1, QJsonObject{{"url"_L1, data}});
            else
                part.insert("image_url"_L1, data);
            parts.replace(j, part);
        }
        m.insert("content"_L1, parts);
        messages.replace(i, m);
    }
    o.insert(key, messages);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray toolSpecsJson(const QList<ToolSpec>& tools)
{
    QJsonArray out;
    for (const ToolSpec& t : tools) {
        out.append(QJsonObject{{"name"_L1, t.name},
                               {"server"_L1, t.server},
                               {"tool"_L1, t.tool},
                               {"title"_L1, t.title},
                               {"description"_L1, t.description},
                               {"inputSchema"_L1, t.inputSchema}});
    }
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

QList<ToolSpec> toolSpecsFromJson(const QByteArray& json)
{
    QList<ToolSpec> out;
    for (const QJsonValue& v : QJsonDocument::fromJson(json).array()) {
        const QJsonObject o = v.toObject();
        out.append(ToolSpec{o.value("name"_L1).toString(), o.value("server"_L1).toString(),
                            o.value("tool"_L1).toString(), o.value("title"_L1).toString(),
                            o.value("description"_L1).toString(),
                            o.value("inputSchema"_L1).toObject()});
    }
    return out;
}

namespace {

// A schema the APIs accept: an object schema, even for a tool that declares none.
QJsonObject parametersOf(const ToolSpec& t)
{
    QJsonObject schema = t.inputSchema;
    if (schema.value("type"_L1).toString() != "object"_L1)
        schema = QJsonObject{{"type"_L1, u"object"_s}};
    if (!schema.contains("properties"_L1))
        schema.insert("properties"_L1, QJsonObject{});
    schema.remove("$schema"_L1);
    return schema;
}

void appendMessage(QJsonArray& out, Api api, const ChatMessage& m)
{
    const bool responses = api == Api::Responses;
    if (m.role == "tool"_L1) {
        if (responses) {
            out.append(QJsonObject{{"type"_L1, u"function_call_output"_s},
                                   {"call_id"_L1, m.toolCallId},
                                   {"output"_L1, m.content}});
        } else {
            out.append(QJsonObject{{"role"_L1, u"tool"_s},
                                   {"tool_call_id"_L1, m.toolCallId},
                                   {"content"_L1, m.content}});
        }
        return;
    }
    if (m.toolCalls.isEmpty()) {
        out.append(QJsonObject{{"role"_L1, m.role}, {"content"_L1, messageContent(api, m)}});
        return;
    }
    if (responses) {
        if (!m.content.isEmpty())
            out.append(QJsonObject{{"role"_L1, m.role}, {"content"_L1, m.content}});
        for (const ToolCallRecord& c : m.toolCalls) {
            out.append(QJsonObject{{"type"_L1, u"function_call"_s},
                                   {"call_id"_L1, c.callId},
                                   {"name"_L1, c.name},
                                   {"arguments"_L1, c.arguments}});
        }
        return;
    }
    QJsonArray calls;
    for (const ToolCallRecord& c : m.toolCalls) {
        calls.append(QJsonObject{
            {"id"_L1, c.callId},
            {"type"_L1, u"function"_s},
            {"function"_L1, QJsonObject{{"name"_L1, c.name}, {"arguments"_L1, c.arguments}}}});
    }
    out.append(QJsonObject{{"role"_L1, m.role},
                           {"content"_L1, m.content.isEmpty() ? QJsonValue() : m.content},
                           {"tool_calls"_L1, calls}});
}

} // namespace

QByteArray streamBody(const ProviderConfig& provider, const History& history,
                      const GenerationParams& params, const QList<ToolSpec>& tools)
{
    QJsonArray messages;
    for (const ChatMessage& m : history)
        appendMessage(messages, provider.api, m);
    QJsonObject body{{"model"_L1, provider.model}, {"stream"_L1, true}};
    if (provider.api == Api::Responses) {
        // Background + store is what makes a Responses stream resumable after a drop.
        body.insert("input"_L1, messages);
        body.insert("background"_L1, true);
        body.insert("store"_L1, true);
        if (params.maxOutputTokens)
            body.insert("max_output_tokens"_L1, *params.maxOutputTokens);
        if (!params.reasoningEffort.isEmpty())
            body.insert("reasoning"_L1, QJsonObject{{"effort"_L1, params.reasoningEffort}});
    } else {
        body.insert("messages"_L1, messages);
        body.insert("stream_options"_L1, QJsonObject{{"include_usage"_L1, true}});
        if (params.maxOutputTokens)
            body.insert("max_completion_tokens"_L1, *params.maxOutputTokens);
        if (!params.reasoningEffort.isEmpty())
            body.insert("reasoning_effort"_L1, params.reasoningEffort);
    }
    if (params.temperature)
        body.insert("temperature"_L1, *params.temperature);
    if (!tools.isEmpty()) {
        QJsonArray offered;
        for (const ToolSpec& t : tools) {
            const QString description = t.description.isEmpty() ? t.title : t.description;
            if (provider.api == Api::Responses) {
                offered.append(QJsonObject{{"type"_L1, u"function"_s},
                                           {"name"_L1, t.name},
                                           {"description"_L1, description},
                                           {"parameters"_L1, parametersOf(t)}});
            } else {
                offered.append(
                    QJsonObject{{"type"_L1, u"function"_s},
                                {"function"_L1, QJsonObject{{"name"_L1, t.name},
                                                            {"description"_L1, description},
                                                            {"parameters"_L1, parametersOf(t)}}}});
            }
        }
        body.insert("tools"_L1, offered);
        body.insert("tool_choice"_L1, u"auto"_s);
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace tether::engine
