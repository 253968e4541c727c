// SPDX-License-Identifier: GPL-3.0-or-later
// Sign-in to a remote MCP server, against tests/mcp/oauth-server.mjs: the official SDK's
// authorization handlers and bearer middleware with an in-memory provider. What the conformance
// framework's scenarios (mcp_conformance) do not reach: a sign-in kept across a restart, a
// refresh without the browser, a revoked sign-in asking again, a mixed-up issuer refused, and no
// token in the journal's files or the log.
#include "engine/core/secretstore.h"
#include "engine/engine.h"
#include "engine/mcp/auth/loopbackredirect.h"
#include "engine/mcp/auth/mcpauth.h"
#include "mcpfixture.h"
#include "recorder.h"

#include <QDirIterator>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrlQuery>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

namespace {
QStringList g_log;
QtMessageHandler g_previous = nullptr;
void keepLog(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    g_log.append(message);
    g_previous(type, context, message);
}
} // namespace

class TestMcpAuth : public QObject {
    Q_OBJECT
    QProcess m_server;
    quint16 m_port = 0;
    QNetworkAccessManager m_nam;
    std::shared_ptr<MemorySecretStore> m_keychain;
    QTemporaryDir m_dir;
    int m_browserVisits = 0;
    QList<bool> m_again;

