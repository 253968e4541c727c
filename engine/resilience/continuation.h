// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace tether::engine {

// Chat Completions has no provider-side resume: a cut reply is continued from the text already
// journaled, in the way the provider understands.
QString continuationName(ContinuationMode mode);
bool continuationFromName(const QString& name, ContinuationMode* mode);
// Auto resolved from the host: loopback and private networks (llama.cpp & co.) prefill,
// DeepSeek and Mistral take `prefix`, other public hosts (OpenAI) are asked to continue.
ContinuationMode resolveContinuation(ContinuationMode mode, const QUrl& baseUrl);
// The same for a reply of `api`: a Responses reply whose response is gone on the server is
// continued by asking (instruct) or restarted; the Responses API has no prefill.
ContinuationMode resolveContinuation(ContinuationMode mode, Api api, const QUrl& baseUrl);

// The request that continues `partial` (the reply so far) from the original request body, of
// either API.
QByteArray continuationBody(const QByteArray& originalBody, ContinuationMode mode,
                            const QString& partial);

// For `instruct`: the model often repeats the end of what it already said. Holds back the head of
// the continuation until it can tell how much of it repeats the partial's tail, then lets the
// rest through unchanged.
class OverlapTrimmer {
public:
    explicit OverlapTrimmer(const QString& partial, qsizetype window = 200);
    // Text to show and journal now (may be empty while deciding).
    QString feed(const QString& text);
    // The stream ended: decide with what there is.
    QString flush();
    bool settled() const { return m_settled; }

private:
    QString decide();
    QString m_tail;
    QString m_pending;
    qsizetype m_window;
    bool m_settled = false;
};

} // namespace tether::engine
