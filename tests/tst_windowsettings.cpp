// SPDX-License-Identifier: GPL-3.0-or-later
// The conversation header in the window: the model picker lists the provider's models and the
// chosen one is what the next message goes to, remembered by the conversation and by the next
// new chat; the system prompt and parameters are edited there, sent (the prompt first), and kept
// as presets that start new chats.
#include "windowfixture.h"

#include "ui/conversationheader.h"

#include "ui/session/presets.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QDialog>
#include <QDoubleSpinBox>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>

class TestWindowSettings : public WindowFixture {
    Q_OBJECT

    QComboBox* picker() { return m_window->findChild<QComboBox*>(u"modelPicker"_s); }
    QString placeholder()
    {
        return m_window->findChild<QPlainTextEdit*>(u"composer"_s)->placeholderText();
    }
    // The whole title (the label may show it elided).
    QString title() { return m_window->findChild<QLabel*>(u"conversationTitle"_s)->toolTip(); }
    QToolButton* promptButton()
    {
        return m_window->findChild<QToolButton*>(u"systemPromptButton"_s);
    }

    // The provider's /models, answered whenever nothing else is queued.
    void serveModels(const QStringList& ids)
    {
        m_server->setResponder([ids](const RecordedRequest& r) {
            QJsonArray data;
            for (const QString& id : ids)
                data.append(QJsonObject{{"id"_L1, id}, {"object"_L1, u"model"_s}});
            return MockServer::answer(r.path.endsWith("/models") ? 200 : 500,
                                      QJsonDocument(QJsonObject{{"data"_L1, data}}).toJson(),
                                      "application/json");
        });
    }

    void pick(const QString& model)
    {
        const int index = picker()->findText(model);
        QVERIFY2(index >= 0, qPrintable(model));
        picker()->setCurrentIndex(index);
        Q_EMIT picker()->activated(index);
    }

    QJsonObject lastChatBody()
    {
        for (qsizetype i = m_server->requests().size() - 1; i >= 0; --i) {
            if (m_server->requests().at(i).path.endsWith("/chat/completions"))
                return m_server->requests().at(i).json();
        }
        return {};
    }

private Q_SLOTS:
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    // A new chat with nothing in it says how to begin; a conversation shows its transcript.
    void emptyStateHelpsAFirstTimeUser()
    {
        auto* welcome = m_window->findChild<QLabel*>(u"welcome"_s);
        QVERIFY(welcome->isVisible());
        auto* noConversations = m_window->findChild<QLabel*>(u"noConversations"_s);
        QTRY_VERIFY(noConversations->isVisible()); // the sidebar says what it will hold
        QVERIFY(welcome->text().contains(u"Ctrl+Shift+M"_s));
        QVERIFY(!browser()->isVisible());
        chat(u"First words"_s, {u"Hello."_s});
        QVERIFY(!welcome->isVisible());
        QTRY_VERIFY(!noConversations->isVisible());
        QVERIFY(browser()->isVisible());
        m_window->newConversation();
        QVERIFY(welcome->isVisible());
        const qint64 id = sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong();
        m_window->openConversation(id);
        QVERIFY(!welcome->isVisible());
        QTRY_VERIFY(transcript().contains(u"First words"_s));
    }

