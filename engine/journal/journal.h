// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/records.h"
#include "engine/core/result.h"
#include "engine/core/types.h"
#include "engine/history/history.h"
#include "engine/stream/requestbuilder.h"
#include "engine/stream/streamdecoder.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <memory>
#include <vector>

namespace tether::engine {

class ChunkInsert;

struct GenerationRecord {
    qint64 id = 0;
    qint64 conversationId = 0;
    qint64 messageId = 0;
    QString provider;
    QString profile; // the profile id it was sent through; empty before schema 6
    QString baseUrl;
    QString model;
    Api api = Api::ChatCompletions;
    QString remoteId;
    GenerationStatus status = GenerationStatus::Streaming;
    int attempts = 0;
    qint64 lastSeq = 0;
    qint64 lastProviderSeq = -1;
    QString owner;
    QString continuation;
    QByteArray request; // the body of the first request
    QByteArray tools;   // the tools offered (toolSpecsJson), or empty
};

struct Exchange {
    qint64 conversationId = 0;
    qint64 userMessageId = 0;
    qint64 assistantMessageId = 0;
    qint64 generationId = 0;
    // The conversation's settings as this exchange uses them (the request's over the stored).
    ConversationSettings settings;
    // The conversation up to and including the new user message, as the request must carry it:
    // the system prompt first.
    History history;
};

// What the end of a generation writes, in the same transaction that materialises its text.
struct GenerationOutcome {
    GenerationStatus status = GenerationStatus::Completed;
    QString error;
    QString finishReason;
    QString remoteId;
    Usage usage;
    Timings timings;
};

// Local changes to send as one segment of this device's sync log (journal_sync.cpp).
struct SyncOutgoing {
    QByteArray lines; // one compact JSON record per line
    int records = 0;
    qint64 lastPending = 0; // the sync_pending rows it carries: all up to this one
    QStringList blobs;      // sha256 of the attachments its messages carry
};

// Where a snapshot's pages have got to: conversations, then messages, then deleted ids.
struct SyncSnapshotCursor {
    int phase = 0; // 0 conversations, 1 messages, 2 deleted ids, 3 done
    qint64 id = 0;
    QString gid;
};

struct SyncApplied {
    int records = 0; // that changed something here
    int ignored = 0; // older than what is here, deleted here, or changed here and not yet sent
    QList<qint64> conversations; // touched, for whoever shows them
};

// The on-disk journal: conversations, messages, generations and every streamed chunk.
// One Journal is one SQLite connection and must stay on the thread that opened it.
class Journal {
public:
    static constexpr int LatestVersion = 10;

    // Opens (creating and migrating as needed) the journal at `path`. `schemaVersion` below
    // LatestVersion stops migrating early; only tests want that.
    static Result<std::unique_ptr<Journal>> open(const QString& path,
                                                 int schemaVersion = LatestVersion);
    ~Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;

    int schemaVersion();
    QSqlDatabase database() const { return m_db; }

    // Stores the user's message with its attachments, an empty streaming assistant message and
    // its generation, in one transaction. The user message follows the shown thread's last
    // message; an edit follows what the replaced message followed, and a regenerated reply
    // answers the same user message as the one it joins as an alternative.
    Result<Exchange> beginExchange(const SendRequest& request);
    Result<void> setGenerationRequest(qint64 generationId, const QByteArray& requestJson);

    // Appends `deltas` as seqs firstSeq.. in one transaction, with the stream's progress.
    // Returning means it is committed: only then may anything of it be shown.
    Result<void> appendChunks(qint64 generationId, qint64 firstSeq,
                              const std::vector<Delta>& deltas, qint64 lastProviderSeq,
                              const QString& remoteId, qint64 bytes, int attempt = 1);

