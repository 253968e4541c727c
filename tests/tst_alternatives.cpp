// SPDX-License-Identifier: GPL-3.0-or-later
// Alternatives: Regenerate keeps the earlier reply, Edit keeps the earlier message, follow-ups
// stay on the branch they were sent on, and each request carries its own branch only.
#include "enginefixture.h"

class TestAlternatives : public EngineFixture {
    Q_OBJECT

    MockServer m_server;
    int m_replies = 0;

    // Each answer says which it is: "reply 1", "reply 2"…
    void answerNumbered()
    {
        m_server.setResponder([this](const RecordedRequest&) {
            MockResponse r;
            r.body = MockServer::chatStream({u"reply "_s, QString::number(++m_replies)});
            return r;
        });
    }

    std::unique_ptr<Recorder> say(qint64 conversationId, const QString& text)
    {
        SendRequest r = request(m_server, Api::ChatCompletions, text);
        r.conversationId = conversationId;
        return run(r);
    }

    std::unique_ptr<Recorder> regenerate(qint64 conversationId, qint64 replyId)
    {
        SendRequest r = request(m_server);
        r.userText.clear();
        r.conversationId = conversationId;
        r.regeneratesMessageId = replyId;
        return run(r);
    }

    ConversationRecord show(qint64 messageId)
    {
        ConversationRecord c;
        Error error;
        if (!await<LoadConversationJob>(
                m_engine->showBranch(messageId),
                [&](const LoadConversationJob& job) { c = job.conversation(); }, &error))
            qWarning("showBranch failed: %s", qPrintable(error.message));
        return c;
    }

    ConversationRecord load(qint64 id) { return m_reader->conversation(id).value(); }

    static QStringList texts(const ConversationRecord& c)
    {
        QStringList out;
        for (const MessageRecord& m : c.messages)
            out << m.content;
        return out;
    }

    // The texts of the last request's messages.
    QStringList sent() const
    {
        QStringList out;
        const QJsonObject body = m_server.requests().last().json();
        for (const QJsonValue m : body.value("messages"_L1).toArray())
            out << m.toObject().value("content"_L1).toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        setUpFixture();
        QVERIFY(m_server.listen());
        answerNumbered();
    }
    void cleanupTestCase() { tearDownFixture(); }

    void regenerateKeepsTheEarlierReply()
    {
        m_replies = 0;
        const auto first = say(0, u"Name a colour"_s);
        const qint64 id = first->started.conversationId;
        const auto second = regenerate(id, first->started.assistantMessageId);
        QCOMPARE(second->finished.status, GenerationStatus::Completed);
        // Sent with the same history, without the reply it replaces.
        QCOMPARE(sent(), QStringList{u"Name a colour"_s});
        QCOMPARE(second->started.userMessageId, first->started.userMessageId);

        ConversationRecord c = load(id);
        QCOMPARE(texts(c), QStringList({u"Name a colour"_s, u"reply 2"_s}));
        QCOMPARE(c.messages.last().alternatives(), 2);
        QCOMPARE(c.messages.last().alternative(), 2);
        QCOMPARE(c.messages.first().alternatives(), 1);

        // ‹ : the earlier reply is shown again.
        c = show(c.messages.last().alternativeIds.first());
        QCOMPARE(texts(c), QStringList({u"Name a colour"_s, u"reply 1"_s}));
        QCOMPARE(c.messages.last().alternative(), 1);

        // A follow-up belongs to the branch it was sent on, and carries only that branch.
        say(id, u"Why?"_s);
        QCOMPARE(sent(), QStringList({u"Name a colour"_s, u"reply 1"_s, u"Why?"_s}));
        c = load(id);
        QCOMPARE(texts(c),
                 QStringList({u"Name a colour"_s, u"reply 1"_s, u"Why?"_s, u"reply 3"_s}));
        // › : the other reply has no follow-up.
        c = show(c.messages.at(1).alternativeIds.last());
        QCOMPARE(texts(c), QStringList({u"Name a colour"_s, u"reply 2"_s}));
        // ‹ again: its follow-up comes back with it.
        c = show(c.messages.at(1).alternativeIds.first());
        QCOMPARE(texts(c),
                 QStringList({u"Name a colour"_s, u"reply 1"_s, u"Why?"_s, u"reply 3"_s}));

        // Regenerating the middle reply hides what followed it, on that branch only.
        const auto third = regenerate(id, c.messages.at(1).id);
        QCOMPARE(third->finished.status, GenerationStatus::Completed);
        c = load(id);
        QCOMPARE(texts(c), QStringList({u"Name a colour"_s, u"reply 4"_s}));
        QCOMPARE(c.messages.last().alternatives(), 3);
        QCOMPARE(c.messages.last().alternative(), 3);
    }

