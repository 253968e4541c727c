// SPDX-License-Identifier: GPL-3.0-or-later
// API keys through QtKeychain against a real Secret Service (run by run-with-keyring.sh).
#include "engine/engine.h"
#include "mcpfixture.h"
#include "mockserver.h"
#include "recorder.h"
#include "ui/dialogs/keypromptdialog.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/mainwindow.h"
#include "ui/session/keystore.h"
#include "ui/session/providerprofiles.h"
#include "ui/session/providersession.h"
#include "ui/session/toolconfig.h"
#include "ui/session/toolsession.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>

#include <QDirIterator>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace tether::ui;
using namespace Qt::Literals::StringLiterals;

namespace {
const QString Secret = u"sk-keychain-SECRET-789"_s;

// Files under the user's folders that contain `secret` (HOME and the XDG ones; on Windows the
// profile's AppData: HOME, which wine passes on, is not the profile), and settings that do;
// counts the files and settings read.
QStringList filesContaining(const QByteArray& secret, int* read = nullptr)
{
    QStringList found;
#ifdef Q_OS_WIN
    const auto folders = {"APPDATA", "LOCALAPPDATA"};
#else
    const auto folders = {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME"};
#endif
    for (const char* var : folders) {
        if (qEnvironmentVariableIsEmpty(var))
            continue; // an empty path would be the current folder
        QDirIterator it(qEnvironmentVariable(var), QDir::Files | QDir::Hidden,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (!f.open(QIODevice::ReadOnly))
                continue;
            if (read)
                ++*read;
            if (f.readAll().contains(secret))
                found.append(f.fileName());
        }
    }
    // The settings themselves (on Windows the registry, which no file above holds).
    const QSettings settings;
    for (const QString& key : settings.allKeys()) {
        if (read)
            ++*read;
        if (settings.value(key).toString().toUtf8().contains(secret))
            found.append(u"settings: "_s + key);
    }
    return found;
}
} // namespace

class TestKeychain : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<tether::engine::Engine> m_engine;

    // A profile whose key was typed in an earlier run with no keychain (kept for that session
    // only), talking to `server`. The settings it leaves are removed by `forgetProfiles`.
    static ProviderProfile keyedLastRun(const QString& id, const tether::test::MockServer& server)
    {
        KeyStore().keepForSession(id, u"sk-last-run"_s);
        ProviderProfile p = profileFromPreset(providerPresets().last(), id);
        p.name = p.config.name = id;
        p.config.baseUrl = server.baseUrl();
        p.config.model = u"mock-model"_s;
        return p;
    }
    static void forgetProfiles()
    {
        QSettings settings;
        settings.remove(u"providers"_s);
        settings.remove(u"keys"_s);
    }

private Q_SLOTS:
    void initTestCase()
    {
        tether::setApplicationIdentity(); // the app's settings: the registry needs its organization
        QVERIFY(m_dir.isValid());
        m_engine = std::make_unique<tether::engine::Engine>(m_dir.path());
        QSignalSpy ready(m_engine.get(), &tether::engine::Engine::ready);
        m_engine->start();
        QVERIFY(ready.wait(5000));
    }
    void cleanupTestCase() { m_engine.reset(); }

    void init()
    {
        // Run twice by CTest: through tests/run-with-keyring.sh (a real Secret Service), and
        // with TETHER_TEST_NO_KEYCHAIN and an unusable session bus (no keychain at all).
        const bool withKeyring = !qEnvironmentVariableIsSet("TETHER_TEST_NO_KEYCHAIN");
        const QByteArray name = QTest::currentTestFunction();
        const bool wantsKeyring = !name.startsWith("withoutKeychain");
        if (withKeyring != wantsKeyring)
            QSKIP(withKeyring ? "needs no keychain" : "needs the Secret Service");
    }

