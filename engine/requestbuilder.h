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
// GET {base}/models: the models a provider offers.
QNetworkRequest modelsRequest(const ProviderConfig& provider);
// The ids in a /models answer ({"data":[{"id":…}]}), sorted; empty if it is not one.
QStringList modelIds(const QByteArray& json);

// `base` + "/" + `path`, keeping the base's own path and query (Azure's api-version).
QUrl endpoint(const QUrl& base, const QString& path);

} // namespace tether::engine
