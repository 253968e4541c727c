// The Simplified Chinese translation: complete, with the same placeholders as English, and
// loaded from the compiled catalogue.
#include <QFile>
#include <QRegularExpression>
#include <QSet>
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

    void compiledCatalogueTranslates()
    {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(TETHER_QM_FILE)));
        QCOMPARE(translator.translate("tether::ui::MainWindow", "Send"), u"发送"_s);
        QCOMPARE(translator.translate("tether::ui::Transcript", "Continue"), u"继续"_s);
        QCOMPARE(translator.language(), u"zh_CN"_s);
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
