// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the tether-cli tests share: the built binary run by QProcess with an environment of its
// own, a mock provider, and what came out.
#include "engine/core/version.h"
#include "mockserver.h"
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

#ifdef Q_OS_UNIX
#include <csignal>
#endif

inline const QString Key = u"sk-cli-SECRET-456"_s;

inline const QStringList Story = {u"Once "_s, u"upon "_s,    u"a time, "_s,  u"中文 "_s,
                                  u"🎉 "_s,    u"a reply "_s, u"streamed "_s, u"and was "_s,
                                  u"cut "_s,  u"off, "_s,    u"but "_s,      u"Tether "_s,
                                  u"kept "_s, u"every "_s,   u"token."_s};

inline QString story()
{
    return Story.join(QString());
}

inline MockResponse continueFrom(const RecordedRequest& request)
{
    return MockServer::prefillContinuation(request, story(), 4);
}

struct Outcome {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

class CliFixture : public QObject {
protected:
    QString m_cli;
    QTemporaryDir m_dir;
    QString m_dataDir; // overrides m_dir for tests that need a journal of their own

    QProcessEnvironment env(const MockServer* server) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(u"OPENAI_API_KEY"_s, Key);
        e.insert(u"OPENAI_BASE_URL"_s,
                 server ? server->baseUrl().toString() : u"http://127.0.0.1:9/v1"_s);
        e.insert(u"TETHER_MODEL"_s, u"mock-model"_s);
        e.insert(u"TETHER_DATA_DIR"_s, m_dataDir.isEmpty() ? m_dir.path() : m_dataDir);
        return e;
    }

    // Runs the CLI while this thread's event loop keeps serving the mock.
    Outcome cli(const QStringList& args, const MockServer* server = nullptr)
    {
        QProcess p;
        p.setProcessEnvironment(env(server));
        QSignalSpy finished(&p, &QProcess::finished);
        p.start(m_cli, args);
        if (!p.waitForStarted(5000))
            return {};
        if (!finished.wait(30000))
            p.kill();
        Outcome o;
        o.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        o.out = p.readAllStandardOutput();
        o.err = p.readAllStandardError();
        return o;
    }

    QJsonObject showJson(const QString& which)
    {
        const Outcome o = cli({u"show"_s, which, u"--format"_s, u"json"_s});
        if (o.exitCode != 0)
            return {};
        return QJsonDocument::fromJson(o.out).object();
    }

    static QJsonObject lastMessage(const QJsonObject& conversation)
    {
        return conversation.value("messages"_L1).toArray().last().toObject();
    }

    void setUpFixture()
    {
        m_cli = qEnvironmentVariable("TETHER_CLI");
        QVERIFY2(QFile::exists(m_cli), "TETHER_CLI must name the built tether-cli");
        QVERIFY(m_dir.isValid());
    }

    void tearDownFixture() {}
};