    // The environment value of a tool server as the server sees it: server-everything's get-env.
    QString serverEnvironment()
    {
        tether::engine::McpCallJob* job =
            m_engine->callTool(u"everything"_s, u"get-env"_s, u"{}"_s);
        QSignalSpy done(job, &tether::engine::Job::finished);
        if (!done.wait(20000))
            return {};
        return tether::engine::toolResultText({0,
                                               {},
                                               0,
                                               0,
                                               {},
                                               {},
                                               {},
                                               {},
                                               {},
                                               tether::engine::ToolCallStatus::Done,
                                               {},
                                               job->outcome().result,
                                               {},
                                               0,
                                               0});
    }

    QList<tether::engine::McpServerConfig> everythingWithSecret()
    {
        tether::engine::McpServerConfig s;
        s.name = u"everything"_s;
        s.command = u"node"_s;
        s.args = {tether::test::referenceServer(u"server-everything"_s), u"stdio"_s};
        s.env = {{u"TETHER_TEST_TOKEN"_s, Secret}, {u"TETHER_TEST_PLAIN"_s, u"plain-value"_s}};
        return {s};
    }

    // A tool server's secret environment value goes to the keychain, never to the settings;
    // the next start reads it from there and the server gets it.
    void toolServerSecretsLiveInTheKeychain()
    {
        if (QStandardPaths::findExecutable(u"node"_s).isEmpty())
            QSKIP("the MCP reference server needs node (not there under wine)");
        QSettings().remove(u"tools"_s);
        tether::engine::ProviderConfig provider;
        provider.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
        auto window = std::make_unique<MainWindow>(*m_engine, provider);
        window->tools()->setServers(everythingWithSecret());
        KeyStore store;
        QSignalSpy read(&store, &KeyStore::keyRead);
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                read.clear();
                store.read(toolconfig::keychainId(u"everything"_s));
                return read.wait(10000) &&
                       read.first().at(2).value<KeyStore::Outcome>() == KeyStore::Outcome::Ok;
            }(),
            10000);
        QVERIFY(read.first().at(1).toString().contains(Secret));
        QSettings().sync();
        const QString stored = QSettings().value(u"tools/mcpServers"_s).toString();
        QVERIFY(stored.contains(u"\"TETHER_TEST_TOKEN\": \"<in keychain>\""_s));
        QVERIFY(stored.contains(u"plain-value"_s));
        QCOMPARE(filesContaining(Secret.toUtf8()), QStringList());

        // Started again: the engine has no servers until the keychain gave the secret.
        window.reset();
        m_engine->setToolServers({});
        window = std::make_unique<MainWindow>(*m_engine, provider);
        QTRY_VERIFY_WITH_TIMEOUT(serverEnvironment().contains(Secret), 30000);
        QVERIFY(serverEnvironment().contains(u"plain-value"_s));
        window.reset();
        m_engine->setToolServers({});
        QSettings().remove(u"tools"_s);
    }

    // No keychain: the secret is used until Tether quits, the user is told, and no file has it.
    void withoutKeychainToolSecretsStayInMemory()
    {
        QSettings().remove(u"tools"_s);
        tether::engine::ProviderConfig provider;
        provider.baseUrl = QUrl(u"http://127.0.0.1:9/v1"_s);
        auto window = std::make_unique<MainWindow>(*m_engine, provider);
        QSignalSpy told(window->tools(), &ToolSession::message);
        window->tools()->setServers(everythingWithSecret());
        QTRY_VERIFY_WITH_TIMEOUT(!told.isEmpty(), 10000);
        QVERIFY(told.first().first().toString().contains(u"until Tether quits"_s));
        QVERIFY(serverEnvironment().contains(Secret));
        QSettings().sync();
        QCOMPARE(filesContaining(Secret.toUtf8()), QStringList());
        window.reset();
        m_engine->setToolServers({});
        QSettings().remove(u"tools"_s);
    }

    void storeReadRemove()
    {
        KeyStore store;
        QSignalSpy written(&store, &KeyStore::keyWritten);
        QSignalSpy read(&store, &KeyStore::keyRead);
        QSignalSpy removed(&store, &KeyStore::keyRemoved);

        store.write(u"openai"_s, Secret);
        QVERIFY(written.wait(10000));
        QCOMPARE(written.first().at(1).value<KeyStore::Outcome>(), KeyStore::Outcome::Ok);

        store.read(u"openai"_s);
        QVERIFY(read.wait(10000));
        QCOMPARE(read.first().at(1).toString(), Secret);
        QCOMPARE(read.first().at(2).value<KeyStore::Outcome>(), KeyStore::Outcome::Ok);

        // Profiles (without their keys) go to QSettings, as the app does.
        QSettings settings;
        settings.setValue(u"profiles/openai/baseUrl"_s, u"https://api.openai.com/v1"_s);
        settings.sync();

        // The key is in no file under the data, config and cache folders, nor in the settings.
        int searched = 0;
        QCOMPARE(filesContaining(Secret.toUtf8(), &searched), QStringList());
        // Something was searched: on Linux the keyring and the settings file; on Windows the
        // registry (the Credential Manager is no file).
        QVERIFY(searched > 0);

        store.remove(u"openai"_s);
        QVERIFY(removed.wait(10000));
        read.clear();
        store.read(u"openai"_s);
        QVERIFY(read.wait(10000));
        QCOMPARE(read.first().at(2).value<KeyStore::Outcome>(), KeyStore::Outcome::NotFound);
        QVERIFY(read.first().at(1).toString().isEmpty());
    }

    void settingsDialogStoresTheKeyOnlyInTheKeychain()
    {
        KeyStore store;
        SettingsDialog dialog(ProviderProfiles(), store, *m_engine);
        dialog.show();
        dialog.addProfile(u"ollama"_s);
        auto* state = dialog.findChild<QLabel*>(u"keyState"_s);
        QTRY_COMPARE_WITH_TIMEOUT(state->text(), u"No key stored."_s, 10000);
        auto* key = dialog.findChild<QLineEdit*>(u"apiKey"_s);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        QTest::keyClicks(key, u"sk-dialog-SECRET-321"_s);
        QTest::mouseClick(dialog.findChild<QPushButton*>(u"saveKey"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(state->text(), u"A key is stored in the keychain."_s, 10000);
        QVERIFY(key->text().isEmpty()); // the key is never shown again
        dialog.accept();
        dialog.profiles().save();

        ProviderProfiles saved;
        saved.load();
        QCOMPARE(saved.profiles().size(), 1);
        QCOMPARE(saved.profiles().first().config.baseUrl, QUrl(u"http://localhost:11434/v1"_s));
        QSignalSpy read(&store, &KeyStore::keyRead);
        store.read(saved.profiles().first().id);
        QVERIFY(read.wait(10000));
        QCOMPARE(read.first().at(1).toString(), u"sk-dialog-SECRET-321"_s);
        QCOMPARE(filesContaining("sk-dialog-SECRET-321"), QStringList());
    }

    void modelsAreFetchedWithTheStoredKeyAndSettingsKept()
    {
        tether::test::MockServer server;
        QVERIFY(server.listen());
        tether::test::MockResponse models;
        models.contentType = "application/json";
        models.body = R"({"data":[{"id":"model-b"},{"id":"model-a"}]})";
        server.enqueue(models);
        KeyStore store;
        SettingsDialog dialog(ProviderProfiles(), store, *m_engine);
        dialog.show();
        dialog.addProfile(u"custom"_s);
        auto* state = dialog.findChild<QLabel*>(u"keyState"_s);
        QTRY_VERIFY_WITH_TIMEOUT(!state->text().startsWith(u"Looking"_s),
                                 10000); // keychain answered
        auto* baseUrl = dialog.findChild<QLineEdit*>(u"baseUrl"_s);
        baseUrl->setText(server.baseUrl().toString());
        auto* key = dialog.findChild<QLineEdit*>(u"apiKey"_s);
        QTest::keyClicks(key, u"sk-models-SECRET-555"_s);
        QTest::mouseClick(dialog.findChild<QPushButton*>(u"saveKey"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(state->text(), u"A key is stored in the keychain."_s, 10000);
        // The typed key is gone from the form; the list is fetched with the keychain's copy.
        QVERIFY(key->text().isEmpty());
        auto* list = dialog.findChild<QListWidget*>(u"profiles"_s);
        list->setCurrentRow(-1);
        list->setCurrentRow(0);
        QTRY_COMPARE_WITH_TIMEOUT(state->text(), u"A key is stored in the keychain."_s, 10000);
        dialog.findChild<QPlainTextEdit*>(u"headers"_s)
            ->setPlainText(u"X-Team: blue\nnot a header\nHTTP-Referer: https://tether.example"_s);
        dialog.findChild<QSpinBox*>(u"firstTokenTimeout"_s)->setValue(42);
        QTest::mouseClick(dialog.findChild<QPushButton*>(u"fetchModels"_s), Qt::LeftButton);
        auto* model = dialog.findChild<QComboBox*>(u"model"_s);
        QTRY_COMPARE_WITH_TIMEOUT(model->count(), 2, 10000);
        QCOMPARE(model->itemText(0), u"model-a"_s);
        const auto& req = server.requests().first();
        QCOMPARE(req.path, QByteArray("/v1/models"));
        QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer sk-models-SECRET-555"));
        QCOMPARE(req.headers.value("x-team"), QByteArray("blue"));
        model->setCurrentIndex(1);
        dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        dialog.profiles().save();

        ProviderProfiles saved;
        saved.load();
        const auto& config = saved.profiles().first().config;
        QCOMPARE(config.model, u"model-b"_s);
        QCOMPARE(config.retry.firstTokenTimeoutMs, 42'000);
        QCOMPARE(config.extraHeaders.size(), 2);
        QCOMPARE(config.extraHeaders.at(1).first, QByteArray("HTTP-Referer"));
        QCOMPARE(filesContaining("sk-models-SECRET-555"), QStringList());
        store.remove(saved.profiles().first().id);
    }

    void withoutKeychainTheKeyIsKeptForTheSessionOnly()
    {
        KeyStore store;
        SettingsDialog dialog(ProviderProfiles(), store, *m_engine);
        dialog.show();
        dialog.addProfile(u"openai"_s);
        auto* state = dialog.findChild<QLabel*>(u"keyState"_s);
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(u"not available"_s), 10000);
        QTest::keyClicks(dialog.findChild<QLineEdit*>(u"apiKey"_s), u"sk-session-SECRET-654"_s);
        QTest::mouseClick(dialog.findChild<QPushButton*>(u"saveKey"_s), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(u"for this session only"_s), 10000);
        const QString id = dialog.profiles().profiles().first().id;
        QCOMPARE(store.sessionKey(id), u"sk-session-SECRET-654"_s);
        // Looked at again, the key is still said to be in memory, never "in the keychain".
        dialog.addProfile(u"ollama"_s);
        dialog.findChild<QListWidget*>(u"profiles"_s)->setCurrentRow(0);
        QTRY_VERIFY_WITH_TIMEOUT(state->text().contains(u"for this session only"_s), 10000);
        QVERIFY2(!state->text().contains(u"stored in the keychain"_s), qPrintable(state->text()));
        dialog.accept();
        dialog.profiles().save();
        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("api.openai.com"));
        QVERIFY(!written.contains("sk-session-SECRET-654"));
    }

    void sessionKeysStayInMemory()
    {
        // Needs the Secret Service only for the second store's lookup.
        KeyStore store;
        QSignalSpy read(&store, &KeyStore::keyRead);
        store.keepForSession(u"local"_s, u"sk-session-only"_s);
        store.read(u"local"_s);
        QCOMPARE(read.size(), 1); // answered at once, no keychain involved
        QCOMPARE(read.first().at(1).toString(), u"sk-session-only"_s);
        KeyStore other; // a new session knows nothing of it
        QSignalSpy otherRead(&other, &KeyStore::keyRead);
        other.read(u"local"_s);
        QVERIFY(otherRead.wait(10000));
        QCOMPARE(otherRead.first().at(2).value<KeyStore::Outcome>(), KeyStore::Outcome::NotFound);
    }

    // A reply sent through profile A resumes through A — its address and its key from the
    // keychain — while profile B is the one in use: B's key and B's server see nothing.
    void aReplyResumesThroughItsOwnProfileAndKey()
    {
        using namespace tether::engine;
        using namespace tether::test;
        const auto restore = qScopeGuard([] {
            QSettings settings;
            settings.remove(u"providers"_s);
        });
        MockServer a;
        MockServer b;
        QVERIFY(a.listen());
        QVERIFY(b.listen());
        const QString keyA = u"sk-profile-A-SECRET"_s;
        const QString keyB = u"sk-profile-B-SECRET"_s;
        KeyStore store;
        QSignalSpy written(&store, &KeyStore::keyWritten);
        store.write(u"profile-a"_s, keyA);
        store.write(u"profile-b"_s, keyB);
        QTRY_COMPARE_WITH_TIMEOUT(written.size(), 2, 10000);

        ProviderProfiles profiles;
        for (const auto& [id, server] :
             {std::pair{u"profile-a"_s, &a}, std::pair{u"profile-b"_s, &b}}) {
            ProviderProfile p = profileFromPreset(providerPresets().last(), id);
            p.name = p.config.name = id;
            p.config.baseUrl = server->baseUrl();
            p.config.model = u"mock-model"_s;
            profiles.profiles().append(p);
        }
        profiles.setDefaultId(u"profile-b"_s);
        profiles.save();

        MockResponse cut;
        const QStringList pieces{u"Sent "_s, u"through "_s, u"A, "_s, u"finished "_s, u"by A."_s};
        cut.body = MockServer::chatStream(pieces);
        cut.cutAfter = cut.body.indexOf("A, ") + 8;
        a.enqueue(cut);
        SendRequest r;
        r.userText = u"Hello A"_s;
        r.provider = profiles.find(u"profile-a"_s)->config;
        r.provider.apiKey = keyA;
        r.provider.retry.maxAttempts = 1;
        Recorder sent(m_engine->send(r));
        QVERIFY(sent.wait(10000));
        const GenerationFinished f = sent.finished;
        QCOMPARE(f.status, GenerationStatus::Interrupted);
        QSignalSpy finished(m_engine.get(), &Engine::generationFinished);
        const QString full = pieces.join(QString());
        a.setResponder([full](const RecordedRequest& req) {
            return MockServer::prefillContinuation(req, full);
        });

        MainWindow window(*m_engine, ProviderConfig());
        window.useProfile(profiles.current()); // B, its key on its way from the keychain
        window.resumeInterrupted({f.generationId});
        QTRY_COMPARE_WITH_TIMEOUT(a.requests().size(), 2, 10000);
        QCOMPARE(a.requests().last().headers.value("authorization"),
                 QByteArray("Bearer ") + keyA.toUtf8());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000);
        QCOMPARE(finished.last().first().value<GenerationFinished>().status,
                 GenerationStatus::Completed);
        QCOMPARE(b.requests().size(), 0);
        store.remove(u"profile-a"_s);
        store.remove(u"profile-b"_s);
    }
    // A provider that has no key (a local server) starts without asking the keychain, so a
    // desktop without one shows no keychain error at every start.
    void withoutKeychainAProviderWithNoKeyStartsQuietly()
    {
        KeyStore store;
        SettingsDialog dialog(ProviderProfiles(), store, *m_engine);
        dialog.addProfile(u"ollama"_s);
        const ProviderProfile added = dialog.profiles().profiles().first();
        QCOMPARE(KeyStore::kept(added.id), KeyStore::Kept::None);
        ProviderSession session(tether::engine::ProviderConfig(), store);
        QSignalSpy problem(&session, &ProviderSession::problem);
        QSignalSpy asked(&session, &ProviderSession::keyNeeded);
        QSignalSpy ready(&session, &ProviderSession::ready);
        session.use(added);
        QTRY_COMPARE_WITH_TIMEOUT(ready.size(), 1, 10000);
        QVERIFY2(problem.isEmpty(), qPrintable(problem.value(0).value(0).toString()));
        QVERIFY(asked.isEmpty());
        QVERIFY(session.current().has_value());
    }

    // Killed mid-reply with a key kept for that session only: after the restart the reply waits
    // for the key, asks for it, and resumes with it; nothing is sent before.
    void withoutKeychainAnInterruptedReplyAsksForItsKey()
    {
        using namespace tether::engine;
        using namespace tether::test;
        const auto restore = qScopeGuard(&forgetProfiles);
        MockServer server;
        QVERIFY(server.listen());
        ProviderProfiles profiles;
        const ProviderProfile p = keyedLastRun(u"profile-k"_s, server);
        profiles.profiles().append(p);
        profiles.setDefaultId(p.id);
        profiles.save();

        MockResponse cut;
        const QStringList pieces{u"Half "_s, u"of it, "_s, u"then "_s, u"the rest."_s};
        cut.body = MockServer::chatStream(pieces);
        cut.cutAfter = cut.body.indexOf("of it, ") + 10;
        server.enqueue(cut);
        SendRequest r;
        r.userText = u"Hello"_s;
        r.provider = p.config;
        r.provider.apiKey = u"sk-last-run"_s;
        r.provider.retry.maxAttempts = 1;
        Recorder sent(m_engine->send(r));
        QVERIFY(sent.wait(10000));
        QCOMPARE(sent.finished.status, GenerationStatus::Interrupted);
        const QString full = pieces.join(QString());
        server.setResponder([full](const RecordedRequest& req) {
            return MockServer::prefillContinuation(req, full);
        });
        QSignalSpy finished(m_engine.get(), &Engine::generationFinished);

        MainWindow window(*m_engine, ProviderConfig());
        window.show();
        window.useProfile(profiles.current());
        window.resumeInterrupted({sent.finished.generationId});
        KeyPromptDialog* prompt = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((prompt = window.findChild<KeyPromptDialog*>(u"keyPrompt"_s)) &&
                                     prompt->isVisible(),
                                 10000);
        QCOMPARE(server.requests().size(), 1); // nothing went out without the key
        QTest::keyClicks(prompt->findChild<QLineEdit*>(u"keyPromptKey"_s), u"sk-typed-now"_s);
        QTest::mouseClick(prompt->findChild<QPushButton*>(u"keyPromptUse"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 2, 10000);
        QCOMPARE(server.requests().last().headers.value("authorization"),
                 QByteArray("Bearer sk-typed-now"));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10000);
        QCOMPARE(finished.last().first().value<GenerationFinished>().status,
                 GenerationStatus::Completed);
    }

    // "Not Now" at start: nothing is sent without the key; the next message asks again and
    // goes with the key typed then.
    void withoutKeychainNotNowAsksAgainAtTheNextMessage()
    {
        using namespace tether::engine;
        using namespace tether::test;
        const auto restore = qScopeGuard(&forgetProfiles);
        MockServer server;
        QVERIFY(server.listen());
        const ProviderProfile p = keyedLastRun(u"profile-n"_s, server);
        MockResponse r;
        r.body = MockServer::chatStream({u"Sent "_s, u"with the key."_s});
        server.enqueue(r);

        MainWindow window(*m_engine, ProviderConfig());
        window.show();
        window.useProfile(p);
        KeyPromptDialog* prompt = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((prompt = window.findChild<KeyPromptDialog*>(u"keyPrompt"_s)) &&
                                     prompt->isVisible(),
                                 10000);
        prompt->reject(); // Not Now
        QTRY_VERIFY(!window.findChild<KeyPromptDialog*>(u"keyPrompt"_s));
        auto* composer = window.findChild<QPlainTextEdit*>(u"composer"_s);
        composer->setPlainText(u"Hello"_s);
        window.send();
        QTRY_VERIFY_WITH_TIMEOUT((prompt = window.findChild<KeyPromptDialog*>(u"keyPrompt"_s)) &&
                                     prompt->isVisible(),
                                 10000);
        QCOMPARE(server.requests().size(), 0); // nothing went without the key
        QTest::keyClicks(prompt->findChild<QLineEdit*>(u"keyPromptKey"_s), u"sk-now"_s);
        QTest::mouseClick(prompt->findChild<QPushButton*>(u"keyPromptUse"_s), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(server.requests().size(), 1, 10000);
        QCOMPARE(server.requests().first().headers.value("authorization"),
                 QByteArray("Bearer sk-now"));
    }
};

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
