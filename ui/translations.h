// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>

namespace tether::ui {

// Installs the window's catalogues on the application: English plural forms (the sources say
// "%n message(s)" and English needs a catalogue to choose "message" or "messages"), the
// catalogue of `language` where Tether has one, and Qt's own for the standard dialogs.
void installTranslations(const QLocale& language = QLocale());

} // namespace tether::ui