    void pickerSendsTheChosenModelAndRemembersIt()
    {
        QCOMPARE(title(), u"New chat"_s);
        QCOMPARE(picker()->currentText(), u"mock-model"_s); // the provider's, to begin with
        QCOMPARE(picker()->accessibleName(), u"Model"_s);
        serveModels({u"alpha"_s, u"beta"_s});
        // Opening the picker (Ctrl+Shift+M) asks the provider for its models, once.
        QTest::keyClick(m_window.get(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(picker()->findText(u"beta"_s) >= 0, true);
        // The open list grew with them (it opened with one row, and kept that height).
        QTRY_VERIFY2(picker()->view()->height() >= 3 * picker()->view()->sizeHintForRow(0),
                     qPrintable(QString::number(picker()->view()->height())));
        picker()->hidePopup();
        QVERIFY(picker()->findText(u"mock-model"_s) >= 0); // what is in use stays offered
        pick(u"beta"_s);
        QVERIFY2(placeholder().startsWith(u"Message beta "_s), qPrintable(placeholder()));
        chat(u"Which model?"_s, {u"I am beta."_s});
        QCOMPARE(lastChatBody().value("model"_L1).toString(), u"beta"_s);
        QTRY_COMPARE(title(), u"Which model?"_s);

        // Another model for this conversation is saved with it: reopened, it shows and uses it.
        const qint64 first = m_window->findChild<QListView*>(u"conversations"_s)
                                 ->model()
                                 ->index(0, 0)
                                 .data(ConversationListModel::IdRole)
                                 .toLongLong();
        pick(u"alpha"_s);
        m_window->newConversation();
        QCOMPARE(title(), u"New chat"_s);
        // A new chat starts with the model last sent with.
        QCOMPARE(picker()->currentText(), u"beta"_s);
        QVERIFY2(placeholder().startsWith(u"Message beta "_s), qPrintable(placeholder()));
        m_window->openConversation(first);
        QTRY_COMPARE(title(), u"Which model?"_s);
        QTRY_COMPARE(picker()->currentText(), u"alpha"_s);
        // The composer names the model the next message goes to, not the provider's first.
        QVERIFY2(placeholder().startsWith(u"Message alpha "_s), qPrintable(placeholder()));
        chat(u"And now?"_s, {u"alpha here"_s});
        QCOMPARE(lastChatBody().value("model"_L1).toString(), u"alpha"_s);
        const qsizetype modelLists =
            std::count_if(m_server->requests().cbegin(), m_server->requests().cend(),
                          [](const RecordedRequest& r) { return r.path.endsWith("/models"); });
        QCOMPARE(modelLists, 1);
    }

    // Two profiles: the picker lists both under their names; a model of the other one moves the
    // conversation there, and opening a conversation goes back to the profile it remembers.
    void pickerListsEveryProfileAndConversationsKeepTheirs()
    {
        serveModels({u"local-a"_s});
        MockServer other;
        QVERIFY(other.listen());
        other.setResponder([](const RecordedRequest& r) {
            if (r.path.endsWith("/models")) {
                return MockServer::answer(200, R"({"data":[{"id":"remote-b"},{"id":"remote-c"}]})",
                                          "application/json");
            }
            MockResponse reply;
            reply.body = MockServer::chatStream({u"from B"_s});
            return reply;
        });
        const auto profile = [](const QString& id, const QString& name, const QUrl& url,
                                const QString& model) {
            ProviderProfile p;
            p.id = id;
            p.name = name;
            p.config.profileId = id;
            p.config.name = name;
            p.config.baseUrl = url;
            p.config.model = model;
            p.config.retry.maxAttempts = 1;
            return p;
        };
        ProviderProfiles profiles;
        profiles.profiles() = {
            profile(u"profile-a"_s, u"Server A"_s, m_server->baseUrl(), u"mock-model"_s),
            profile(u"profile-b"_s, u"Server B"_s, other.baseUrl(), u"remote-b"_s)};
        profiles.save();
        m_window->useProfile(profiles.profiles().first());

        QTest::keyClick(m_window.get(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(picker()->findText(u"remote-c"_s) >= 0 &&
                    picker()->findText(u"local-a"_s) >= 0);
        // The built-in Demo is still offered, under its own name.
        QTRY_VERIFY(picker()->findText(u"tether-demo"_s) >= 0);
        QVERIFY(picker()->findText(u"Demo"_s) >= 0);
        picker()->hidePopup();
        const int heading = picker()->findText(u"Server B"_s);
        QVERIFY(heading >= 0); // the profile's name over its models…
        QVERIFY(!(qobject_cast<QStandardItemModel*>(picker()->model())->item(heading)->flags() &
                  Qt::ItemIsEnabled)); // …not a model itself

        chat(u"On A"_s, {u"from A"_s}); // a conversation on the first profile
        const qint64 onA = sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong();
        m_window->newConversation();
        pick(u"remote-c"_s);
        // Server B answers by itself; nothing is queued at A.
        const auto onServerB = [&](const QString& text) {
            const int before = int(transcript().count(u"from B"_s));
            type(text);
            QTRY_VERIFY_WITH_TIMEOUT(transcript().count(u"from B"_s) == before + 1 &&
                                         status().contains(u"token"_s),
                                     10000);
        };
        onServerB(u"On B"_s);
        QCOMPARE(other.requests().last().json().value("model"_L1).toString(), u"remote-c"_s);
        const qint64 onB = sidebar()->index(0, 0).data(ConversationListModel::IdRole).toLongLong();

        // Opened again, each goes through its own profile.
        m_window->openConversation(onA);
        QTRY_COMPARE(title(), u"On A"_s);
        chat(u"Still A?"_s, {u"yes, A"_s});
        QCOMPARE(lastChatBody().value("messages"_L1).toArray().size(), 3);
        m_window->openConversation(onB);
        QTRY_COMPARE(title(), u"On B"_s);
        onServerB(u"Still B?"_s);
        QCOMPARE(other.requests().last().json().value("messages"_L1).toArray().size(), 3);
        // A new chat starts with the one used last.
        m_window->newConversation();
        QCOMPARE(picker()->currentText(), u"remote-c"_s);
    }

    void systemPromptIsEditedAndSentFirst()
    {
        QCOMPARE(promptButton()->accessibleName(), u"System prompt and parameters"_s);
        QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog*>(u"conversationSettings"_s)));
        auto* edit = dialog->findChild<QPlainTextEdit*>(u"systemPromptEdit"_s);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClicks(edit, u"Answer like a pirate."_s);
        dialog->accept();
        QVERIFY(promptButton()->text().contains(u"✓"_s));

        chat(u"Hello"_s, {u"Arr."_s});
        QJsonArray messages = lastChatBody().value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value("role"_L1).toString(), u"system"_s);
        QCOMPARE(messages.at(0).toObject().value("content"_L1).toString(),
                 u"Answer like a pirate."_s);
        // The transcript shows the exchange, not the prompt.
        QVERIFY(!transcript().contains(u"pirate"_s));

        // Changed in a stored conversation, it is saved before the next message goes.
        m_window->activateWindow(); // the window manager's part, once the dialog is gone
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY((dialog = m_window->findChild<QDialog*>(u"conversationSettings"_s)));
        edit = dialog->findChild<QPlainTextEdit*>(u"systemPromptEdit"_s);
        QCOMPARE(edit->toPlainText(), u"Answer like a pirate."_s);
        edit->setPlainText(u"Answer like a poet."_s);
        dialog->accept();
        chat(u"Again"_s, {u"Roses."_s});
        messages = lastChatBody().value("messages"_L1).toArray();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.at(0).toObject().value("content"_L1).toString(),
                 u"Answer like a poet."_s);

        // A new chat has none; a cancelled edit changes nothing.
        m_window->newConversation();
        QVERIFY(!promptButton()->text().contains(u"✓"_s));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY((dialog = m_window->findChild<QDialog*>(u"conversationSettings"_s)));
        dialog->findChild<QPlainTextEdit*>(u"systemPromptEdit"_s)->setPlainText(u"x"_s);
        dialog->reject();
        chat(u"Plain"_s, {u"Fine."_s});
        QCOMPARE(lastChatBody().value("messages"_L1).toArray().size(), 1);
    }

