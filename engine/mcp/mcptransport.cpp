// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/mcp/mcptransport.h"

#include "engine/core/logging.h"
#include "engine/mcp/mcphttptransport.h"

#include <QJsonDocument>
#include <QProcessEnvironment>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

StdioTransport::StdioTransport(McpServerConfig config, QObject* parent)
    : McpTransport(parent)
    , m_config(std::move(config))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &StdioTransport::readOut);
    connect(&m_process, &QProcess::readyReadStandardError, this, &StdioTransport::readErr);
    connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart && !m_failed) {
            m_failed = true;
            Q_EMIT failed(
                u"Could not start \"%1\": %2"_s.arg(m_config.command, m_process.errorString()));
        }
    });
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readOut();
        if (m_closing || m_failed)
            return;
        m_failed = true;
        Q_EMIT failed(status == QProcess::CrashExit
                          ? u"The server \"%1\" crashed."_s.arg(m_config.name)
                          : u"The server \"%1\" exited (code %2)."_s.arg(m_config.name).arg(code));
    });
}

StdioTransport::~StdioTransport()
{
    close();
}

void StdioTransport::open()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto& [k, v] : m_config.env)
        env.insert(k, v);
    m_process.setProcessEnvironment(env);
    qCInfo(lcMcp) << "starting" << m_config.name << m_config.command << m_config.args;
    m_process.start(m_config.command, m_config.args);
}

void StdioTransport::send(const QJsonObject& message, const QList<QPair<QByteArray, QByteArray>>&)
{
    if (m_failed || m_closing)
        return;
    // Compact JSON has no raw newline: strings escape theirs.
    QByteArray line = QJsonDocument(message).toJson(QJsonDocument::Compact);
    line.append('\n');
    m_process.write(line);
}

void StdioTransport::close()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_closing = true;
    // The spec's shutdown: close stdin, wait, then terminate, then kill. This runs on the tools
    // thread, never the window's.
    m_process.closeWriteChannel();
    if (!m_process.waitForFinished(2000)) {
        m_process.terminate();
        if (!m_process.waitForFinished(1000)) {
            m_process.kill();
            m_process.waitForFinished(1000);
        }
    }
}

void StdioTransport::readOut()
{
    const QList<QJsonObject> messages = m_reader.feed(m_process.readAllStandardOutput());
    // Some servers print banners on stdout; a stray line is logged, not fatal.
    if (const QByteArray skipped = m_reader.takeSkipped(); !skipped.isEmpty()) {
        qCWarning(lcMcp) << m_config.name
                         << "wrote a line that is not a JSON-RPC message:" << skipped;
    }
    for (const QJsonObject& message : messages) {
        Q_EMIT received(message);
        if (m_failed || m_closing)
            return;
    }
    if (m_reader.overflowed() && !m_failed) {
        m_failed = true;
        m_process.kill();
        Q_EMIT failed(u"The server \"%1\" sent a message over %2 MiB."_s.arg(m_config.name)
                          .arg(limits::MaxMcpMessageBytes / (1024 * 1024)));
    }
}

void StdioTransport::readErr()
{
    m_err.append(m_process.readAllStandardError());
    qsizetype start = 0;
    for (qsizetype nl; (nl = m_err.indexOf('\n', start)) >= 0; start = nl + 1)
        qCInfo(lcMcp).noquote() << m_config.name << "|" << m_err.mid(start, nl - start);
    m_err.remove(0, start);
    if (m_err.size() > 65536)
        m_err.clear();
}

std::unique_ptr<McpTransport> makeTransport(const McpServerConfig& config,
                                            QNetworkAccessManager* nam, McpAuth* auth)
{
    if (config.isHttp())
        return std::make_unique<HttpTransport>(config, nam, auth);
    return std::make_unique<StdioTransport>(config);
}

} // namespace tether::engine
