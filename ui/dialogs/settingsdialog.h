// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "ui/session/keystore.h"
#include "ui/session/providerprofiles.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

// Provider profiles: presets for the common servers, base URL, API style, model, continuation
// mode, timeouts — and the API key, which goes only to the keychain. The dialog says whether a
// key is stored, never shows it, and never waits for the keychain.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(ProviderProfiles profiles, KeyStore& keys, engine::Engine& engine,
                   QWidget* parent = nullptr);

    const ProviderProfiles& profiles() const { return m_profiles; }
    void addProfile(const QString& presetId);
    // Asks the provider's /models (on the engine thread) and offers the answer in Model.
    void fetchModels();

private:
    void select(int row);
    void storeForm();
    void saveKey();
    void removeKey();
    void showKeyState(KeyStore::Outcome outcome, const QString& message);
    ProviderProfile* current();

    ProviderProfiles m_profiles;
    KeyStore& m_keys;
    engine::Engine& m_engine;
    QString m_storedKey; // the selected profile's key as read from the keychain, for /models
    int m_row = -1;
    QListWidget* m_list;
    QLineEdit* m_name;
    QLineEdit* m_baseUrl;
    QLabel* m_clearText; // http:// beyond this machine and the user's network
    QComboBox* m_api;
    QComboBox* m_model;
    QPushButton* m_fetchModels;
    QComboBox* m_continuation;
    QSpinBox* m_idle;
    QSpinBox* m_firstToken;
    QSpinBox* m_attempts;
    QPlainTextEdit* m_headers;
    QLineEdit* m_key;
    QLabel* m_keyState;
    QPushButton* m_saveKey;
    QPushButton* m_removeKey;
};

} // namespace tether::ui
