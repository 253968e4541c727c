#include "activegeneration.h"

#include "chatdecoder.h"
#include "logging.h"
#include "requestbuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

constexpr qsizetype MaxErrorBody = 64 * 1024;
constexpr qint64 ReadSlice = 64 * 1024;

ErrorCode classifyHttp(int status)
{
    switch (status) {
    case 408:
    case 409:
    case 429:
        return ErrorCode::HttpRetryable;
    default:
        return status >= 500 ? ErrorCode::HttpRetryable : ErrorCode::HttpRefused;
    }
}

// What a stopped generation is left as: retryable troubles leave it resumable.
GenerationStatus statusFor(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Network:
    case ErrorCode::HttpRetryable:
    case ErrorCode::Interrupted:
    case ErrorCode::ServerError:
        return GenerationStatus::Interrupted;
    case ErrorCode::Cancelled:
        return GenerationStatus::Cancelled;
    default:
        return GenerationStatus::Failed;
    }
}

QString toolCallsJson(const StreamDecoder& decoder)
{
    const auto* chat = dynamic_cast<const ChatDecoder*>(&decoder);
    if (!chat || chat->toolCalls().isEmpty())
        return {};
    QJsonArray calls;
    for (const ToolCall& c : chat->toolCalls()) {
        calls.append(QJsonObject{
            {"id"_L1, c.id},
            {"type"_L1, c.type.isEmpty() ? u"function"_s : c.type},
            {"function"_L1, QJsonObject{{"name"_L1, c.name}, {"arguments"_L1, c.arguments}}}});
    }
    return QString::fromUtf8(QJsonDocument(calls).toJson(QJsonDocument::Compact));
}

} // namespace

ActiveGeneration::ActiveGeneration(Journal& journal, const GenerationStarted& ids,
                                   ProviderConfig provider, QObject* parent)
    : QObject(parent)
    , m_journal(journal)
    , m_ids(ids)
    , m_provider(std::move(provider))
    , m_decoder(StreamDecoder::create(m_provider.api))
{
    m_events.reserve(256);
    m_deltas.reserve(256);
}

ActiveGeneration::~ActiveGeneration()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ActiveGeneration::start(QNetworkAccessManager& nam, const QByteArray& body)
{
    m_clock.start();
    m_reply = nam.post(streamRequest(m_provider), body);
    connect(m_reply, &QNetworkReply::readyRead, this, &ActiveGeneration::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ActiveGeneration::onFinished);
    qCDebug(lcNet) << "generation" << m_ids.generationId << "POST" << m_reply->url().toString();
}

void ActiveGeneration::stop(GenerationStatus as, const QString& reason)
{
    if (m_done)
        return;
    end(as, Error{as == GenerationStatus::Cancelled ? ErrorCode::Cancelled : ErrorCode::Interrupted,
                  reason, 0});
}

bool ActiveGeneration::checkHttpStatus()
{
    if (m_httpStatus)
        return m_httpStatus >= 200 && m_httpStatus < 300 && !m_notAStream;
    m_httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_httpStatus)
        return true; // no headers yet
    m_timings.ttfbMs = m_clock.elapsed();
    const QString type = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    m_notAStream = m_httpStatus >= 200 && m_httpStatus < 300 && !type.isEmpty() &&
                   !type.startsWith("text/event-stream"_L1, Qt::CaseInsensitive);
    return m_httpStatus >= 200 && m_httpStatus < 300 && !m_notAStream;
}

void ActiveGeneration::onReadyRead()
{
    if (m_done)
        return;
    // Bounded slices: each is one transaction, so a burst (a proxy flushing a buffered reply)
    // is shown as it is committed rather than after one huge commit.
    while (!m_done && m_reply && m_reply->bytesAvailable() > 0) {
        const QByteArray bytes = m_reply->read(ReadSlice);
        m_timings.bytes += bytes.size();
        if (!checkHttpStatus()) {
            if (m_errorBody.size() < MaxErrorBody)
                m_errorBody += bytes.left(MaxErrorBody - m_errorBody.size());
            continue;
        }
        process(bytes);
    }
}

void ActiveGeneration::process(QByteArrayView bytes)
{
    m_events.clear();
    m_deltas.clear();
    if (!m_parser.feed(bytes, m_events) && m_events.empty()) {
        end(GenerationStatus::Failed,
            Error{ErrorCode::Protocol,
                  u"The server sent an event larger than %1 MiB; the stream was stopped."_s.arg(
                      m_parser.limit() / (1024 * 1024)),
                  0});
        return;
    }
    for (const SseEvent& event : m_events) {
        m_decoder->decode(event, m_deltas);
        if (!m_decoder->isOpen())
            break;
    }
    const bool parserFailed = m_parser.status() != SseParser::Status::Ok;

    if (!m_deltas.empty() || !m_decoder->remoteId().isEmpty()) {
        // Commit first; only what is on disk may be shown.
        const qint64 first = m_nextSeq;
        auto r = m_journal.appendChunks(m_ids.generationId, first, m_deltas,
                                        m_decoder->lastProviderSeq(), m_decoder->remoteId(),
                                        m_timings.bytes);
        if (!r) {
            end(GenerationStatus::Failed, r.error());
            return;
        }
        if (!m_deltas.empty()) {
            m_nextSeq += qint64(m_deltas.size());
            ChunkBatch batch;
            batch.generationId = m_ids.generationId;
            batch.firstSeq = first;
            batch.lastSeq = m_nextSeq - 1;
            for (const Delta& d : m_deltas) {
                switch (d.kind) {
                case ChunkKind::Text:
                    batch.text += d.text;
                    break;
                case ChunkKind::Reasoning:
                    batch.reasoning += d.text;
                    break;
                case ChunkKind::Refusal:
                    batch.refusal += d.text;
                    break;
                case ChunkKind::ToolCall:
                    continue;
                }
                ++m_outputDeltas;
            }
            if (m_timings.firstTokenMs < 0 && m_outputDeltas > 0)
                m_timings.firstTokenMs = m_clock.elapsed();
            Q_EMIT chunksAdded(batch);
        }
    }
    if (!m_decoder->isOpen()) {
        endFromDecoder();
    } else if (parserFailed) {
        end(GenerationStatus::Failed,
            Error{ErrorCode::Protocol,
                  u"The server sent an event larger than %1 MiB; the stream was stopped."_s.arg(
                      m_parser.limit() / (1024 * 1024)),
                  0});
    }
}

