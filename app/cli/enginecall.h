// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/engine.h"

#include <QEventLoop>

#include <functional>

namespace tether::cli {

// One run of the engine for a command: the journal is opened on the engine's thread, as in the
// window, and the command asks through jobs. exec() returns when finish() is called; a journal
// that cannot be opened ends the run with its message.
class EngineCall {
public:
    explicit EngineCall(const QString& dataDir);

    engine::Engine& engine() { return m_engine; }
    // Starts the engine (then Engine::ready) and runs until finish().
    int exec();
    void finish(int code);
    // Prints the error and finishes: a bad argument (no such conversation, an unreadable
    // import) exits 2, anything else 1.
    void fail(const engine::Error& error);

    // `then(job)` when the job succeeds; fail() when it fails.
    template <typename J, typename Then> void whenDone(J* job, Then then)
    {
        QObject::connect(job, &engine::Job::succeeded, &m_loop, [job, then] { then(*job); });
        QObject::connect(job, &engine::Job::failed, &m_loop,
                         [this](const engine::Error& e) { fail(e); });
    }
    // `then(id)` with conversation `id`, or with the most recently updated one when `id` is 0
    // ("last"); with none yet, fail().
    void withConversation(qint64 id, const std::function<void(qint64)>& then);
    // Runs `ask` once the journal is open.
    template <typename Ask> void whenOpen(Ask ask)
    {
        QObject::connect(&m_engine, &engine::Engine::ready, &m_loop, ask);
    }

private:
    engine::Engine m_engine;
    QEventLoop m_loop;
    int m_exitCode = 1;
};

} // namespace tether::cli
