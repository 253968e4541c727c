// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace tether::ui {

class SyncSession;

// The status bar's sync corner: when it last synced or why it failed, a progress bar while a
// long sync runs, and a button that opens Settings ▸ Sync. Hidden while sync is not set up.
class SyncStatus : public QWidget {
    Q_OBJECT
public:
    explicit SyncStatus(SyncSession& session, QWidget* parent = nullptr);
    void refresh();

Q_SIGNALS:
    void settingsRequested();

private:
    SyncSession& m_session;
    QLabel* m_text;
    QProgressBar* m_progress;
    QToolButton* m_open;
};

} // namespace tether::ui