    void editBranchesTheSameWay()
    {
        m_replies = 0;
        const auto first = say(0, u"Frist"_s);
        const qint64 id = first->started.conversationId;
        say(id, u"Second"_s);
        SendRequest edit = request(m_server, Api::ChatCompletions, u"First"_s);
        edit.conversationId = id;
        edit.replacesMessageId = first->started.userMessageId;
        QCOMPARE(run(edit)->finished.status, GenerationStatus::Completed);
        QCOMPARE(sent(), QStringList{u"First"_s});
        ConversationRecord c = load(id);
        QCOMPARE(texts(c), QStringList({u"First"_s, u"reply 3"_s}));
        QCOMPARE(c.messages.first().alternatives(), 2);
        QCOMPARE(c.messages.first().alternative(), 2);
        c = show(c.messages.first().alternativeIds.first());
        QCOMPARE(texts(c), QStringList({u"Frist"_s, u"reply 1"_s, u"Second"_s, u"reply 2"_s}));
    }

    // Edit and Regenerate send the message's files again; nobody attaches them twice.
    void filesStayWithTheirMessage()
    {
        QByteArray gif("GIF89a\x01\0\x01\0\0\0\0;", 14);
        auto image = makeAttachment(u"dot.gif"_s, gif, {});
        QVERIFY(image.ok());
        SendRequest r = request(m_server, Api::ChatCompletions, u"Whats this"_s);
        r.attachments = {image.value()};
        const auto first = run(r);
        const qint64 id = first->started.conversationId;
        const auto imageUrls = [this] {
            QStringList urls;
            const QJsonArray messages =
                m_server.requests().last().json().value("messages"_L1).toArray();
            for (const QJsonValue p : messages.first().toObject().value("content"_L1).toArray()) {
                if (p.toObject().value("type"_L1) == "image_url"_L1)
                    urls
                        << p.toObject().value("image_url"_L1).toObject().value("url"_L1).toString();
            }
            return urls;
        };
        const QString sent = QString::fromLatin1("data:image/gif;base64," + gif.toBase64());
        QCOMPARE(imageUrls(), QStringList{sent});
        regenerate(id, first->started.assistantMessageId);
        QCOMPARE(imageUrls(), QStringList{sent});
        SendRequest edit = request(m_server, Api::ChatCompletions, u"What is this?"_s);
        edit.conversationId = id;
        edit.replacesMessageId = first->started.userMessageId;
        QCOMPARE(run(edit)->finished.status, GenerationStatus::Completed);
        QCOMPARE(imageUrls(), QStringList{sent});
        QCOMPARE(load(id).messages.first().attachments.size(), 1);
    }

    void refusedWhereItMakesNoSense()
    {
        const auto first = say(0, u"Hello"_s);
        const qint64 id = first->started.conversationId;
        // A user message is not regenerated; an assistant message is not edited.
        SendRequest r = request(m_server);
        r.conversationId = id;
        r.regeneratesMessageId = first->started.userMessageId;
        QVERIFY(run(r)->sendError.contains(u"cannot be regenerated"_s));
        r.regeneratesMessageId = 0;
        r.replacesMessageId = first->started.assistantMessageId;
        QVERIFY(run(r)->sendError.contains(u"cannot be edited"_s));
        QCOMPARE(texts(load(id)), QStringList({u"Hello"_s, first->shown}));
        Error error;
        QVERIFY(!await<LoadConversationJob>(m_engine->showBranch(999999), {}, &error));
        QCOMPARE(error.code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestAlternatives)
#include "tst_alternatives.moc"