    Result<void> beginAttempt(qint64 generationId, int attempt, const QString& kind);
    Result<void> endAttempt(qint64 generationId, int attempt, const QString& cause, int httpStatus,
                            qint64 retryDelayMs);
    // A `restart` continuation: the text of these attempts no longer counts.
    Result<void> supersedeAttempts(qint64 generationId, int upToAttempt);
    // Attempts a process that is gone left open end now, for `cause` (the timeline showed them
    // running for ever).
    Result<void> endOpenAttempts(qint64 generationId, const QString& cause);
    Result<QList<AttemptRecord>> attempts(qint64 generationId);

    // The conversation before `messageId` on its branch, as a request carries it, the system
    // prompt first (a resume through another API rebuilds its request from it).
    Result<History> historyBefore(qint64 conversationId, qint64 messageId);
    // Shows the thread through `messageId`: its ancestors, it, and below it the message shown
    // now or else the newest at each step. Refused while it would hide a reply still streaming.
    // Returns the conversation's id.
    Result<qint64> showBranch(qint64 messageId);
    // A stored attachment, with its bytes.
    Result<Attachment> attachment(const QString& sha256);
    // The provider-side response is gone (expired, cancelled as stuck): forget its id and
    // sequence numbers; the next one starts from -1.
    Result<void> forgetRemote(qint64 generationId);
    // The profile now speaks another API: the generation goes on with this request, no remote.
    Result<void> reroute(qint64 generationId, Api api, const QByteArray& requestJson);

    // Marks the generation (and its message) streaming again, run by `owner`.
    Result<void> claim(qint64 generationId, const QString& owner, const QString& continuation);
    // Generations marked streaming, with their owners: after a crash, nobody runs them.
    Result<QList<QPair<qint64, QString>>> streamingGenerations();
    // Generations left interrupted, oldest first.
    Result<QList<qint64>> interruptedGenerations();
    // Marks the generation ended and writes the message text built from its chunks.
    Result<void> finishGeneration(qint64 generationId, const GenerationOutcome& outcome);

    Result<ConversationRecord> conversation(qint64 id);
    Result<ConversationSettings> conversationSettings(qint64 id);
    Result<void> setConversationSettings(qint64 id, const ConversationSettings& settings);
    Result<void> renameConversation(qint64 id, const QString& title);
    // The same, only while its title is still `expected` (checked in the same statement).
    Result<void> renameConversationFrom(qint64 id, const QString& expected, const QString& title);
    // Every conversation id, newest first (export --all).
    Result<QList<qint64>> conversationIds();

    // Full-text search over the user's and the model's messages on every branch, best first. Words
    // of three characters or more go through the FTS5 trigram index; shorter ones (一, 中文, "go")
    // are matched with LIKE.
    Result<QList<SearchHit>> search(const QString& query, int limit);
    // Stores one imported conversation in one transaction: new messages are added (keyed on
    // their source ids), known ones keep their text and take the new shown/hidden state.
    Result<ImportOutcome> importConversation(const ImportedConversation& conversation);
    // Deletes the conversation with its messages, generations, chunks and attempts.
    Result<void> deleteConversation(qint64 id);
    // Newest first.
    Result<QList<ConversationSummary>> conversations(int offset, int limit,
                                                     MessageCounts counts = MessageCounts::Omit);
    Result<qint64> lastConversationId();
    Result<GenerationRecord> generation(qint64 id);

    // A generation's text, reasoning and refusal from its chunks, in seq order, leaving out
    // superseded attempts: what the message shows.
    struct Parts {
        QString text;
        QString reasoning;
        QString refusal;
    };
    Result<Parts> parts(qint64 generationId);
    // Concatenated chunk texts of one kind, in seq order, leaving out superseded attempts.
    Result<QString> chunkText(qint64 generationId, ChunkKind kind);