    void parametersAndPresets()
    {
        QTest::keyClick(m_window.get(), Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<QDialog*>(u"conversationSettings"_s)));
        dialog->findChild<QPlainTextEdit*>(u"systemPromptEdit"_s)->setPlainText(u"Be a chef."_s);
        auto* temperature = dialog->findChild<QDoubleSpinBox*>(u"temperature"_s);
        QCOMPARE(temperature->text(), u"Default"_s); // not sent unless set
        temperature->setValue(0.5);
        dialog->findChild<QSpinBox*>(u"maxOutputTokens"_s)->setValue(512);
        auto* effort = dialog->findChild<QComboBox*>(u"reasoningEffort"_s);
        effort->setCurrentIndex(effort->findData(u"low"_s));
        auto* name = dialog->findChild<QLineEdit*>(u"presetName"_s);
        QTest::keyClicks(name, u"Chef"_s);
        dialog->findChild<QPushButton*>(u"savePreset"_s)->click();
        dialog->accept();
        QCOMPARE(Presets::load().size(), 1);
        QCOMPARE(Presets::load().first().name, u"Chef"_s);
        QCOMPARE(Presets::load().first().params.maxOutputTokens, std::optional<qint64>(512));

        chat(u"Dinner?"_s, {u"Soup."_s});
        QJsonObject body = lastChatBody();
        QCOMPARE(body.value("temperature"_L1).toDouble(), 0.5);
        QCOMPARE(body.value("max_completion_tokens"_L1).toInteger(), 512);
        QCOMPARE(body.value("reasoning_effort"_L1).toString(), u"low"_s);
        QCOMPARE(body.value("messages"_L1).toArray().first().toObject().value("content"_L1),
                 u"Be a chef."_s);

