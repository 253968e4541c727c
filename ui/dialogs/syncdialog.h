// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace tether::ui {

class SyncSession;

// Settings ▸ Sync: the WebDAV folder, the user, the password and the passphrase (both to the
// keychain, never shown again), automatic sync, and Sync Now with its progress and outcome.
class SyncDialog : public QDialog {
    Q_OBJECT
public:
    explicit SyncDialog(SyncSession& session, QWidget* parent = nullptr);

    // Saves the form; false (and why, in the dialog) when the address is not one.
    bool save();

private:
    void showStatus(const QString& text, bool failed);

    SyncSession& m_session;
    QLineEdit* m_url;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_passphrase;
    QCheckBox* m_automatic;
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_syncNow;
};

} // namespace tether::ui
