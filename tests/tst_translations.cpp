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
    static const QRegularExpression marker(uR"(%\d+)"_s);
    QSet<QString> out;
    for (auto it = marker.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured());
    return out;
}
} // namespace

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyMessageIsTranslatedWithItsPlaceholders()
    {
        QFile file(QStringLiteral(TETHER_TS_FILE));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString source;
        int messages = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == "source"_L1) {
                source = xml.readElementText();
            } else if (xml.name() == "translation"_L1) {
                const bool unfinished = xml.attributes().value("type"_L1) == "unfinished"_L1;
                const QString translation = xml.readElementText();
                QVERIFY2(!unfinished && !translation.isEmpty(), qPrintable(source));
                QCOMPARE(placeholders(translation), placeholders(source));
                ++messages;
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 50);
    }

    // The catalogue is the sources' own: lupdate run now finds no text the catalogue lacks (a
    // new or changed string would show in English to a Chinese user).
    void catalogueHasEverySourceText()
    {
#ifdef TETHER_UNDER_TSAN
        QSKIP("ThreadSanitizer aborts in QProcess's fork; this runs in the plain and ASan builds");
#endif
        QTemporaryDir dir;
        const QString fresh = dir.filePath(u"fresh.ts"_s);
        QProcess lupdate;
        lupdate.setWorkingDirectory(QStringLiteral(TETHER_SOURCE_DIR));
        // -I .: headers are included by their path from the source root, and lupdate needs
        // them to name each class's context with its namespace.
        lupdate.start(QStringLiteral(TETHER_LUPDATE),
                      {u"-silent"_s, u"-no-obsolete"_s, u"-I"_s, u"."_s, u"ui"_s, u"app"_s,
                       u"engine"_s, u"-ts"_s, fresh});
        QVERIFY(lupdate.waitForFinished(60000));
        QCOMPARE(lupdate.exitCode(), 0);
        const auto sources = [](const QString& path) {
            QFile file(path);
            QSet<QString> out;
            if (!file.open(QIODevice::ReadOnly))
                return out;
            QXmlStreamReader xml(&file);
            QString context;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isStartElement() && xml.name() == "name"_L1)
                    context = xml.readElementText();
                else if (xml.isStartElement() && xml.name() == "source"_L1)
                    out.insert(context + u'|' + xml.readElementText());
            }
            return out;
        };
        const QSet<QString> inCode = sources(fresh);
        QVERIFY(inCode.size() > 50);
        const QSet<QString> missing = inCode - sources(QStringLiteral(TETHER_TS_FILE));
        QVERIFY2(missing.isEmpty(),
                 qPrintable(u"not in the catalogue (run lupdate and translate):\n"_s +
                            QStringList(missing.begin(), missing.end()).join(u'\n')));
    }

    void compiledCatalogueTranslates()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(TETHER_QM_FILE)));
        QCOMPARE(translator.translate("tether::ui::Composer", "Send"), u"发送"_s);
        QCOMPARE(translator.translate("tether::ui::Transcript", "Continue"), u"继续"_s);
        QCOMPARE(translator.language(), u"zh_CN"_s);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
