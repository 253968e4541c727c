// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLineEdit;

namespace tether::ui {

class ProviderSession;

// Asks for a provider's API key when the keychain cannot give it (none on this desktop, or it
// refused): what waits for the key — a reply resumed after a crash, a message — goes on with
// the key typed, kept in memory until Tether quits; "Not Now" leaves it interrupted, saying why.
class KeyPromptDialog : public QDialog {
    Q_OBJECT
public:
    KeyPromptDialog(const QString& providerName, const QString& why, QWidget* parent = nullptr);

    QString key() const;

    // Shown without blocking: the answer goes to `session` for `profileId`.
    static void ask(ProviderSession& session, const QString& profileId, const QString& name,
                    const QString& why, QWidget* parent);

private:
    QLineEdit* m_key;
};

} // namespace tether::ui
