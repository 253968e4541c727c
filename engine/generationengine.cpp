#include "generationengine.h"

#include "activegeneration.h"
#include "logging.h"
#include "requestbuilder.h"

#include <QNetworkAccessManager>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

GenerationEngine::GenerationEngine(QString journalPath)
    : m_path(std::move(journalPath))
{}

GenerationEngine::~GenerationEngine()
{
    // Quitting mid-stream leaves each reply resumable, with what was shown kept.
    const auto active = m_active;
    for (ActiveGeneration* g : active)
        g->stop(GenerationStatus::Interrupted, u"Tether was closed while the reply streamed."_s);
    qDeleteAll(m_active);
    m_active.clear();
}

void GenerationEngine::open()
{
    auto journal = Journal::open(m_path);
    if (!journal) {
        qCWarning(lcStore) << "cannot open journal" << m_path << journal.error().message;
        Q_EMIT openFailed(journal.error());
        return;
    }
    m_journal = std::move(journal).value();
    m_nam = new QNetworkAccessManager(this);
    Q_EMIT opened();
}

void GenerationEngine::send(quint64 tag, const SendRequest& request)
{
    if (!m_journal) {
        Q_EMIT sendFailed(tag, Error{ErrorCode::Storage, u"The journal is not open."_s, 0});
        return;
    }
    if (!request.provider.baseUrl.isValid() || request.provider.baseUrl.scheme().isEmpty()) {
        Q_EMIT sendFailed(tag, Error{ErrorCode::Usage,
                                     u"The provider's base URL \"%1\" is not a valid URL."_s.arg(
                                         request.provider.baseUrl.toString()),
                                     0});
        return;
    }
    auto exchange = m_journal->beginExchange(request);
    if (!exchange) {
        Q_EMIT sendFailed(tag, exchange.error());
        return;
    }
    const Exchange& ex = exchange.value();
    const QByteArray body = streamBody(request.provider, ex.history);
    if (auto r = m_journal->setGenerationRequest(ex.generationId, body); !r)
        qCWarning(lcStore) << "cannot store request of generation" << ex.generationId;

    const GenerationStarted started{tag, ex.conversationId, ex.userMessageId, ex.assistantMessageId,
                                    ex.generationId};
    auto* generation = new ActiveGeneration(*m_journal, started, request.provider, this);
    m_active.insert(ex.generationId, generation);
    connect(generation, &ActiveGeneration::chunksAdded, this, &GenerationEngine::chunksAdded);
    connect(generation, &ActiveGeneration::finished, this,
            [this, generation](const GenerationFinished& result) {
                m_active.remove(result.generationId);
                generation->deleteLater();
                Q_EMIT generationFinished(result);
            });
    Q_EMIT generationStarted(started);
    generation->start(*m_nam, body);
}

void GenerationEngine::cancel(qint64 generationId, GenerationStatus as)
{
    if (ActiveGeneration* g = m_active.value(generationId)) {
        g->stop(as, as == GenerationStatus::Cancelled ? u"Stopped by the user."_s
                                                      : u"Interrupted by the user."_s);
    }
}

} // namespace tether::engine
