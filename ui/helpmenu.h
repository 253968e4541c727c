// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

class QMenu;
class QWidget;

namespace tether::ui {

// Help: About (version, licence, where the data lives), the keyboard shortcuts, and the data
// folder opened in the file manager.
class HelpMenu : public QObject {
    Q_OBJECT
public:
    // `journalPath`: the journal this window uses; its folder is the one opened.
    HelpMenu(const QString& journalPath, QWidget* window);

    void addTo(QMenu* menu);
    void showAbout();
    void showShortcuts();
    void openDataFolder();

    static QString shortcutsText();

private:
    QString m_journalPath;
    QWidget* m_window;
};

} // namespace tether::ui
