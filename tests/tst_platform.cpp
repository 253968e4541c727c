// SPDX-License-Identifier: GPL-3.0-or-later
// Where Tether keeps things on the platform it runs on: the data folder's default place and who
// may read it, and settings that survive a restart (the Windows registry refuses them to an
// application without an organization).
#include "engine/core/privatefiles.h"
#include "engine/engine.h"
#include "engine/journal/journal.h"
#include "filemodes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace tether::engine;
using namespace tether::test;
using namespace Qt::Literals::StringLiterals;

namespace {
SendRequest request(const QString& text)
{
    SendRequest r;
    r.userText = text;
    r.provider.name = u"test"_s;
    r.provider.baseUrl = QUrl(u"http://127.0.0.1:1/v1"_s);
    r.provider.model = u"m"_s;
    return r;
}
} // namespace

class TestPlatform : public QObject {
    Q_OBJECT
    QTemporaryDir m_config;

private Q_SLOTS:
    void initTestCase()
    {
        // Settings and the default data folder go to a folder of the test's on Linux and macOS
        // (the registry and %APPDATA% of the test's own wine prefix on Windows).
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_config.path() + u"/config"_s));
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_config.path() + u"/data"_s));
        qunsetenv("TETHER_DATA_DIR");
        tether::setApplicationIdentity();
    }

    void settingsSurviveARestart()
    {
        const QString key = u"test/%1"_s.arg(QUuid::createUuid().toString(QUuid::Id128));
        {
            QSettings settings;
            settings.setValue(key, u"kept"_s);
            settings.sync();
        }
        QSettings again;
        QCOMPARE(again.value(key).toString(), u"kept"_s);
        again.remove(key);
    }

    void theDataFolderIsTheUsersOwn()
    {
        const QString dir = Journal::defaultDataDir();
#ifdef Q_OS_WIN
        // %APPDATA%: the user's roaming profile folder, which other users cannot read.
        const QString appData = QDir::fromNativeSeparators(qEnvironmentVariable("APPDATA"));
        QVERIFY(!appData.isEmpty());
        QCOMPARE(dir, appData + u"/Tether/tether"_s);
#elif defined(Q_OS_LINUX)
        QCOMPARE(dir, m_config.path() + u"/data/tether"_s);
#endif
        QVERIFY(QDir::isAbsolutePath(dir));
    }

    void filesAreForTheOwnerOnly()
    {
#if !defined(Q_OS_WIN) && !defined(Q_OS_UNIX)
        QSKIP("Unix file modes or Windows ACLs only");
#endif
        QTemporaryDir parent;
        const QString dataDir = QDir(parent.path()).filePath(u"tether"_s);
        const QString path = Journal::pathIn(dataDir);
        {
            auto j = Journal::open(path);
            QVERIFY(j.ok());
            QVERIFY(j.value()->beginExchange(request(u"private"_s)).ok());
#ifdef Q_OS_WIN
            // A folder Tether creates lets in only its user and SYSTEM, and nothing inherited
            // from above; the journal inherits exactly that (every ACE for the user or SYSTEM).
            const QString expected = tether::engine::privateFolderSddl();
            QVERIFY(expected.startsWith(u"D:P(A;OICI;FA;;;S-1-5-"_s));
            // The ACEs as a set (Windows may list them in its own order): exactly the user's and
            // SYSTEM's, and nothing inherited from the folder above (which would add others).
            static const QRegularExpression aceRe(u"\\(([^)]*)\\)"_s); // "(A;OICI;FA;;;S-1-5-…)"
            const auto aces = [](const QString& sddl) {
                QStringList out;
                for (const auto& m : aceRe.globalMatch(sddl))
                    out.append(m.captured(1));
                out.sort();
                return out;
            };
            QCOMPARE(aces(windowsAcl(dataDir)), aces(expected));
            const QString user = aceRe.match(expected).captured(1).section(u";"_s, 5, 5);
            const QString file = windowsAcl(path);
            int count = 0;
            for (const QString& ace : aces(file)) {
                const QString trustee = ace.section(u";"_s, 5, 5);
                QVERIFY2(trustee == user || trustee == u"SY"_s, qPrintable(file));
                ++count;
            }
            QVERIFY2(count > 0, qPrintable(file));
#elif defined(Q_OS_UNIX)
            QCOMPARE(unixMode(dataDir), 0700);
            for (const QString& file : QStringList{path, path + u"-wal"_s, path + u"-shm"_s}) {
                QVERIFY2(QFileInfo::exists(file), qPrintable(file));
                QCOMPARE(unixMode(file), 0600);
            }
#endif
        }
#ifdef Q_OS_UNIX
        // A journal from an earlier release, readable by everyone, is made private on open.
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        QCOMPARE(unixMode(path), 0644);
        QVERIFY(Journal::open(path).ok());
        QCOMPARE(unixMode(path), 0600);
#endif
    }
};

QTEST_GUILESS_MAIN(TestPlatform)
#include "tst_platform.moc"
