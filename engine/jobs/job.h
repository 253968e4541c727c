// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/records.h"
#include "engine/core/types.h"
#include "engine/history/exporter.h"
#include "engine/history/history.h"
#include "engine/sync/syncjob.h"

#include <QObject>

namespace tether::engine {

class Engine;

// One request to the engine, as libQuotient's BaseJob: an object of its own with its own signals
// and status, answered on the thread that asked. Nobody else sees its answer. A job ends with
// `succeeded` or `failed` (or, superseded, with neither), then `finished`, and deletes itself
// when control returns to the event loop: connect, and keep a QPointer if you keep it longer.
class Job : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Running,
        Succeeded,
        Failed,
        Abandoned, // superseded by a newer request of its kind, or cancelled
    };
    Q_ENUM(Status)

    Status status() const { return m_status; }
    bool isFinished() const { return m_status != Status::Running; }
    // Set when the status is Failed.
    const Error& error() const { return m_error; }

Q_SIGNALS:
    void succeeded();
    void failed(const tether::engine::Error& error);
    void finished();

protected:
    explicit Job(Engine* engine);
    Engine* engine() const;

private:
    friend class Engine;
    void succeed();
    void fail(const Error& error);
    void abandon();
    void end();

    Status m_status = Status::Running;
    Error m_error;
};

// The sidebar's pages: `limit` conversations from `offset`, newest activity first.
class ListConversationsJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    int offset() const { return m_offset; }
    const QList<ConversationSummary>& conversations() const { return m_conversations; }

private:
    friend class Engine;
    int m_offset = 0;
    QList<ConversationSummary> m_conversations;
};

class LoadConversationJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const ConversationRecord& conversation() const { return m_conversation; }

private:
    friend class Engine;
    ConversationRecord m_conversation;
};

// A rename or a delete. Everyone learns of the change from Engine::conversationRenamed and
// Engine::conversationDeleted; the job tells the one who asked whether it failed.
class ChangeConversationJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
};

class LoadTimelineJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    qint64 generationId() const { return m_generationId; }
    const QList<AttemptRecord>& attempts() const { return m_attempts; }

private:
    friend class Engine;
    qint64 m_generationId = 0;
    QList<AttemptRecord> m_attempts;
};

class LoadRouteJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const GenerationRoute& route() const { return m_route; }

private:
    friend class Engine;
    GenerationRoute m_route;
};

class ListModelsJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const QStringList& models() const { return m_models; }

private:
    friend class Engine;
    QStringList m_models;
};

// A newer search abandons this one if it has not run yet: the user typed on.
class SearchJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const QString& query() const { return m_query; }
    const QList<SearchHit>& hits() const { return m_hits; }

private:
    friend class Engine;
    QString m_query;
    QList<SearchHit> m_hits;
};

class ImportJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const ImportReport& report() const { return m_report; }
    // Stops after the conversation being stored; what was stored stays. Ends as Failed.
    void cancel();

Q_SIGNALS:
    void progress(const tether::engine::ImportProgress& progress);

private:
    friend class Engine;
    ImportReport m_report;
};

// One sync with the WebDAV folder (Engine::sync): progress while it runs, then its summary.
class SyncRunJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const SyncSummary& summary() const { return m_summary; }

Q_SIGNALS:
    void progress(tether::engine::SyncPhase phase, qint64 done, qint64 total);
    // A request failed in a way that may pass; it goes again in `delayMs`.
    void retrying(const tether::engine::Error& error, qint64 delayMs, int attempt, int attempts);

private:
    friend class Engine;
    SyncSummary m_summary;
};

class ExportJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    int conversations() const { return m_conversations; }
    const QString& path() const { return m_path; }

private:
    friend class Engine;
    int m_conversations = 0;
    QString m_path;
};

// The tools MCP servers offer, as the model is offered them.
class ListToolsJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const QList<ToolSpec>& tools() const { return m_tools; }
    // Each server asked, with its error where it could not be reached.
    const QList<ToolServerStatus>& servers() const { return m_servers; }

private:
    friend class Engine;
    QList<ToolSpec> m_tools;
    QList<ToolServerStatus> m_servers;
};

// A journaled tool call run, declined or read: `calls` as the journal holds them afterwards.
class ToolCallJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const QList<ToolCallRecord>& calls() const { return m_calls; }

Q_SIGNALS:
    // Committed as running; the server has it now.
    void running(const tether::engine::ToolCallRecord& call);

private:
    friend class Engine;
    QList<ToolCallRecord> m_calls;
};

// One tools/call outside any conversation (tether-cli mcp call): nothing is journaled.
class McpCallJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
    const ToolOutcome& outcome() const { return m_outcome; }

private:
    friend class Engine;
    ToolOutcome m_outcome;
};

// A sign-in to an MCP server (tether-cli mcp login): succeeds once its token is kept.
class McpSignInJob : public Job {
    Q_OBJECT
public:
    using Job::Job;
};

} // namespace tether::engine
