// SPDX-License-Identifier: GPL-3.0-or-later
// ActiveGeneration, the part that deals with a response kept on the server (Responses API
// background runs): reading it by polling, starting over when the server lost it or left it
// queued, and cancelling it there.
#include "engine/core/logging.h"
#include "engine/journal/journal.h"
#include "engine/resilience/activegeneration.h"
#include "engine/stream/requestbuilder.h"
#include "engine/stream/responsesdecoder.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

void ActiveGeneration::finishPoll(const QByteArray& body)
{
    // Read as the stream's last event would be: one decoder, one meaning of "incomplete".
    auto final = std::make_unique<ResponsesDecoder>();
    const QString text = final->decodeFinal(QJsonDocument::fromJson(body).object());
    const QString status = final->remoteStatus();
    if (final->state() == StreamState::Completed) {
        const std::optional<QString> stored = journaledText();
        if (!stored)
            return;
        std::vector<Delta> deltas;
        if (text.startsWith(*stored)) {
            if (text.size() > stored->size())
                deltas.push_back(Delta{ChunkKind::Text, text.mid(stored->size()), -1});
        } else {
            // The server's final text disagrees with what streamed: it wins, the streamed
            // attempts stay in the journal as superseded.
            if (auto r = m_journal.supersedeAttempts(m_ids.generationId, m_attempt - 1); !r) {
                end(GenerationStatus::Failed, r.error());
                return;
            }
            deltas.push_back(Delta{ChunkKind::Text, text, -1});
        }
        if (!commit(deltas))
            return;
        m_decoder = std::move(final); // its usage and finish reason are the reply's
        end(GenerationStatus::Completed, Error{});
    } else if (final->state() == StreamState::Failed) {
        end(GenerationStatus::Failed, final->error());
    } else if (final->state() == StreamState::Cancelled) {
        end(GenerationStatus::Cancelled, final->error());
    } else if (status == "queued"_L1) {
        m_remoteStatus = status;
        const RetryPolicy& p = m_provider.retry;
        if (!m_queuedSince.isValid())
            m_queuedSince.start();
        if (m_queuedSince.elapsed() >= p.maxQueuedMs) {
            cancelOnServer();
            startOver(u"The response stayed queued on the server for more than %1 s; Tether "
                      "cancelled it."_s.arg(p.maxQueuedMs / 1000));
            return;
        }
        --m_attemptsThisRun; // waiting in the server's queue is no failure
        logTimelineFailure(m_journal.endAttempt(m_ids.generationId, m_attempt,
                                                u"queued on the server; polling again"_s, 0,
                                                p.queuedPollMs));
        m_retry.start(int(std::min<qint64>(p.queuedPollMs, INT_MAX)));
    } else if (status == "in_progress"_L1 && m_remoteStatus == "queued"_L1 && !m_pollOnly) {
        // Out of the queue: stream the rest again.
        m_remoteStatus = status;
        m_queuedSince.invalidate();
        logTimelineFailure(m_journal.endAttempt(m_ids.generationId, m_attempt,
                                                u"%1 on the server; streaming again"_s.arg(status),
                                                0, 0));
        m_retry.start(0);
    } else {
        attemptFailed(Error{ErrorCode::Interrupted,
                            u"The response is still being generated (%1)."_s.arg(status), 0});
    }
}

std::optional<QString> ActiveGeneration::journaledText()
{
    auto text = m_journal.chunkText(m_ids.generationId, ChunkKind::Text);
    if (!text) {
        end(GenerationStatus::Failed, text.error());
        return std::nullopt;
    }
    return std::move(text).value();
}

void ActiveGeneration::startOver(const QString& why)
{
    dropReply();
    m_remoteId.clear();
    m_remoteStatus.clear();
    m_lastProviderSeq = -1;
    m_pollOnly = false;
    m_queuedSince.invalidate();
    if (auto r = m_journal.forgetRemote(m_ids.generationId); !r) {
        end(GenerationStatus::Failed, r.error());
        return;
    }
    const std::optional<QString> partial = journaledText();
    if (!partial)
        return;
    // Say which way the reply goes on: the timeline and the retry notice carry it.
    QString how;
    if (partial->isEmpty())
        how = u"Tether sends the request again."_s;
    else if (m_continuation == ContinuationMode::Restart)
        how = u"Tether starts the reply again; the text so far stays in the journal as a "
              "superseded attempt."_s;
    else
        how = u"Tether continues the reply from the text it kept, asking the model to go on."_s;
    const QString cause = why + u' ' + how;
    logTimelineFailure(
        m_journal.endAttempt(m_ids.generationId, m_attempt, redact(cause), m_httpStatus, 0));
    qCDebug(lcNet) << "generation" << m_ids.generationId << redact(cause);
    Q_EMIT retryScheduled(RetryInfo{m_ids.generationId,
                                    m_attempt + 1,
                                    m_provider.retry.maxAttempts,
                                    0,
                                    redact(cause),
                                    m_httpStatus,
                                    {}});
    m_retry.start(0);
}

void ActiveGeneration::cancelOnServer()
{
    if (m_provider.api != Api::Responses || m_remoteId.isEmpty())
        return;
    // Fire and forget: the reply belongs to the network manager, which outlives this object.
    QNetworkReply* reply = m_nam.post(cancelRequest(m_provider, m_remoteId), QByteArray("{}"));
    guardRedirects(reply, m_provider.baseUrl, reply, [reply](const QUrl&) { reply->abort(); });
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

} // namespace tether::engine
