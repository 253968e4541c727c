// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/helpmenu.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QKeySequence>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

HelpMenu::HelpMenu(const QString& journalPath, QWidget* window)
    : QObject(window)
    , m_journalPath(journalPath)
    , m_window(window)
{}

void HelpMenu::addTo(QMenu* menu)
{
    QAction* keys = menu->addAction(tr("&Keyboard Shortcuts"), this, &HelpMenu::showShortcuts);
    keys->setObjectName(u"shortcuts"_s);
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    QAction* folder = menu->addAction(tr("Open &Data Folder"), this, &HelpMenu::openDataFolder);
    folder->setObjectName(u"openDataFolder"_s);
    menu->addSeparator();
    QAction* about = menu->addAction(tr("&About Tether"), this, &HelpMenu::showAbout);
    about->setObjectName(u"about"_s);
    about->setMenuRole(QAction::AboutRole);
}

QString HelpMenu::shortcutsText()
{
    const auto key = [](const QKeySequence& k) {
        return k.toString(QKeySequence::NativeText).toHtmlEscaped();
    };
    const QList<QPair<QString, QString>> rows{
        {key(QKeySequence::New), tr("New chat")},
        {key(QKeySequence::Find), tr("Search every message")},
        {tr("Enter"), tr("Send (Shift+Enter: a new line)")},
        {tr("Esc"), tr("Stop the reply, or leave the search")},
        {key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M)), tr("Choose the model")},
        {key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)), tr("System prompt and parameters")},
        {key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A)), tr("Attach files")},
        {key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)), tr("Regenerate the last reply")},
        {key(QKeySequence(Qt::ALT | Qt::Key_Left)) + u" / "_s +
             key(QKeySequence(Qt::ALT | Qt::Key_Right)),
         tr("Previous / next alternative")},
        {key(QKeySequence(Qt::CTRL | Qt::Key_Comma)), tr("Providers")},
        {key(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)), tr("Sync now")},
        {tr("F2 / Delete"), tr("Rename / delete the selected conversation")},
        {key(QKeySequence::Quit), tr("Quit")},
    };
    QString html = u"<table cellspacing=\"6\">"_s;
    for (const auto& [k, what] : rows)
        html += u"<tr><td align=\"right\"><b>%1</b></td><td>%2</td></tr>"_s.arg(k, what);
    return html + u"</table>"_s;
}

void HelpMenu::showShortcuts()
{
    QDialog dialog(m_window);
    dialog.setObjectName(u"shortcutsDialog"_s);
    dialog.setWindowTitle(tr("Keyboard Shortcuts"));
    auto* text = new QLabel(shortcutsText(), &dialog);
    text->setTextFormat(Qt::RichText);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    dialog.exec();
}

void HelpMenu::openDataFolder()
{
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_journalPath).absolutePath()));
}

void HelpMenu::showAbout()
{
    const QString folder = QFileInfo(m_journalPath).absolutePath();
    QMessageBox box(m_window);
    box.setObjectName(u"aboutDialog"_s);
    box.setWindowTitle(tr("About Tether"));
    box.setIconPixmap(m_window->windowIcon().pixmap(64));
    box.setTextFormat(Qt::RichText);
    box.setText(
        u"<h3>Tether %1</h3>"_s.arg(QCoreApplication::applicationVersion().toHtmlEscaped()) +
        tr("A chat client for OpenAI-compatible APIs that never loses a reply."));
    box.setInformativeText(
        tr("<p>Free software under the GNU General Public License, version 3 or later.</p>"
           "<p><b>Your data</b> stays on this computer: the conversations in<br><tt>%1</tt>;"
           " the settings in<br><tt>%2</tt>;<br>API keys in the system keychain, never in a "
           "file.</p>")
            .arg(QFileInfo(m_journalPath).absoluteFilePath().toHtmlEscaped(),
                 QSettings().fileName().toHtmlEscaped()));
    QPushButton* open = box.addButton(tr("Open Data Folder"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Close);
    box.exec();
    if (box.clickedButton() == open)
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

} // namespace tether::ui