    // Tools (journal_tools.cpp). The calls of each of `messageIds`, in order.
    Result<QHash<qint64, QList<ToolCallRecord>>> toolCalls(const QList<qint64>& messageIds);
    Result<ToolCallRecord> toolCall(qint64 id);
    // Waiting or interrupted -> running, by `owner`, with how it was allowed; committed before
    // the server hears of it. Any other state is refused: a call runs at most once unless the
    // user allows it again after an interruption.
    Result<ToolCallRecord> startToolCall(qint64 id, ToolApproval approval, const QString& owner);
    // Running -> done, or failed (a transport error, or the tool's own isError).
    Result<ToolCallRecord> finishToolCall(qint64 id, const ToolOutcome& outcome);
    // Waiting or interrupted -> declined; the model is told `reason` (empty: the user declined).
    Result<ToolCallRecord> declineToolCall(qint64 id, const QString& reason);
    // Calls marked running, with their owners: after a crash, nobody runs them.
    Result<QList<QPair<qint64, QString>>> runningToolCalls();
    Result<void> interruptToolCall(qint64 id, const QString& why);
    Result<QList<ToolRound>> pendingToolRounds();

    // Sync (journal_sync.cpp). This journal's device id; `create` makes one the first time and
    // queues everything there is to send, so the first sync uploads the whole history.
    Result<QString> syncDevice(bool create);
    Result<QString> syncValue(const QString& key);
    // In one transaction: several values are noted together or not at all.
    Result<void> setSyncValues(const QHash<QString, QString>& values);
    Result<qint64> syncPendingCount();
    // The oldest changes not yet sent, up to about `maxBytes` of records (at least one).
    Result<SyncOutgoing> syncOutgoing(qint64 maxBytes, int maxRecords);
    // `batch` is on the server as `stamp` (the segment's clock and device): its rows leave the
    // queue, its conversations and messages remember the stamp, and `values` (the next segment
    // number, the clock) are saved, all in one transaction.
    Result<void> syncSent(const SyncOutgoing& batch, const QString& stamp,
                          const QHash<QString, QString>& values);
    // Of `sha256s`, those not yet uploaded (sync_blobs), and those the journal lacks.
    Result<QStringList> syncUnsentBlobs(const QStringList& sha256s);
    Result<void> syncBlobSent(const QString& sha256);
    Result<QStringList> syncMissingBlobs(const QStringList& sha256s);
    Result<void> syncStoreBlob(const Attachment& attachment);
    // One page (about `maxBytes`) of everything this device holds, for a snapshot: each record
    // with its own stamp; what is queued here and not sent yet is left out (the log carries it).
    Result<SyncOutgoing> syncSnapshotPage(SyncSnapshotCursor& cursor, qint64 maxBytes);
    // Whether this device has read any other device's log yet.
    Result<bool> syncHasRead();
    // Applies another device's records (stamped `stamp`, or each by its own "s") in one transaction
    // with `values` (how far that device's log is read): a record wins over what is here when its
    // stamp is later; deleted things stay deleted; a change made here and not yet sent is kept (it
    // will be sent with a later stamp). New messages join their thread, or become alternatives
    // beside it.
    Result<SyncApplied> syncApply(const QList<QJsonObject>& records, const QString& segmentStamp,
                                  const QHash<QString, QString>& values);

    static QString defaultDataDir();
    static QString pathIn(const QString& dataDir);

private:
    // At the end of a generation, in its transaction: its tool-call chunks, assembled, become
    // the message's tool_calls; a completed generation's become waiting calls too, mapped to the
    // servers' tools they were offered as.
    Result<void> recordToolCalls(qint64 generationId, bool propose);
    explicit Journal(const QSqlDatabase& db);
    // A conversation's messages as a tree: each with its parent, whether it is context (never
    // shown: system, tool, hidden thoughts) and whether it is off the shown thread.
    class Tree {
    public:
        struct Node {
            qint64 parent = 0;
            bool context = false;
            bool hidden = false;
        };
        explicit Tree(QHash<qint64, Node> nodes);
        const QHash<qint64, Node>& nodes() const { return m_nodes; }
        // The nearest ancestor that is not context; 0 for a root.
        qint64 shownParent(qint64 id) const;
        // The message and its siblings (answers to, or edits after, the same shown parent),
        // oldest first.
        QList<qint64> alternatives(qint64 id) const;
        // The thread showBranch shows.
        QSet<qint64> threadThrough(qint64 id) const;

