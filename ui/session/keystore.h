// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QString>

namespace tether::ui {

// API keys in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager)
// through QtKeychain. Every call is asynchronous — a locked keychain may wait for the user for
// a long time, and the GUI thread never waits with it. There is no plaintext fallback: when no
// keychain exists, a key can be kept for this session only, in memory.
class KeyStore : public QObject {
    Q_OBJECT
public:
    enum class Outcome { Ok, NotFound, NoKeychain, Denied, Failed };
    Q_ENUM(Outcome)
    // Where a profile's key was last put, remembered in the settings (never the key itself): a
    // profile with no key is not looked up in the keychain at every start, and one whose key
    // cannot be read now is known to need it.
    enum class Kept { Unknown, None, Keychain, Session };
    static Kept kept(const QString& profileId);
    // A key was put somewhere for it (the keychain, or this session's memory last run).
    static bool hasKey(const QString& profileId)
    {
        const Kept k = kept(profileId);
        return k == Kept::Keychain || k == Kept::Session;
    }
    // A new profile: nothing stored for it yet.
    static void markNoKey(const QString& profileId);

    explicit KeyStore(QObject* parent = nullptr);
    ~KeyStore() override;

    void read(const QString& profileId);
    void write(const QString& profileId, const QString& key);
    void remove(const QString& profileId);

    // When no keychain is available: keep a key in memory until the app quits.
    void keepForSession(const QString& profileId, const QString& key);
    QString sessionKey(const QString& profileId) const { return m_session.value(profileId); }

    static QString service();

Q_SIGNALS:
    void keyRead(const QString& profileId, const QString& key,
                 tether::ui::KeyStore::Outcome outcome, const QString& message);
    void keyWritten(const QString& profileId, tether::ui::KeyStore::Outcome outcome,
                    const QString& message);
    void keyRemoved(const QString& profileId, tether::ui::KeyStore::Outcome outcome,
                    const QString& message);

private:
    QHash<QString, QString> m_session;
};

} // namespace tether::ui
