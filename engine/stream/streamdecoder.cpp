// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/stream/streamdecoder.h"

#include "engine/stream/chatdecoder.h"
#include "engine/stream/responsesdecoder.h"

#include <QJsonDocument>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

std::unique_ptr<StreamDecoder> StreamDecoder::create(Api api)
{
    if (api == Api::Responses)
        return std::make_unique<ResponsesDecoder>();
    return std::make_unique<ChatDecoder>();
}

void StreamDecoder::fail(StreamState state, ErrorCode code, const QString& message)
{
    m_state = state;
    m_error = Error{code, message, 0};
}

bool StreamDecoder::parseObject(const SseEvent& event, QJsonObject* object)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        const QString excerpt = QString::fromUtf8(event.data.left(80));
        fail(StreamState::Failed, ErrorCode::Protocol,
             u"The server sent a malformed event (%1): %2"_s.arg(
                 parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                              : u"not a JSON object"_s,
                 excerpt));
        return false;
    }
    *object = doc.object();
    return true;
}

qint64 StreamDecoder::tokenCount(const QJsonObject& object, QLatin1StringView key)
{
    const QJsonValue v = object.value(key);
    return v.isDouble() ? v.toInteger() : -1;
}

QString StreamDecoder::errorMessage(const QJsonObject& object)
{
    const QJsonValue error = object.value("error"_L1);
    QString message;
    QString code;
    if (error.isObject()) {
        const QJsonObject e = error.toObject();
        message = e.value("message"_L1).toString();
        code = e.value("code"_L1).toVariant().toString();
        if (code.isEmpty())
            code = e.value("type"_L1).toString();
        // The request field the provider refused (OpenAI: "param": "temperature").
        if (const QString param = e.value("param"_L1).toString(); !param.isEmpty())
            code = code.isEmpty() ? u"parameter %1"_s.arg(param)
                                  : u"%1, parameter %2"_s.arg(code, param);
    } else if (error.isString()) {
        message = error.toString();
    }
    if (message.isEmpty())
        message = object.value("message"_L1).toString();
    if (code.isEmpty())
        code = object.value("code"_L1).toVariant().toString();
    if (message.isEmpty())
        message = u"unknown error"_s;
    return code.isEmpty() ? message : u"%1 (%2)"_s.arg(message, code);
}

} // namespace tether::engine
