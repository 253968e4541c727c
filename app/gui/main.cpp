// SPDX-License-Identifier: GPL-3.0-or-later
// tether: the desktop app.
#include "app/keychain/keychainsecrets.h"
#include "app/processexit.h"
#include "engine/engine.h"
#include "ui/appstyle.h"
#include "ui/mainwindow.h"
#include "ui/session/providerprofiles.h"
#include "ui/translations.h"

#include <QApplication>
#include <QColor>
#include <QCommandLineParser>
#include <QLocale>
#include <QNetworkInformation>
#include <QPalette>
#include <QStyle>

using namespace Qt::Literals::StringLiterals;

namespace {

int run(int argc, char* argv[])
{
    QApplication app(argc, argv);
    tether::setApplicationIdentity();
    QApplication::setApplicationDisplayName(u"Tether"_s);
    // Follow the system language: Simplified Chinese ships in the binary, English is built in.
    tether::ui::installTranslations();

    // The system palette is followed; TETHER_COLOR_SCHEME=dark forces a dark one (for desktops
    // whose platform theme Qt cannot read, and for screenshots).
    if (qEnvironmentVariable("TETHER_COLOR_SCHEME") == "dark"_L1) {
        QApplication::setStyle(u"Fusion"_s);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xc6));
        dark.setColor(QPalette::HighlightedText, Qt::white);
        dark.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
        dark.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
        dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        QApplication::setPalette(dark);
    }
    tether::ui::installAppStyle();

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dataDir(u"data-dir"_s, u"Where the journal lives."_s, u"DIR"_s);
    parser.addOption(dataDir);
    parser.process(app);

    tether::engine::Engine engine(parser.isSet(dataDir) ? parser.value(dataDir)
                                                        : tether::engine::Engine::defaultDataDir());
    engine.setSecretStore(std::make_shared<tether::app::KeychainSecretStore>());
    tether::ui::MainWindow window(engine, tether::engine::ProviderConfig::fromEnvironment());
    tether::ui::ProviderProfiles profiles;
    profiles.load();
    window.useProfile(profiles.current());
    // Offline, new messages wait and start when the network returns. Without a backend (or when
    // it cannot tell), Tether assumes it is online and the retry policy copes.
    if (QNetworkInformation::loadBackendByFeatures(QNetworkInformation::Feature::Reachability)) {
        const QNetworkInformation* info = QNetworkInformation::instance();
        const auto follow = [&window](QNetworkInformation::Reachability r) {
            window.setOnline(r != QNetworkInformation::Reachability::Disconnected);
        };
        follow(info->reachability());
        QObject::connect(info, &QNetworkInformation::reachabilityChanged, &window, follow);
    }
    window.show();
    engine.start();
    return app.exec();
}

} // namespace

int main(int argc, char* argv[])
{
    return tether::endProcess(run(argc, argv));
}
