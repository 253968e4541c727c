// SPDX-License-Identifier: GPL-3.0-or-later
// The window with a remote tool server that needs sign-in (tests/mcp/oauth-server.mjs, the
// SDK's authorization handlers): the sign-in box, the browser opened only when the user says so
// (a URL handler stands in for it and follows the redirects, as a user clicking "Allow"), the
// tools listed after it; a server's question as a form with its defaults, answered; and a
// revoked sign-in saying "sign in again", dismissed, the call failing at once instead of waiting.
#include "engine/core/secretstore.h"
#include "mcpfixture.h"
#include "ui/dialogs/elicitationdialog.h"
#include "ui/dialogs/toolserversdialog.h"
#include "ui/session/toolsession.h"
#include "windowfixture.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFormLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>

class TestWindowSignIn : public WindowFixture {
    Q_OBJECT
    QProcess m_auth;
    quint16 m_port = 0;
    QNetworkAccessManager m_nam;
    QList<QUrl> m_opened;

    QUrl mcpUrl() const { return QUrl(u"http://127.0.0.1:%1/mcp"_s.arg(m_port)); }

    template <typename T> T* shown()
    {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (auto* t = qobject_cast<T*>(w); t && t->isVisible())
                return t;
        }
        return nullptr;
    }

    QAbstractButton* button(QMessageBox* box, const QString& text)
    {
        for (QAbstractButton* b : box->buttons()) {
            if (b->text() == text)
                return b;
        }
        return nullptr;
    }

    ToolOutcome call(const QString& tool, Error* error = nullptr)
    {
        ToolOutcome out;
        bool done = false;
        McpCallJob* job = m_engine->callTool(u"remote"_s, tool, u"{}"_s);
        connect(job, &Job::succeeded, this, [&] {
            out = job->outcome();
            done = true;
        });
        connect(job, &Job::failed, this, [&](const Error& e) {
            if (error)
                *error = e;
            done = true;
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(done, 30000); }();
        return out;
    }

    void signIn()
    {
        bool listed = false;
        QList<ToolSpec> tools;
        m_window->tools()->withTools(this, [&](const QList<ToolSpec>& t, const auto&) {
            tools = t;
            listed = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(shown<QMessageBox>(), 10000);
        QMessageBox* box = shown<QMessageBox>();
        QCOMPARE(box->text(), u"The tool server “remote” asks you to sign in."_s);
        QVERIFY(m_opened.isEmpty()); // nothing opens before the user says so
        QTest::mouseClick(button(box, u"Sign In in Browser"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(listed, 20000);
        QCOMPARE(m_opened.size(), 1);
        QCOMPARE(m_opened.first().path(), u"/authorize"_s);
        QCOMPARE(tools.size(), 2);
        QTRY_COMPARE(status(), u"Signed in to the tool server “remote”."_s);
    }

public Q_SLOTS:
    // The system's browser, as far as the window knows.
    void openUrl(const QUrl& url)
    {
        m_opened.append(url);
        QNetworkReply* r = m_nam.get(QNetworkRequest(url));
        connect(r, &QNetworkReply::finished, r, &QObject::deleteLater);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QDesktopServices::setUrlHandler(u"http"_s, this, "openUrl");
        if (!QFile::exists(mcpDir() + u"/node_modules/@modelcontextprotocol/sdk/package.json"_s))
            QFAIL("tests/mcp is not installed: run scripts/setup-debian.sh");
    }

    void cleanupTestCase() { QDesktopServices::unsetUrlHandler(u"http"_s); }

    void init()
    {
        m_opened.clear();
        m_port = freePort();
        m_auth.start(u"node"_s, {mcpDir() + u"/oauth-server.mjs"_s, QString::number(m_port)});
        QVERIFY(m_auth.waitForReadyRead(10000));
        setUpFixture();
        m_engine->setSecretStore(std::make_shared<MemorySecretStore>());
        McpServerConfig remote;
        remote.name = u"remote"_s;
        remote.url = mcpUrl();
        m_window->tools()->setServers({remote});
    }

    void cleanup()
    {
        tearDownFixture();
        m_auth.kill();
        m_auth.waitForFinished();
    }

    void signInThenAnswerTheServersForm()
    {
        signIn();
        bool done = false;
        ToolOutcome out;
        McpCallJob* job = m_engine->callTool(u"remote"_s, u"ask"_s, u"{}"_s);
        connect(job, &Job::succeeded, this, [&] {
            out = job->outcome();
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(shown<ElicitationDialog>(), 20000);
        auto* dialog = shown<ElicitationDialog>();
        QCOMPARE(dialog->windowTitle(), u"“remote” asks"_s);
        auto* name = dialog->findChild<QLineEdit*>(u"name"_s);
        auto* colour = dialog->findChild<QComboBox*>(u"colour"_s);
        QCOMPARE(name->text(), u"Ada"_s); // the schema's defaults
        // What must be answered comes first.
        auto* form = dialog->findChild<QFormLayout*>();
        QCOMPARE(form->itemAt(0, QFormLayout::FieldRole)->widget(), name);
        QCOMPARE(colour->currentText(), u"green"_s);
        name->setText(u"Grace"_s);
        colour->setCurrentText(u"blue"_s);
        QPushButton* accept = nullptr;
        for (auto* b : dialog->findChildren<QPushButton*>())
            if (b->text() == "Accept"_L1)
                accept = b;
        QTest::mouseClick(accept, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
        const QString text =
            out.result.value("content"_L1).toArray().at(0).toObject().value("text"_L1).toString();
        QCOMPARE(text, u"accept {\"colour\":\"blue\",\"large\":false,\"name\":\"Grace\"}"_s);
    }

    // Tool Servers ▸ Sign Out forgets it: the next use asks again, as the first did.
    void signOutAsksAgainAtTheNextUse()
    {
        signIn();
        ToolServersDialog dialog(*m_window->tools(), m_window.get());
        dialog.show();
        dialog.findChild<QListWidget*>(u"servers"_s)->setCurrentRow(0);
        auto* signOut = dialog.findChild<QPushButton*>(u"signOut"_s);
        QVERIFY(signOut->isEnabled());
        QTest::mouseClick(signOut, Qt::LeftButton);
        QTRY_COMPARE(dialog.findChild<QLabel*>(u"serverStatus"_s)->text(),
                     u"Signed out of “remote”: its next use asks you to sign in."_s);
        dialog.close();
        m_window->tools()->withTools(this, [](const auto&, const auto&) {});
        QTRY_VERIFY_WITH_TIMEOUT(shown<QMessageBox>(), 10000);
        QCOMPARE(shown<QMessageBox>()->text(), u"The tool server “remote” asks you to sign in."_s);
    }

    void aRevokedSignInSaysSignInAgain()
    {
        signIn();
        QNetworkReply* revoke = m_nam.post(
            QNetworkRequest(QUrl(u"http://127.0.0.1:%1/admin/revoke"_s.arg(m_port))), QByteArray());
        QSignalSpy revoked(revoke, &QNetworkReply::finished);
        QVERIFY(revoked.wait(5000));
        Error error;
        bool done = false;
        McpCallJob* job = m_engine->callTool(u"remote"_s, u"whoami"_s, u"{}"_s);
        connect(job, &Job::failed, this, [&](const Error& e) {
            error = e;
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(shown<QMessageBox>(), 20000);
        QMessageBox* box = shown<QMessageBox>();
        QCOMPARE(box->text(), u"The tool server “remote” no longer accepts your sign-in. Sign in "
                              "again to go on using it."_s);
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(done, 5000); // at once, not after the sign-in's ten minutes
        QCOMPARE(error.message, u"The sign-in to \"remote\" was cancelled."_s);
        QCOMPARE(m_opened.size(), 1);
    }
};

QTEST_MAIN(TestWindowSignIn)
#include "tst_windowsignin.moc"
