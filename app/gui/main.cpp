// tether: the desktop app.
#include "engine.h"
#include "journal.h"
#include "mainwindow.h"
#include "providerprofiles.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::Literals::StringLiterals;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    tether::setApplicationIdentity();
    QApplication::setApplicationDisplayName(u"Tether"_s);
    // Follow the system language: Simplified Chinese ships in the binary, English is built in.
    QTranslator translator;
    if (translator.load(QLocale(), u"tether"_s, u"_"_s, u":/i18n"_s))
        QApplication::installTranslator(&translator);
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), u"qtbase"_s, u"_"_s,
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(u"data-dir"_s, u"Where the journal lives."_s, u"DIR"_s);
    parser.addOption(dataDir);
    parser.process(app);

    tether::engine::Engine engine(
        parser.isSet(dataDir) ? parser.value(dataDir) : tether::engine::Journal::defaultDataDir());
    tether::ui::MainWindow window(engine, tether::engine::ProviderConfig::fromEnvironment());
    tether::ui::ProviderProfiles profiles;
    profiles.load();
    window.useProfile(profiles.current());
    window.show();
    engine.start();
    return app.exec();
}
