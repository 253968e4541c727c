// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window tests share: a window, engine, journal, settings and mock server of their
// own for each test, and the user's hands (type, chat, stop mid-reply).
#include "engine/engine.h"
#include "mockserver.h"
#include "recorder.h"
#include "ui/dialogs/settingsdialog.h"
#include "ui/mainwindow.h"
#include "ui/models/conversationlistmodel.h"
#include "ui/models/searchresults.h"
#include "ui/session/keystore.h"
#include "ui/session/providerprofiles.h"
#include "ui/translations.h"
#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextImageFormat>
#include <QTimer>
#include <QTreeWidget>
#include <QUrlQuery>

using namespace tether::engine;
using namespace tether::test;
using namespace tether::ui;
using namespace Qt::Literals::StringLiterals;

inline const QStringList Reply = {u"Hello "_s,     u"from "_s,  u"**Tether**, "_s,
                                  u"streaming "_s, u"live "_s,  u"and "_s,
                                  u"resuming "_s,  u"after "_s, u"drops."_s};
inline const QString Rendered = u"Hello from Tether, streaming live and resuming after drops."_s;

inline MockResponse continueFrom(const RecordedRequest& request)
{
    return MockServer::prefillContinuation(request, Reply.join(QString()), 4);
}

class WindowFixture : public QObject {
protected:
    // English as the app shows it, plural forms included ("Show 1 earlier message"), whatever
    // the machine's language.
    WindowFixture() { installTranslations(QLocale(QLocale::English)); }

    // Each test has a window, engine, journal, settings and server of its own.
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MockServer> m_server;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    QString transcript()
    {
        return m_window->findChild<QTextBrowser*>(u"transcript"_s)->toPlainText();
    }
    QString status() { return m_window->findChild<QLabel*>(u"status"_s)->text(); }
    QTextBrowser* browser() { return m_window->findChild<QTextBrowser*>(u"transcript"_s); }
    QAbstractItemModel* sidebar()
    {
        return m_window->findChild<QListView*>(u"conversations"_s)->model();
    }
    QString row(int i) { return sidebar()->index(i, 0).data().toString(); }
    QString rowTitle(int i)
    {
        return sidebar()->index(i, 0).data(ConversationListModel::TitleRole).toString();
    }

    // The last (or first) link of `action` in the transcript, as the user would click it.
    QUrl lastLink(const QString& action, bool first = false)
    {
        const QString html = browser()->toHtml();
        const QString prefix = u"tether:"_s + action + u"?"_s;
        const qsizetype at = first ? html.indexOf(prefix) : html.lastIndexOf(prefix);
        if (at < 0)
            return {};
        return QUrl(html.mid(at, html.indexOf(u'"', at) - at).replace(u"&amp;"_s, u"&"_s));
    }
    QUrl firstLink(const QString& action) { return lastLink(action, true); }
    void click(const QUrl& url) { Q_EMIT browser()->anchorClicked(url); }

    // The images drawn in the transcript, by their resource names.
    QStringList images()
    {
        QStringList names;
        for (QTextBlock b = browser()->document()->begin(); b.isValid(); b = b.next()) {
            for (auto it = b.begin(); !it.atEnd(); ++it) {
                const QTextCharFormat f = it.fragment().charFormat();
                if (f.isImageFormat())
                    names << f.toImageFormat().name();
            }
        }
        return names;
    }
    // The picture behind the first image, once drawn.
    QImage firstImage()
    {
        return browser()
            ->document()
            ->resource(QTextDocument::ImageResource, QUrl(images().value(0)))
            .value<QImage>();
    }

    static MockResponse slow(const QStringList& pieces)
    {
        MockResponse r;
        r.body = MockServer::chatStream(pieces);
        r.splits = MockServer::randomSplits(r.body.size(), 40, 5);
        r.writeIntervalMs = 40;
        return r;
    }

    void type(const QString& text)
    {
        auto* composer = m_window->findChild<QPlainTextEdit*>(u"composer"_s);
        composer->setFocus();
        QTest::keyClicks(composer, text);
        QTest::keyClick(composer, Qt::Key_Return);
    }

    // One exchange, typed as the user does, to its end.
    // `shown`: the answer as rendered, when it has Markdown.
    void chat(const QString& question, const QStringList& answer, QString shown = {})
    {
        MockResponse r;
        r.body = MockServer::chatStream(answer);
        m_server->enqueue(r);
        if (shown.isEmpty())
            shown = answer.join(QString());
        const int before = int(transcript().count(shown));
        type(question);
        QTRY_VERIFY_WITH_TIMEOUT(
            transcript().count(shown) == before + 1 && status().contains(u"token"_s), 10000);
    }

    // A reply stopped with Esc halfway, in a conversation of its own.
    void stopMidReply()
    {
        MockResponse stalled;
        stalled.body = MockServer::chatStream(Reply);
        stalled.stallAfter = stalled.body.size() / 2;
        m_server->enqueue(stalled);
        type(u"Stop me"_s);
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Hello from"_s), 10000);
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(status().startsWith(u"Stopped"_s), 10000);
        m_server->closeAll();
    }

    void setUpFixture()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        // Settings of its own: what one test changes (Enter sends, geometry) never leaks into
        // the next, nor into the user's.
#ifdef Q_OS_WIN
        // The registry ignores setPath: files there too. And the app's organization, without
        // which Qt refuses every setting on Windows.
        tether::setApplicationIdentity();
        QSettings::setDefaultFormat(QSettings::IniFormat);
#endif
        QSettings::setPath(QSettings::defaultFormat(), QSettings::UserScope,
                           m_dir->filePath(u"config"_s));
        m_server = std::make_unique<MockServer>();
        QVERIFY(m_server->listen());
        m_engine = std::make_unique<Engine>(m_dir->path());
        ProviderConfig provider;
        provider.baseUrl = m_server->baseUrl();
        provider.model = u"mock-model"_s;
        provider.retry.baseDelayMs = 50;
        m_window = std::make_unique<MainWindow>(*m_engine, provider);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QSignalSpy ready(m_engine.get(), &Engine::ready);
        m_engine->start();
        QVERIFY(ready.wait(5000));
    }

    void tearDownFixture()
    {
        m_window.reset();
        m_engine.reset();
        m_server.reset();
        m_dir.reset();
    }
};
