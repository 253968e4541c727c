// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resilience/continuation.h"

#include "engine/stream/requestbuilder.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

const QString InstructPrompt =
    u"Continue your previous reply exactly where it stopped. Do not repeat any of it and do not "
    "comment on the interruption; output only the continuation."_s;

} // namespace

QString continuationName(ContinuationMode mode)
{
    return nameIn(ContinuationNames, mode);
}

bool continuationFromName(const QString& name, ContinuationMode* mode)
{
    return valueIn(ContinuationNames, name, mode);
}

ContinuationMode resolveContinuation(ContinuationMode mode, const QUrl& baseUrl)
{
    if (mode != ContinuationMode::Auto)
        return mode;
    const QString host = baseUrl.host().toLower();
    if (isLocalOrPrivateHost(host))
        return ContinuationMode::Prefill;
    if (host.endsWith("deepseek.com"_L1) || host.endsWith("mistral.ai"_L1))
        return ContinuationMode::Prefix;
    return ContinuationMode::Instruct;
}

QByteArray continuationBody(const QByteArray& originalBody, ContinuationMode mode,
                            const QString& partial)
{
    if (mode == ContinuationMode::Restart || partial.isEmpty())
        return originalBody;
    QJsonObject body = QJsonDocument::fromJson(originalBody).object();
    // Chat Completions carries `messages`; Responses `input`, which knows no prefill: a
    // Responses reply is always asked to continue.
    const bool responses = body.contains("input"_L1);
    const QLatin1StringView key = responses ? "input"_L1 : "messages"_L1;
    if (responses)
        mode = ContinuationMode::Instruct;
    QJsonArray messages = body.value(key).toArray();
    QJsonObject assistant{{"role"_L1, u"assistant"_s}, {"content"_L1, partial}};
    switch (mode) {
    case ContinuationMode::Prefix:
        assistant.insert("prefix"_L1, true);
        messages.append(assistant);
        break;
    case ContinuationMode::Vllm:
        messages.append(assistant);
        body.insert("continue_final_message"_L1, true);
        body.insert("add_generation_prompt"_L1, false);
        break;
    case ContinuationMode::Instruct:
        messages.append(assistant);
        messages.append(QJsonObject{{"role"_L1, u"user"_s}, {"content"_L1, InstructPrompt}});
        break;
    default: // Prefill (Auto is resolved before)
        messages.append(assistant);
        break;
    }
    body.insert(key, messages);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

ContinuationMode resolveContinuation(ContinuationMode mode, Api api, const QUrl& baseUrl)
{
    const ContinuationMode resolved = resolveContinuation(mode, baseUrl);
    if (api == Api::Responses && resolved != ContinuationMode::Restart)
        return ContinuationMode::Instruct;
    return resolved;
}

OverlapTrimmer::OverlapTrimmer(const QString& partial, qsizetype window)
    : m_tail(partial.right(window))
    , m_window(std::min(window, partial.size()))
{
    m_settled = m_window == 0;
}

QString OverlapTrimmer::feed(const QString& text)
{
    if (m_settled)
        return text;
    m_pending += text;
    if (m_pending.size() < m_window)
        return {};
    return decide();
}

QString OverlapTrimmer::flush()
{
    return m_settled ? QString() : decide();
}

QString OverlapTrimmer::decide()
{
    m_settled = true;
    const QString pending = std::exchange(m_pending, QString());
    // The longest head of the continuation that the partial ends with is a repeat.
    for (qsizetype k = std::min(pending.size(), m_tail.size()); k > 0; --k) {
        if (m_tail.endsWith(QStringView(pending).left(k)))
            return pending.mid(k);
    }
    return pending;
}

} // namespace tether::engine
