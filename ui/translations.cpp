// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/translations.h"

#include "ui/logging.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace {
bool install(QTranslator* translator, bool loaded)
{
    if (!loaded) {
        delete translator;
        return false;
    }
    QCoreApplication::installTranslator(translator);
    return true;
}
} // namespace

void installTranslations(const QLocale& language)
{
    QCoreApplication* app = QCoreApplication::instance();
    // The translator installed last is asked first: the English plurals go in first, so that
    // the user's language answers wherever it has a catalogue.
    auto* plurals = new QTranslator(app);
    if (!install(plurals, plurals->load(u":/i18n/tether_en.qm"_s)))
        qCWarning(lcUi) << "the English plural forms are missing from the resources";
    if (language.language() != QLocale::English && language.language() != QLocale::C) {
        auto* tether = new QTranslator(app);
        install(tether, tether->load(language, u"tether"_s, u"_"_s, u":/i18n"_s));
    }
    auto* qt = new QTranslator(app);
    install(qt, qt->load(language, u"qtbase"_s, u"_"_s,
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath)));
}

} // namespace tether::ui
