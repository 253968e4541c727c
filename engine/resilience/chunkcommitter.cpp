// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/resilience/chunkcommitter.h"

#include "engine/journal/journal.h"

namespace tether::engine {

ChunkCommitter::ChunkCommitter(Journal& journal, qint64 generationId, qint64 nextSeq)
    : m_journal(journal)
    , m_generationId(generationId)
    , m_nextSeq(nextSeq)
{}

Result<ChunkBatch> ChunkCommitter::commit(std::vector<Delta>& deltas, const Progress& progress)
{
    if (m_trimmer) {
        for (Delta& d : deltas) {
            if (d.kind == ChunkKind::Text)
                d.text = m_trimmer->feed(d.text);
        }
        std::erase_if(deltas,
                      [](const Delta& d) { return d.kind == ChunkKind::Text && d.text.isEmpty(); });
    }
    const qint64 first = m_nextSeq;
    if (auto r = m_journal.appendChunks(m_generationId, first, deltas, progress.lastProviderSeq,
                                        progress.remoteId, progress.bytes, progress.attempt);
        !r)
        return r.error();
    ChunkBatch batch;
    batch.generationId = m_generationId;
    batch.firstSeq = first;
    m_nextSeq += qint64(deltas.size());
    batch.lastSeq = m_nextSeq - 1;
    for (const Delta& d : deltas) {
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
    return batch;
}

Result<ChunkBatch> ChunkCommitter::flush(const Progress& progress)
{
    if (!m_trimmer)
        return ChunkBatch{m_generationId, m_nextSeq, m_nextSeq - 1, {}, {}, {}};
    std::vector<Delta> rest{Delta{ChunkKind::Text, m_trimmer->flush(), -1}};
    m_trimmer.reset();
    return commit(rest, progress);
}

} // namespace tether::engine
