// SPDX-License-Identifier: GPL-3.0-or-later
// The window with files and alternatives: paste a screenshot, drop files, a refused file, the
// thumbnail drawn from the journal; Regenerate, ‹ › and the keys for them; search opening the
// branch its hit is on.
#include "ui/attachmenttray.h"
#include "windowfixture.h"

#include <QBuffer>
#include <QDropEvent>
#include <QImage>
#include <QMenuBar>
#include <QMimeData>
#include <QTextBlock>
#include <QTextFragment>
#include <QTextImageFormat>
#include <QToolButton>

class TestWindowAttachments : public WindowFixture {
    Q_OBJECT

    QPlainTextEdit* composer() { return m_window->findChild<QPlainTextEdit*>(u"composer"_s); }
    AttachmentTray* tray() { return m_window->findChild<AttachmentTray*>(u"attachments"_s); }
    int chips() { return int(tray()->findChildren<QToolButton*>(u"attachment"_s).size()); }

    void drop(const QList<QUrl>& urls)
    {
        QMimeData mime;
        mime.setUrls(urls);
        QWidget* target = composer()->viewport();
        const QPoint at = target->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent dropped(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &dropped);
    }

    QAction* menuAction(const QString& text)
    {
        for (QAction* menu : m_window->menuBar()->actions()) {
            for (QAction* a : menu->menu()->actions()) {
                if (a->text().remove(u'&') == text)
                    return a;
            }
        }
        return nullptr;
    }

    QString writeFile(const QString& name, const QByteArray& bytes)
    {
        QFile f(m_dir->filePath(name));
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(name));
        return f.fileName();
    }

    QJsonArray lastUserContent()
    {
        const QJsonArray messages =
            m_server->requests().last().json().value("messages"_L1).toArray();
        return messages.last().toObject().value("content"_L1).toArray();
    }

private Q_SLOTS:
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    void pastedScreenshotGoesAsPng()
    {
        QImage shot(120, 80, QImage::Format_RGB32);
        shot.fill(Qt::darkGreen);
        QApplication::clipboard()->setImage(shot);
        composer()->setFocus();
        composer()->paste();
        QTRY_COMPARE(chips(), 1);
        QCOMPARE(tray()->attachments().first().mime, u"image/png"_s);
        // Its chip shows the picture itself, made small off the GUI thread.
        QTRY_COMPARE(tray()
                         ->findChild<QToolButton*>(u"attachment"_s)
                         ->icon()
                         .pixmap(36, 36)
                         .toImage()
                         .pixelColor(18, 18),
                     QColor(Qt::darkGreen));
        QVERIFY(composer()->toPlainText().isEmpty()); // a picture, not text
        chat(u"What is this?"_s, {u"A green rectangle."_s});
        const QJsonArray parts = lastUserContent();
        QCOMPARE(parts.size(), 2);
        const QString url =
            parts.at(1).toObject().value("image_url"_L1).toObject().value("url"_L1).toString();
        QVERIFY(url.startsWith(u"data:image/png;base64,"_s));
        QImage sent;
        QVERIFY(sent.loadFromData(QByteArray::fromBase64(url.mid(22).toLatin1()), "PNG"));
        QCOMPARE(sent.size(), shot.size());
        QCOMPARE(sent.pixelColor(5, 5), QColor(Qt::darkGreen));
        QCOMPARE(chips(), 0);         // sent: the tray is empty again
        QCOMPARE(images().size(), 1); // its thumbnail in the transcript

        // Opened again from the journal, the thumbnail is drawn from the stored bytes.
        m_window->newConversation();
        QTRY_VERIFY(images().isEmpty());
        m_window->openConversationAt(
            sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong(), 0);
        QTRY_COMPARE(images().size(), 1);
        // The tile first, then the picture decoded off the GUI thread.
        QTRY_COMPARE(firstImage().pixelColor(3, 3), QColor(Qt::darkGreen));
        QCOMPARE(firstImage().size(), shot.size()); // smaller than a thumbnail: not enlarged
    }

    void droppedFilesAreAttachedAndBadOnesRefused()
    {
        const QString notes = writeFile(u"notes.md"_s, "# Plan\n- ship it\n"_ba);
        const QString binary = writeFile(u"tool.bin"_s, QByteArray("\x7f"
                                                                   "ELF\0\0\x01",
                                                                   7));
        drop({QUrl::fromLocalFile(binary)});
        QTRY_VERIFY(status().contains(u"tool.bin is not a text file"_s));
        QCOMPARE(chips(), 0);
        drop({QUrl::fromLocalFile(notes)});
        QTRY_COMPARE(chips(), 1);
        chat(u"Summarise"_s, {u"Ship it."_s});
        const QJsonValue content = m_server->requests()
                                       .last()
                                       .json()
                                       .value("messages"_L1)
                                       .toArray()
                                       .last()
                                       .toObject()
                                       .value("content"_L1);
        QCOMPARE(content.toString(), u"Summarise\n\nnotes.md:\n```\n# Plan\n- ship it\n```"_s);
        QVERIFY(transcript().contains(u"Attached: notes.md"_s));
        QCOMPARE(m_server->requests().size(), 1); // the refused file sent nothing
    }

    void regenerateAndSwitchAlternatives()
    {
        chat(u"Pick a number"_s, {u"Seven."_s});
        MockResponse second;
        second.body = MockServer::chatStream({u"Forty-two."_s});
        m_server->enqueue(second);
        click(lastLink(u"regenerate"_s));
        QTRY_VERIFY_WITH_TIMEOUT(
            transcript().contains(u"Forty-two."_s) && status().contains(u"token"_s), 10000);
        QVERIFY(!transcript().contains(u"Seven."_s));
        QTRY_VERIFY(transcript().contains(u"2 / 2"_s));
        // The same history went again, without the earlier reply.
        QCOMPARE(m_server->requests().last().json().value("messages"_L1).toArray().size(), 1);

        // ‹ as a click, › by the key.
        click(lastLink(u"alternative"_s));
        QTRY_VERIFY(transcript().contains(u"Seven."_s) && transcript().contains(u"1 / 2"_s));
        QVERIFY(!transcript().contains(u"Forty-two."_s));
        QAction* next = menuAction(u"Next Alternative"_s);
        QVERIFY(next);
        QCOMPARE(next->shortcut(), QKeySequence(Qt::ALT | Qt::Key_Right));
        next->trigger();
        QTRY_VERIFY(transcript().contains(u"Forty-two."_s));

        // A follow-up on this branch stays on it.
        chat(u"Why?"_s, {u"Because."_s});
        menuAction(u"Previous Alternative"_s)->trigger();
        QTRY_VERIFY(transcript().contains(u"Seven."_s));
        QVERIFY(!transcript().contains(u"Because."_s));

        // Search finds the other branch's text and opens that branch.
        m_window->search(u"Because"_s);
        auto* results = m_window->findChild<QListView*>(u"searchResults"_s);
        QTRY_VERIFY_WITH_TIMEOUT(results->isVisible() && results->model()->rowCount() == 1, 5000);
        QTest::mouseClick(results->viewport(), Qt::LeftButton, {},
                          results->visualRect(results->model()->index(0, 0)).center());
        QTRY_VERIFY_WITH_TIMEOUT(transcript().contains(u"Because."_s), 5000);
        QVERIFY(transcript().contains(u"Forty-two."_s));
        QVERIFY(!transcript().contains(u"Seven."_s));
        m_window->search(QString());
    }
};

QTEST_MAIN(TestWindowAttachments)
#include "tst_windowattachments.moc"
