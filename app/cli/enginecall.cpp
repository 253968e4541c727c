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

void EngineCall::fail(const Error& error)
{
    writeErr(u"tether-cli: "_s + error.message + u'\n');
    finish(error.code == ErrorCode::Usage || error.code == ErrorCode::NotFound ? ExitUsage
                                                                               : ExitError);
}

} // namespace tether::cli
