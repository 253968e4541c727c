#pragma once

#include "types.h"

#include <QByteArray>
#include <QNetworkRequest>

namespace tether::engine {

using History = QList<QPair<QString, QString>>; // (role, content), oldest first

// The streaming request that starts a generation. The API key goes only into the header.
QNetworkRequest streamRequest(const ProviderConfig& provider);
QByteArray streamBody(const ProviderConfig& provider, const History& history);

// Responses API background runs: re-stream after sequence number `after`, poll, cancel.
QNetworkRequest resumeRequest(const ProviderConfig& provider, const QString& responseId,
                              qint64 after);
QNetworkRequest pollRequest(const ProviderConfig& provider, const QString& responseId);
QNetworkRequest cancelRequest(const ProviderConfig& provider, const QString& responseId);

// `base` + "/" + `path`, keeping the base's own path and query (Azure's api-version).
QUrl endpoint(const QUrl& base, const QString& path);

} // namespace tether::engine
