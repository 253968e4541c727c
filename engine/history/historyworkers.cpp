// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/history/historyworkers.h"

#include "engine/history/importer.h"
#include "engine/journal/journal.h"

#include <QElapsedTimer>
#include <QSaveFile>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

SearchWorker::SearchWorker(QString journalPath)
    : m_path(std::move(journalPath))
{}

SearchWorker::~SearchWorker() = default;

void SearchWorker::search(quint64 requestId, const QString& query, int limit)
{
    if (requestId != latest.load()) {
        Q_EMIT superseded(requestId); // a newer query is on its way
        return;
    }
    if (!m_journal) {
        auto opened = Journal::open(m_path);
        if (!opened) {
            Q_EMIT failed(requestId, opened.error());
            return;
        }
        m_journal = std::move(opened).value();
    }
    auto hits = m_journal->search(query, limit);
    if (!hits)
        Q_EMIT failed(requestId, hits.error());
    else
        Q_EMIT searched(requestId, query, hits.value());
}

ArchiveWorker::ArchiveWorker(QString journalPath)
    : m_path(std::move(journalPath))
{}

ArchiveWorker::~ArchiveWorker() = default;

Journal* ArchiveWorker::journal(quint64 requestId)
{
    if (!m_journal) {
        auto opened = Journal::open(m_path);
        if (!opened) {
            Q_EMIT failed(requestId, opened.error());
            return nullptr;
        }
        m_journal = std::move(opened).value();
    }
    return m_journal.get();
}

void ArchiveWorker::importFile(quint64 requestId, const QString& path)
{
    Journal* j = journal(requestId);
    if (!j)
        return;
    cancel = false;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    auto report = engine::importFile(
        *j, path,
        [&](const ImportProgress& p) {
            if (sinceProgress.elapsed() >= 100) { // a progress bar needs no more
                sinceProgress.restart();
                Q_EMIT importProgress(requestId, p);
            }
        },
        &cancel);
    if (!report)
        Q_EMIT failed(requestId, report.error());
    else
        Q_EMIT imported(requestId, report.value());
}

Result<int> exportConversations(Journal& journal, const QList<qint64>& ids, ExportFormat format,
                                QIODevice& out)
{
    QList<qint64> which = ids;
    if (which.isEmpty()) {
        auto all = journal.conversationIds();
        if (!all)
            return all.error();
        which = all.value();
    }
    const bool array = format == ExportFormat::Json && (ids.isEmpty() || ids.size() > 1);
    if (array)
        out.write("[\n");
    int written = 0;
    for (qint64 id : std::as_const(which)) {
        auto c = journal.conversation(id);
        if (!c)
            return c.error();
        // A JSON export carries every attachment's bytes: import reads them back.
        if (format == ExportFormat::Json) {
            for (MessageRecord& m : c.value().messages) {
                for (Attachment& a : m.attachments) {
                    auto stored = journal.attachment(a.sha256);
                    if (!stored)
                        return stored.error();
                    a.data = stored.value().data;
                    a.text = stored.value().text;
                }
            }
        }
        QByteArray text = formatConversation(c.value(), format, AttachmentBytes::Include);
        if (array) {
            if (written > 0)
                out.write(",\n");
            text.chop(text.endsWith('\n') ? 1 : 0);
        } else if (written > 0) {
            out.write(format == ExportFormat::Markdown ? "\n---\n\n" : "\n");
        }
        if (out.write(text) != text.size())
            return Error{ErrorCode::Storage,
                         u"Cannot write the export: %1"_s.arg(out.errorString())};
        ++written;
    }
    if (array)
        out.write("\n]\n");
    return written;
}

void ArchiveWorker::exportTo(quint64 requestId, const QList<qint64>& ids, const QString& path,
                             ExportFormat format)
{
    Journal* j = journal(requestId);
    if (!j)
        return;
    // Written aside and renamed at the end: a failed export never leaves half a file.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        Q_EMIT failed(requestId, Error{ErrorCode::Storage,
                                       u"Cannot write %1: %2"_s.arg(path, file.errorString())});
        return;
    }
    // The history is for its owner only, written out as much as in the journal (QSaveFile
    // would give a new file the umask's 0644).
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    auto written = exportConversations(*j, ids, format, file);
    if (!written) {
        file.cancelWriting();
        Q_EMIT failed(requestId, written.error());
        return;
    }
    if (!file.commit()) {
        Q_EMIT failed(requestId, Error{ErrorCode::Storage,
                                       u"Cannot write %1: %2"_s.arg(path, file.errorString())});
        return;
    }
    Q_EMIT exported(requestId, written.value(), path);
}

} // namespace tether::engine
