#pragma once

#include "journal.h"
#include "sseparser.h"
#include "streamdecoder.h"
#include "types.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

class QNetworkAccessManager;
class QNetworkReply;

namespace tether::engine {

// One streaming generation on the engine thread: reads the reply, journals every chunk and only
// then announces it. Owned by GenerationEngine.
class ActiveGeneration : public QObject {
    Q_OBJECT
public:
    ActiveGeneration(Journal& journal, const GenerationStarted& ids, ProviderConfig provider,
                     QObject* parent = nullptr);
    ~ActiveGeneration() override;

    void start(QNetworkAccessManager& nam, const QByteArray& body);
    // Stops reading and keeps the partial text, marked `as` (Cancelled, or Interrupted on exit).
    void stop(GenerationStatus as, const QString& reason);

    qint64 generationId() const { return m_ids.generationId; }

Q_SIGNALS:
    void chunksAdded(const tether::engine::ChunkBatch& batch);
    void finished(const tether::engine::GenerationFinished& result);

private:
    void onReadyRead();
    void onFinished();
    bool checkHttpStatus();
    void process(QByteArrayView bytes);
    void end(GenerationStatus status, const Error& error);
    void endFromDecoder();
    QString redact(QString text) const;

    Journal& m_journal;
    GenerationStarted m_ids;
    ProviderConfig m_provider;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    std::unique_ptr<StreamDecoder> m_decoder;
    std::vector<SseEvent> m_events;
    std::vector<Delta> m_deltas;
    QElapsedTimer m_clock;
    Timings m_timings;
    qint64 m_nextSeq = 1;
    qint64 m_outputDeltas = 0;
    int m_httpStatus = 0;
    QByteArray m_errorBody; // body of a non-2xx or non-SSE answer, kept for the message
    bool m_notAStream = false;
    bool m_done = false;
};

} // namespace tether::engine
