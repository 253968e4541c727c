// SPDX-License-Identifier: GPL-3.0-or-later
// The Simplified Chinese translation: complete, with the same placeholders as English, and
// loaded from the compiled catalogue.
#include "sanitizers.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace Qt::Literals::StringLiterals;

namespace {
QSet<QString> placeholders(const QString& text)
{
    static const QRegularExpression marker(uR"(%(\d+|n))"_s);
    QSet<QString> out;
    for (auto it = marker.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured());
    return out;
}

struct Message {
    QString context;
    QString source;
    bool numerus = false;
    bool unfinished = false;
    QStringList forms; // one translation, or the plural forms of a numerus message
};

QList<Message> readCatalogue(const QString& path)
{
    QFile file(path);
    QList<Message> out;
    if (!file.open(QIODevice::ReadOnly))
        return out;
    QXmlStreamReader xml(&file);
    QString context;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == "name"_L1) {
            context = xml.readElementText();
        } else if (xml.name() == "message"_L1) {
            Message m;
            m.context = context;
            m.numerus = xml.attributes().value("numerus"_L1) == "yes"_L1;
            out.append(m);
        } else if (xml.name() == "source"_L1 && !out.isEmpty()) {
            out.last().source = xml.readElementText();
        } else if (xml.name() == "translation"_L1 && !out.isEmpty()) {
            Message& m = out.last();
            m.unfinished = xml.attributes().value("type"_L1) == "unfinished"_L1;
            if (!m.numerus)
                m.forms << xml.readElementText();
        } else if (xml.name() == "numerusform"_L1 && !out.isEmpty()) {
            out.last().forms << xml.readElementText();
        }
    }
    if (xml.hasError())
        out.clear();
    return out;
}

// The catalogue's context|source keys, or those lupdate finds in the sources now.
QSet<QString> keys(const QList<Message>& messages, bool numerusOnly = false)
{
    QSet<QString> out;
    for (const Message& m : messages) {
        if (!numerusOnly || m.numerus)
            out.insert(m.context + u'|' + m.source);
    }
    return out;
}

QList<Message> lupdateSources(const QString& dir)
{
    const QString fresh = dir + u"/fresh.ts"_s;
    QProcess lupdate;
    lupdate.setWorkingDirectory(QStringLiteral(TETHER_SOURCE_DIR));
    // -I .: headers are included by their path from the source root, and lupdate needs them to
    // name each class's context with its namespace.
    lupdate.start(QStringLiteral(TETHER_LUPDATE),
                  {u"-silent"_s, u"-no-obsolete"_s, u"-I"_s, u"."_s, u"ui"_s, u"app"_s, u"engine"_s,
                   u"-ts"_s, fresh});
    if (!lupdate.waitForFinished(60000) || lupdate.exitCode() != 0)
        return {};
    return readCatalogue(fresh);
}

QString listed(const QSet<QString>& keys)
{
    return QStringList(keys.begin(), keys.end()).join(u'\n');
}
} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyMessageIsTranslatedWithItsPlaceholders()
    {
        const QList<Message> messages = readCatalogue(QStringLiteral(TETHER_TS_FILE));
        QVERIFY(messages.size() > 50);
        for (const Message& m : messages) {
            QVERIFY2(!m.unfinished && !m.forms.isEmpty(), qPrintable(m.source));
            for (const QString& form : m.forms) {
                QVERIFY2(!form.isEmpty(), qPrintable(m.source));
                QCOMPARE(placeholders(form), placeholders(m.source));
            }
        }
    }

    // English needs a catalogue only for its plurals: each "%n …(s)" has a singular and a
    // plural form, with the source's placeholders.
    void englishPluralsAreComplete()
    {
        const QList<Message> messages = readCatalogue(QStringLiteral(TETHER_PLURALS_TS_FILE));
        QVERIFY(!messages.isEmpty());
        for (const Message& m : messages) {
            QVERIFY2(m.numerus && !m.unfinished, qPrintable(m.source));
            QCOMPARE(m.forms.size(), 2);
            QVERIFY2(m.forms.at(0) != m.forms.at(1), qPrintable(m.source));
            for (const QString& form : m.forms)
                QCOMPARE(placeholders(form), placeholders(m.source));
        }
    }

    // The catalogues are the sources' own: lupdate run now finds no text the Chinese catalogue
    // lacks (it would show in English to a Chinese user) and no plural the English one lacks
    // ("Show 1 earlier message(s)").
    void cataloguesHaveEverySourceText()
    {
#ifdef TETHER_UNDER_TSAN
        QSKIP("ThreadSanitizer aborts in QProcess's fork; this runs in the plain and ASan builds");
#endif
        QTemporaryDir dir;
        const QList<Message> inCode = lupdateSources(dir.path());
        QVERIFY(inCode.size() > 50);
        const QSet<QString> missing =
            keys(inCode) - keys(readCatalogue(QStringLiteral(TETHER_TS_FILE)));
        QVERIFY2(
            missing.isEmpty(),
            qPrintable(u"not in the catalogue (run lupdate and translate):\n"_s + listed(missing)));
        const QSet<QString> plurals = keys(inCode, true);
        QVERIFY(!plurals.isEmpty());
        const QSet<QString> english = keys(readCatalogue(QStringLiteral(TETHER_PLURALS_TS_FILE)));
        QVERIFY2(plurals == english,
                 qPrintable(u"run lupdate -pluralonly for tether_en.ts; missing:\n"_s +
                            listed(plurals - english) + u"\nobsolete:\n"_s +
                            listed(english - plurals)));
    }

    void compiledCatalogueTranslates()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(TETHER_QM_FILE)));
        QCOMPARE(translator.translate("tether::ui::Composer", "Send"), u"发送"_s);
        QCOMPARE(translator.translate("tether::ui::Transcript", "Continue"), u"继续"_s);
        QCOMPARE(translator.language(), u"zh_CN"_s);
    }

    void englishCataloguePicksTheForm()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(TETHER_PLURALS_QM_FILE)));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        const auto earlier = [](int n) {
            return QCoreApplication::translate("tether::ui::Transcript",
                                               "Show %n earlier message(s)", nullptr, n);
        };
        QCOMPARE(earlier(1), u"Show 1 earlier message"_s);
        QCOMPARE(earlier(3), u"Show 3 earlier messages"_s);
        QCOMPARE(earlier(0), u"Show 0 earlier messages"_s);
        QCOMPARE(QCoreApplication::translate("tether::ui::Transcript", "Thinking · %n word(s)",
                                             nullptr, 1),
                 u"Thinking · 1 word"_s);
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
