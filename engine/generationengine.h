#pragma once

#include "journal.h"
#include "types.h"

#include <QHash>
#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace tether::engine {

class ActiveGeneration;

// The worker that lives on the engine thread: owns the journal connection, the network access
// manager and every running generation. Reached only through queued calls (see Engine).
class GenerationEngine : public QObject {
    Q_OBJECT
public:
    explicit GenerationEngine(QString journalPath);
    ~GenerationEngine() override;

    void open();
    void send(quint64 tag, const tether::engine::SendRequest& request);
    void cancel(qint64 generationId, tether::engine::GenerationStatus as);

Q_SIGNALS:
    void opened();
    void openFailed(const tether::engine::Error& error);
    void sendFailed(quint64 tag, const tether::engine::Error& error);
    void generationStarted(const tether::engine::GenerationStarted& started);
    void chunksAdded(const tether::engine::ChunkBatch& batch);
    void generationFinished(const tether::engine::GenerationFinished& result);

private:
    QString m_path;
    std::unique_ptr<Journal> m_journal;
    QNetworkAccessManager* m_nam = nullptr;
    QHash<qint64, ActiveGeneration*> m_active;
};

} // namespace tether::engine
