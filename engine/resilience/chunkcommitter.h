// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"
#include "engine/core/types.h"
#include "engine/resilience/continuation.h"
#include "engine/stream/streamdecoder.h"

#include <optional>
#include <vector>

namespace tether::engine {

class Journal;

// Where one generation's output meets the disk: numbers the deltas, trims what a continuation
// repeats of the journaled text, commits them in one transaction with the provider's progress,
// and only then hands back the batch that may be shown.
class ChunkCommitter {
public:
    ChunkCommitter(Journal& journal, qint64 generationId, qint64 nextSeq);

    // What the server reported beside the deltas, journaled with them.
    struct Progress {
        qint64 lastProviderSeq = -1;
        QString remoteId;
        qint64 bytes = 0;
        int attempt = 0;
    };

    // An `instruct` continuation of `partial`: the model's repeat of its tail is held back.
    void trimRepeatsOf(const QString& partial) { m_trimmer.emplace(partial); }
    void stopTrimming() { m_trimmer.reset(); }

    // Commits `deltas` (possibly none: progress alone). The batch of what is now on disk; an
    // empty batch (lastSeq < firstSeq) when nothing is to be shown.
    Result<ChunkBatch> commit(std::vector<Delta>& deltas, const Progress& progress);
    // The stream ended: what the trimmer still held back goes to disk too.
    Result<ChunkBatch> flush(const Progress& progress);

    // Text, reasoning and refusal deltas committed so far: "has the first token arrived".
    qint64 outputDeltas() const { return m_outputDeltas; }

private:
    Journal& m_journal;
    qint64 m_generationId;
    qint64 m_nextSeq;
    qint64 m_outputDeltas = 0;
    std::optional<OverlapTrimmer> m_trimmer;
};

} // namespace tether::engine