void ActiveGeneration::onFinished()
{
    if (m_done)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_done)
        return;
    checkHttpStatus();
    if (m_httpStatus && (m_httpStatus < 200 || m_httpStatus >= 300)) {
        QString message;
        const QJsonDocument doc = QJsonDocument::fromJson(m_errorBody);
        if (doc.isObject())
            message = StreamDecoder::errorMessage(doc.object());
        else
            message = QString::fromUtf8(m_errorBody.left(300)).simplified();
        if (message.isEmpty())
            message = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        const ErrorCode code = classifyHttp(m_httpStatus);
        end(statusFor(code), Error{code, u"%1: %2"_s.arg(m_httpStatus).arg(message), m_httpStatus});
        return;
    }
    if (m_notAStream) {
        end(GenerationStatus::Failed,
            Error{ErrorCode::Protocol,
                  u"The server answered with %1 instead of an event stream: %2"_s.arg(
                      m_reply->header(QNetworkRequest::ContentTypeHeader).toString(),
                      QString::fromUtf8(m_errorBody.left(300)).simplified()),
                  m_httpStatus});
        return;
    }
    const auto networkError = m_reply->error();
    m_parser.finish();
    if (networkError == QNetworkReply::NoError) {
        m_decoder->endOfStream();
        endFromDecoder();
        return;
    }
    // A transport error after a finish_reason still delivered the whole reply.
    if (!m_decoder->finishReason().isEmpty()) {
        m_decoder->endOfStream();
        endFromDecoder();
        return;
    }
    end(GenerationStatus::Interrupted,
        Error{ErrorCode::Network, u"The connection was lost: %1"_s.arg(m_reply->errorString()),
              m_httpStatus});
}

void ActiveGeneration::endFromDecoder()
{
    switch (m_decoder->state()) {
    case StreamState::Open:
        return;
    case StreamState::Completed:
        end(GenerationStatus::Completed, Error{});
        return;
    case StreamState::Cancelled:
        end(GenerationStatus::Cancelled, m_decoder->error());
        return;
    case StreamState::Interrupted:
    case StreamState::Failed:
        end(statusFor(m_decoder->error().code), m_decoder->error());
        return;
    }
}

QString ActiveGeneration::redact(QString text) const
{
    if (m_provider.apiKey.size() >= 4)
        text.replace(m_provider.apiKey, u"***"_s);
    return text;
}

void ActiveGeneration::end(GenerationStatus status, const Error& error)
{
    if (m_done)
        return;
    m_done = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    Error err = error;
    err.message = redact(err.message);

    m_timings.durationMs = m_clock.elapsed();
    const Usage& usage = m_decoder->usage();
    m_timings.outputTokens = usage.outputTokens >= 0 ? usage.outputTokens : m_outputDeltas;
    if (m_timings.firstTokenMs >= 0 && m_timings.durationMs > m_timings.firstTokenMs) {
        m_timings.tokensPerSecond = double(m_timings.outputTokens) * 1000.0 /
                                    double(m_timings.durationMs - m_timings.firstTokenMs);
    }

    GenerationOutcome outcome;
    outcome.status = status;
    outcome.error = err.message;
    outcome.finishReason = m_decoder->finishReason();
    outcome.remoteId = m_decoder->remoteId();
    outcome.toolCalls = toolCallsJson(*m_decoder);
    outcome.usage = usage;
    outcome.timings = m_timings;
    if (auto r = m_journal.finishGeneration(m_ids.generationId, outcome); !r) {
        // The text already shown is in the journal's chunks; only the final marking is missing.
        qCWarning(lcStore) << "cannot finish generation" << m_ids.generationId << r.error().message;
        if (err.code == ErrorCode::None)
            err = r.error();
    }
    qCDebug(lcEngine) << "generation" << m_ids.generationId << statusName(status) << err.message;

    GenerationFinished result;
    result.tag = m_ids.tag;
    result.generationId = m_ids.generationId;
    result.conversationId = m_ids.conversationId;
    result.messageId = m_ids.assistantMessageId;
    result.status = status;
    result.error = err;
    result.finishReason = outcome.finishReason;
    result.timings = m_timings;
    Q_EMIT finished(result);
}

} // namespace tether::engine
