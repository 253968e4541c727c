// SPDX-License-Identifier: GPL-3.0-or-later
// Provider profiles as they are kept in the settings, with no keychain anywhere: what is chosen
// on a first run, what survives a save and a load, and that no key is ever written there.
#include "ui/session/providerprofiles.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace tether::engine;
using namespace tether::ui;
using namespace Qt::Literals::StringLiterals;

class TestProfiles : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    static void clearEnvironment()
    {
        for (const char* name : {"OPENAI_API_KEY", "OPENAI_BASE_URL", "TETHER_MODEL"})
            qunsetenv(name);
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir->path());
        QSettings().clear();
        clearEnvironment();
    }

    void cleanup() { clearEnvironment(); }

    void firstRunUsesTheDemoThenTheEnvironment()
    {
        ProviderProfiles profiles;
        profiles.load();
        QVERIFY(profiles.profiles().isEmpty());
        QCOMPARE(profiles.current().preset, u"demo"_s);
        qputenv("OPENAI_API_KEY", "sk-env-only");
        QCOMPARE(profiles.current().id, u"environment"_s);
        QVERIFY(profiles.current().fromEnvironment);
        QVERIFY(profiles.current().config.apiKey.isEmpty()); // read when used, never kept
    }

    void aProfileSurvivesSaveAndLoadWithoutItsKey()
    {
        ProviderProfiles profiles;
        ProviderProfile p;
        p.id = profiles.newId();
        p.name = u"Team proxy"_s;
        p.config.baseUrl = QUrl(u"https://llm.example.org/v1"_s);
        p.config.api = Api::Responses;
        p.config.model = u"team-model"_s;
        p.config.continuation = ContinuationMode::Instruct;
        p.config.retry.idleTimeoutMs = 45'000;
        p.config.retry.firstTokenTimeoutMs = 120'000;
        p.config.retry.maxAttempts = 3;
        p.config.extraHeaders = {{"X-Team", "blue"}};
        p.config.apiKey = u"sk-must-not-be-written"_s;
        profiles.profiles().append(p);
        profiles.setDefaultId(p.id);
        profiles.save();

        ProviderProfiles again;
        again.load();
        QCOMPARE(again.profiles().size(), 1);
        const ProviderProfile q = again.current();
        QCOMPARE(q.id, p.id);
        QCOMPARE(q.name, p.name);
        QCOMPARE(q.config.profileId, p.id);
        QCOMPARE(q.config.baseUrl, p.config.baseUrl);
        QCOMPARE(q.config.api, Api::Responses);
        QCOMPARE(q.config.model, u"team-model"_s);
        QCOMPARE(q.config.continuation, ContinuationMode::Instruct);
        QCOMPARE(q.config.retry.idleTimeoutMs, 45'000);
        QCOMPARE(q.config.retry.firstTokenTimeoutMs, 120'000);
        QCOMPARE(q.config.retry.maxAttempts, 3);
        QCOMPARE(q.config.extraHeaders, p.config.extraHeaders);
        QVERIFY(q.config.apiKey.isEmpty());

        QSettings settings;
        settings.sync();
        QFile file(settings.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("sk-must-not-be-written"));
    }

    void idsAreNeverReusedAndGoneProfilesAreGone()
    {
        ProviderProfiles profiles;
        QSet<QString> ids;
        for (int i = 0; i < 100; ++i)
            ids.insert(profiles.newId());
        QCOMPARE(ids.size(), 100);
        QVERIFY(!profiles.byId(u"profile-deleted"_s));
        QVERIFY(profiles.byId(u"demo"_s));
        // The Environment profile exists while the environment names a provider.
        QVERIFY(!profiles.byId(u"environment"_s));
        qputenv("OPENAI_BASE_URL", "http://127.0.0.1:8080/v1");
        const auto env = profiles.byId(u"environment"_s);
        QVERIFY(env);
        QCOMPARE(env->config.baseUrl, QUrl(u"http://127.0.0.1:8080/v1"_s));
    }

    void headersAreReadAsWritten()
    {
        const Headers h = parseHeaders(u"X-One: a b\nbad line\n: nothing\nNo Space Allowed: x\n"
                                       "X-Two:c:d"_s);
        QCOMPARE(h, (Headers{{"X-One", "a b"}, {"X-Two", "c:d"}}));
        QCOMPARE(parseHeaders(formatHeaders(h)), h);
    }
};

QTEST_GUILESS_MAIN(TestProfiles)
#include "tst_profiles.moc"