    QUrl mcpUrl() const { return QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_port)); }

    bool startServer(const QByteArray& wrongIss = {})
    {
        m_server.kill();
        m_server.waitForFinished();
        m_port = freePort();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"OAUTH_WRONG_ISS"_s, QString::fromLatin1(wrongIss));
        m_server.setProcessEnvironment(env);
        m_server.start(u"node"_s, {mcpDir() + u"/oauth-server.mjs"_s, QString::number(m_port)});
        if (!m_server.waitForReadyRead(10000))
            return false;
        return m_server.readAllStandardOutput().startsWith("listening");
    }

    QJsonObject admin(const QByteArray& verb, const QString& path)
    {
        QNetworkRequest r(QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_port).arg(path)));
        QNetworkReply* reply = verb == "GET" ? m_nam.get(r) : m_nam.post(r, QByteArray());
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(5000);
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    // An engine as a program makes one: the keychain (here a memory one, shared between
    // "restarts" as the OS keychain is), the server configured, and a browser that follows the
    // authorization server's redirects as a user who clicks "Allow".
    std::unique_ptr<Engine> engine()
    {
        auto e = std::make_unique<Engine>(m_dir.path());
        e->setSecretStore(m_keychain);
        McpServerConfig c;
        c.name = u"remote"_s;
        c.url = mcpUrl();
        e->setToolServers({c});
        connect(e.get(), &Engine::toolSignInRequested, this,
                [this](const QString&, const QUrl& url, bool again) {
                    ++m_browserVisits;
                    m_again.append(again);
                    QNetworkReply* r = m_nam.get(QNetworkRequest(url));
                    connect(r, &QNetworkReply::finished, r, &QObject::deleteLater);
                });
        QSignalSpy ready(e.get(), &Engine::ready);
        e->start();
        ready.wait(10000);
        return e;
    }

    ToolOutcome call(Engine& e, const QString& tool = u"whoami"_s, Error* error = nullptr)
    {
        ToolOutcome out;
        Error failure;
        if (!await<McpCallJob>(
                e.callTool(u"remote"_s, tool, u"{}"_s),
                [&](const McpCallJob& j) { out = j.outcome(); }, &failure, 30000))
            out.error = failure;
        if (error)
            *error = failure;
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFile::exists(mcpDir() + u"/node_modules/@modelcontextprotocol/sdk/package.json"_s))
            QFAIL("tests/mcp is not installed: run scripts/setup-debian.sh");
        g_previous = qInstallMessageHandler(keepLog);
        QLoggingCategory::setFilterRules(u"tether.*=true"_s);
    }

    void init()
    {
        m_keychain = std::make_shared<MemorySecretStore>();
        m_browserVisits = 0;
        m_again.clear();
        QVERIFY(startServer());
    }

    void cleanup()
    {
        m_server.kill();
        m_server.waitForFinished();
    }

    void aSignInIsKeptAcrossARestart()
    {
        {
            auto e = engine();
            const ToolOutcome first = call(*e);
            QVERIFY2(first.ok, qPrintable(first.error.message));
            QCOMPARE(m_browserVisits, 1);
            QCOMPARE(m_again, QList<bool>{false});
        }
        auto restarted = engine();
        const ToolOutcome again = call(*restarted);
        QVERIFY2(again.ok, qPrintable(again.error.message));
        QCOMPARE(m_browserVisits, 1); // no second sign-in
        const QJsonObject stats = admin("GET", u"/admin/stats"_s);
        QCOMPARE(stats.value("authorizations"_L1).toInt(), 1);
        QCOMPARE(stats.value("calls"_L1).toInt(), 2);
        QCOMPARE(stats.value("lastScope"_L1).toString(), u"mcp:tools"_s); // scopes_supported
    }

    void anExpiredTokenIsRefreshedWithoutTheBrowser()
    {
        auto e = engine();
        QVERIFY(call(*e).ok);
        admin("POST", u"/admin/expire"_s);
        auto restarted = engine(); // a new session: its first request meets the 401
        const ToolOutcome out = call(*restarted);
        QVERIFY2(out.ok, qPrintable(out.error.message));
        QCOMPARE(m_browserVisits, 1);
        const QJsonObject stats = admin("GET", u"/admin/stats"_s);
        QCOMPARE(stats.value("refreshes"_L1).toInt(), 1);
        QCOMPARE(stats.value("authorizations"_L1).toInt(), 1);
    }

    void aRevokedSignInAsksAgain()
    {
        auto e = engine();
        QVERIFY(call(*e).ok);
        admin("POST", u"/admin/revoke"_s);
        auto restarted = engine();
        const ToolOutcome out = call(*restarted);
        QVERIFY2(out.ok, qPrintable(out.error.message));
        QCOMPARE(m_again, (QList<bool>{false, true})); // "sign in again"
        QCOMPARE(admin("GET", u"/admin/stats"_s).value("authorizations"_L1).toInt(), 2);
    }

    void anAnswerFromAnotherIssuerIsRefused()
    {
        QVERIFY(startServer("1"));
        auto e = engine();
        Error error;
        const ToolOutcome out = call(*e, u"whoami"_s, &error);
        QVERIFY(!out.ok);
        QVERIFY2(error.message.contains("another authorization server"_L1),
                 qPrintable(error.message));
        QCOMPARE(admin("GET", u"/admin/stats"_s).value("tokens"_L1).toInt(), 0);
    }

    // The redirect URI takes one GET /callback; anything else, anything too large, or anything
    // after it, is answered and forgotten.
    void theLoopbackTakesOnlyItsCallback()
    {
        oauth::LoopbackRedirect redirect;
        QVERIFY(redirect.listen());
        QVERIFY(redirect.redirectUri().startsWith("http://127.0.0.1:"_L1));
        QSignalSpy received(&redirect, &oauth::LoopbackRedirect::received);
        const auto ask = [this](const QUrl& url) {
            QNetworkReply* r = m_nam.get(QNetworkRequest(url));
            QSignalSpy done(r, &QNetworkReply::finished);
            done.wait(5000);
            r->deleteLater();
            return r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        };
        const QUrl callback(redirect.redirectUri());
        QCOMPARE(ask(callback.resolved(QUrl(u"/elsewhere?code=x"_s))), 404);
        QUrl huge = callback;
        huge.setQuery(u"code="_s + QString(9000, u'x'));
        QCOMPARE(ask(huge), 400);
        QCOMPARE(received.size(), 0);
        QUrl good = callback;
        good.setQuery(u"code=abc&state=s1&iss=https%3A%2F%2Fa.example"_s);
        QCOMPARE(ask(good), 200);
        QCOMPARE(received.size(), 1);
        const QUrlQuery query = received.first().first().value<QUrlQuery>();
        QCOMPARE(query.queryItemValue(u"code"_s), u"abc"_s);
        QCOMPARE(query.queryItemValue(u"iss"_s, QUrl::FullyDecoded), u"https://a.example"_s);
        QCOMPARE(ask(good), 0); // closed: nothing listens any more
        QCOMPARE(received.size(), 1);
    }

    void theTokenIsInNoFileAndNoLog()
    {
        g_log.clear();
        {
            auto e = engine();
            QVERIFY(call(*e).ok);
        }
        QByteArray kept;
        m_keychain->read(McpAuth::secretKey(mcpUrl()), [&](Result<QByteArray> r) {
            if (r)
                kept = r.value();
        });
        const QString token =
            QJsonDocument::fromJson(kept).object().value("access_token"_L1).toString();
        QVERIFY(token.startsWith("at-"_L1));
        QVERIFY2(g_log.size() > 3, qPrintable(g_log.join(u"\n"_s))); // the sign-in was logged
        for (const QString& line : std::as_const(g_log))
            QVERIFY2(!line.contains(token), qPrintable(line));
        QDirIterator files(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(token.toLatin1()), qPrintable(f.fileName()));
        }
    }
};

QTEST_GUILESS_MAIN(TestMcpAuth)
#include "tst_mcpauth.moc"