    private:
        QHash<qint64, Node> m_nodes;
        QHash<qint64, QList<qint64>> m_children; // by parent (0: roots), oldest first
    };
    Result<Tree> tree(qint64 conversationId);
    // Sets the conversation's hidden flags so that `thread` (and context) is what shows.
    Result<void> showThread(const Tree& tree, const QSet<qint64>& thread);
    Result<QJsonObject> syncRecord(const QString& kind, qint64 ref, const QString& body,
                                   QStringList& blobs);
    // Whether `gid` was deleted here (or by a tombstone applied here).
    Result<bool> isDeletedHere(const QString& gid);
    Result<bool> applyConversation(const QJsonObject& c, const QString& stamp);
    Result<bool> applyMessage(const QJsonObject& m, const QString& stamp, qint64& conversation);
    // A message new here: hung from its parent when it arrives, linked to its attachments.
    Result<void> linkSyncedMessage(const QJsonObject& m, qint64 id);
    Result<void> applyToolCalls(const QJsonArray& calls, qint64 messageId);
    Result<qint64> applyTombstone(const QJsonObject& x);
    // A snapshot's deleted id: gone here too. The conversation it touched, -1 for a
    // conversation that went, 0 for nothing here.
    Result<qint64> applyDeleted(const QString& gid);
    Result<qint64> conversationForSync(const QString& gid, qint64 createdAt);
    // Shows each conversation's thread down to its newest messages, after a sync added some.
    Result<void> revealSynced(const QList<qint64>& conversations);
    // Of `sha256s`, those `table` (sync_blobs, attachments) does not hold.
    Result<QStringList> shasNotIn(const QString& table, const QStringList& sha256s);
    Result<void> saveSyncValues(const QHash<QString, QString>& values);
    Result<void> storeAttachments(qint64 messageId, const QList<Attachment>& attachments);
    enum class AttachmentData { None, Text, Images };
    // The attachments of each of `messageIds`, in order: names, types, sizes, and with `Text`
    // the text of text files and PDFs (what a request carries), with `Images` images' bytes
    // (what the window draws).
    Result<QHash<qint64, QList<Attachment>>> attachmentsOf(const QList<qint64>& messageIds,
                                                           AttachmentData data);
    // Attachments no message carries any more (their conversations were deleted).
    Result<void> deleteUnusedAttachments();
    Result<void> migrate(int targetVersion);
    // VACUUM INTO journal-schema<version>-<time>.sqlite beside the journal; keeps the last two.
    Result<QString> backupBeforeMigration(int version);
    // The journal's one way to run a statement: prepared, bound in order, run forward-only, and
    // a failure is the journal's Error (a full disk says so). `run` prepares; the other binds
    // and runs a statement prepared once for a loop.
    Result<QSqlQuery> run(const QString& sql, const QVariantList& values = {});
    Result<void> exec(QSqlQuery& query, const QVariantList& values = {});
    // Runs a statement on one conversation; NotFound when no row was touched.
    Result<void> execOnConversation(QSqlQuery& query, qint64 id);
    // A write transaction that rolls back unless committed: every early return, error or not,
    // leaves the journal as it was.
    class Transaction {
    public:
        explicit Transaction(Journal& journal);
        ~Transaction();
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        // Whether BEGIN succeeded; the error to return when not.
        const Result<void>& begun() const { return m_begun; }
        Result<void> commit();

    private:
        Journal& m_journal;
        Result<void> m_begun;
        bool m_open = false;
    };
    Error sqlError(const QSqlQuery& query) const;
    Error sqlError(const class QSqlError& error) const;

    QSqlDatabase m_db;
    QString m_connection;
    std::unique_ptr<ChunkInsert> m_rawInsert; // null: QtSql inserts the chunks
    std::unique_ptr<QSqlQuery> m_insertChunk; // only where m_rawInsert is not
    std::unique_ptr<QSqlQuery> m_updateProgress;
};

} // namespace tether::engine