        // A new chat starts plain; the preset brings it all back.
        m_window->newConversation();
        auto* preset = m_window->findChild<QComboBox*>(u"presetPicker"_s);
        QVERIFY(preset->isVisible());
        QCOMPARE(preset->itemText(1), u"Chef"_s);
        chat(u"Plain"_s, {u"Fine."_s});
        body = lastChatBody();
        QVERIFY(!body.contains("temperature"_L1));
        QCOMPARE(body.value("messages"_L1).toArray().size(), 1);
        QVERIFY(!preset->isVisible()); // once stored, a chat has its own settings

        m_window->newConversation();
        QVERIFY(preset->isVisible());
        preset->setCurrentIndex(1);
        Q_EMIT preset->activated(1);
        QVERIFY(promptButton()->text().contains(u"✓"_s));
        chat(u"Lunch?"_s, {u"Salad."_s});
        body = lastChatBody();
        QCOMPARE(body.value("temperature"_L1).toDouble(), 0.5);
        QCOMPARE(body.value("messages"_L1).toArray().first().toObject().value("content"_L1),
                 u"Be a chef."_s);
    }

    // Off by default; asked for, the model names a new chat after its first reply.
    void theModelNamesANewChatWhenAsked()
    {
        // A second message is the barrier: a title request would have gone out before it (and
        // taken its scripted answer).
        chat(u"Tell me about rye"_s, {u"Rye is a grain."_s});
        chat(u"And spelt?"_s, {u"Spelt is wheat."_s});
        QCOMPARE(m_server->requests().size(), 2);
        for (const RecordedRequest& r : m_server->requests())
            QVERIFY(r.json().value("stream"_L1).toBool());
        QCOMPARE(title(), u"Tell me about rye"_s);

        auto* autoTitle = m_window->findChild<QAction*>(u"autoTitle"_s);
        QVERIFY(!autoTitle->isChecked());
        autoTitle->trigger();
        m_window->newConversation();
        MockResponse reply;
        reply.body = MockServer::chatStream({u"Bread needs time."_s});
        m_server->enqueue(reply);
        const QJsonObject answer{
            {"choices"_L1, QJsonArray{QJsonObject{
                               {"message"_L1, QJsonObject{{"content"_L1, u"Baking bread"_s}}}}}}};
        m_server->enqueue(
            MockServer::answer(200, QJsonDocument(answer).toJson(), "application/json"));
        type(u"How do I bake bread at home?"_s);
        QTRY_COMPARE_WITH_TIMEOUT(title(), u"Baking bread"_s, 10000);
        QTRY_COMPARE(rowTitle(0), u"Baking bread"_s);
        QCOMPARE(m_server->requests().size(), 4);
        QVERIFY(!m_server->requests().last().json().contains("stream"_L1));
    }
};

QTEST_MAIN(TestWindowSettings)
#include "tst_windowsettings.moc"
