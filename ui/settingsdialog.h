#pragma once

#include "keystore.h"
#include "providerprofiles.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace tether::ui {

// Provider profiles: presets for the common servers, base URL, API style, model, continuation
// mode, timeouts — and the API key, which goes only to the keychain. The dialog says whether a
// key is stored, never shows it, and never waits for the keychain.
class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(ProviderProfiles profiles, KeyStore& keys, QWidget* parent = nullptr);

    const ProviderProfiles& profiles() const { return m_profiles; }
    void addProfile(const QString& presetId);

private:
    void select(int row);
    void storeForm();
    void saveKey();
    void removeKey();
    void showKeyState(KeyStore::Outcome outcome, const QString& message);
    ProviderProfile* current();

    ProviderProfiles m_profiles;
    KeyStore& m_keys;
    int m_row = -1;
    QListWidget* m_list;
    QLineEdit* m_name;
    QLineEdit* m_baseUrl;
    QComboBox* m_api;
    QLineEdit* m_model;
    QComboBox* m_continuation;
    QSpinBox* m_idle;
    QLineEdit* m_key;
    QLabel* m_keyState;
    QPushButton* m_saveKey;
    QPushButton* m_removeKey;
};

} // namespace tether::ui
