// SPDX-License-Identifier: GPL-3.0-or-later
// Sync's end-to-end encryption with libsodium at the production parameters: the key from a
// passphrase, sealed files bound to their names, names the host cannot read, and a wrong
// passphrase known from the header before anything is touched.
#include "engine/sync/synccrypto.h"

#include <QElapsedTimer>
#include <QTest>

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

class TestSyncCrypto : public QObject {
    Q_OBJECT

    SyncKeyParams m_params;
    std::optional<SyncKey> m_key;

private Q_SLOTS:
    void initTestCase()
    {
        m_params = SyncKeyParams::fresh();
        QElapsedTimer t;
        t.start();
        auto key = SyncKey::derive("correct horse battery staple", m_params);
        QVERIFY(key);
        qInfo("Argon2id at MODERATE (%llu MiB, ops %llu): %lld ms",
              m_params.memLimit / (1024 * 1024), m_params.opsLimit, t.elapsed());
        m_key = key.value();
    }

    void paramsAreFreshEachTime()
    {
        const SyncKeyParams other = SyncKeyParams::fresh();
        QCOMPARE(other.salt.size(), m_params.salt.size());
        QVERIFY(other.salt != m_params.salt);
        QVERIFY(m_params.memLimit >= 256ull * 1024 * 1024);
    }

    void sealedOpensOnlyAsItWas()
    {
        const QByteArray plain = "Hello, 世界: a message that must stay private.";
        const QByteArray sealed = m_key->seal(plain, "devices/a/00000001");
        QVERIFY(!sealed.contains("private"));
        QCOMPARE(sealed.size(), plain.size() + 24 + 16);
        QCOMPARE(m_key->open(sealed, "devices/a/00000001").value(), plain);
        // A fresh nonce each time: the same text never seals the same.
        QVERIFY(m_key->seal(plain, "devices/a/00000001") != sealed);
        // Another file's name, a changed byte, a cut: refused.
        QCOMPARE(m_key->open(sealed, "devices/a/00000002").error().code, ErrorCode::Protocol);
        QByteArray changed = sealed;
        changed[30] = char(changed[30] ^ 1);
        QVERIFY(!m_key->open(changed, "devices/a/00000001"));
        QVERIFY(!m_key->open(sealed.chopped(1), "devices/a/00000001"));
        QVERIFY(!m_key->open(sealed.left(10), "devices/a/00000001"));
        QCOMPARE(m_key->open(m_key->seal({}, "x"), "x").value(), QByteArray());
    }

    void namesTellTheHostNothing()
    {
        const QString a = m_key->opaqueName(u"devices/laptop/00000001"_s);
        QCOMPARE(a.size(), 32);
        QCOMPARE(m_key->opaqueName(u"devices/laptop/00000001"_s), a); // stable
        QVERIFY(m_key->opaqueName(u"devices/laptop/00000002"_s) != a);
        QVERIFY(!a.contains(u"laptop"_s));
        // Another passphrase names the same file otherwise.
        auto other = SyncKey::derive("another passphrase", m_params);
        QVERIFY(other);
        QVERIFY(other.value().opaqueName(u"devices/laptop/00000001"_s) != a);
    }

    void headerChecksThePassphrase()
    {
        const QByteArray header = syncHeader(m_params, *m_key);
        QVERIFY(!header.contains("correct horse"));
        auto unlocked = unlockSync(header, "correct horse battery staple");
        QVERIFY(unlocked);
        // The same key: what one device seals, another opens.
        QCOMPARE(unlocked.value().open(m_key->seal("shared", "f"), "f").value(),
                 QByteArray("shared"));
        QCOMPARE(unlocked.value().opaqueName(u"f"_s), m_key->opaqueName(u"f"_s));

        auto wrong = unlockSync(header, "correct horse battery stapler");
        QVERIFY(!wrong);
        QCOMPARE(wrong.error().code, ErrorCode::Usage);
        QVERIFY(wrong.error().message.startsWith(u"Wrong passphrase"_s));

        auto garbage = unlockSync("{\"format\":\"zip\"}", "x");
        QCOMPARE(garbage.error().code, ErrorCode::Protocol);
        QByteArray weak = header;
        weak.replace(QByteArray::number(m_params.memLimit), "1");
        QCOMPARE(unlockSync(weak, "x").error().code, ErrorCode::Protocol);
    }
};

QTEST_GUILESS_MAIN(TestSyncCrypto)
#include "tst_synccrypto.moc"
