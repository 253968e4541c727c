// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginecall.h"

#include "commands.h"
#include "output.h"

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

EngineCall::EngineCall(const QString& dataDir)
    : m_engine(dataDir)
{
    QObject::connect(&m_engine, &Engine::openFailed, &m_loop, [this](const Error& e) {
        writeErr(u"tether-cli: "_s + e.message + u'\n');
        finish(ExitError);
    });
}

int EngineCall::exec()
{
    m_engine.start();
    m_loop.exec();
    return m_exitCode;
}

void EngineCall::finish(int code)
{
    m_exitCode = code;
    m_loop.exit(code);
}

void EngineCall::withConversation(qint64 id, const std::function<void(qint64)>& then)
{
    if (id > 0) {
        then(id);
        return;
    }
    // The most recently updated, as `list` shows it first.
    whenDone(m_engine.listConversations(0, 1), [this, then](const ListConversationsJob& job) {
        if (job.conversations().isEmpty())
            fail(Error{ErrorCode::NotFound, u"There are no conversations yet."_s});
        else
            then(job.conversations().constFirst().id);
    });
}

void EngineCall::fail(const Error& error)
{
    writeErr(u"tether-cli: "_s + error.message + u'\n');
    finish(error.code == ErrorCode::Usage || error.code == ErrorCode::NotFound ? ExitUsage
                                                                               : ExitError);
}

} // namespace tether::cli
