// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/sync/syncjob.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>
#include <QUrl>

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class KeyStore;

// The window's sync: where to (the WebDAV folder and user, in the settings), the password and
// passphrase (in the keychain only), and when — on "Sync now", a few seconds after each finished
// reply, and every few minutes. Runs on the engine's sync thread; the GUI thread only asks.
class SyncSession : public QObject {
    Q_OBJECT
public:
    struct Config {
        QUrl url;
        QString user;
        bool automatic = true;
    };
    static constexpr int IntervalMs = 5 * 60'000;
    static constexpr int AfterReplyMs = 3'000;

    SyncSession(engine::Engine& engine, KeyStore& keys, QObject* parent = nullptr);

    Config config() const;
    bool isConfigured() const { return config().url.isValid() && !config().url.isEmpty(); }
    // Saves the folder and user; a non-empty password or passphrase goes to the keychain (empty
    // keeps the stored one). Sync stops when the URL is empty.
    void configure(const Config& config, const QString& password, const QString& passphrase);
    bool hasStoredSecrets() const { return m_secretsKnown && !m_passphrase.isEmpty(); }

    void syncNow();
    // A reply finished: its conversation goes to the other devices shortly.
    void replyFinished();
    bool isRunning() const { return m_running; }
    QDateTime lastSync() const { return m_lastSync; }
    // "Synced at 16:20", "Syncing…", or the last error; followed by the keychain's refusal while
    // there is one (it outlives the syncs: the secrets will be gone when Tether quits).
    QString statusText() const;
    bool lastFailed() const { return m_failed || !m_notKept.isEmpty(); }

Q_SIGNALS:
    void configChanged();
    void statusChanged(const QString& text, bool failed);
    // Percent of a long sync (-1: busy, the total not known yet); hidden when it ends.
    void progress(int percent);
    void running(bool running);
    void finished(const tether::engine::SyncSummary& summary, const QString& error);

private:
    void setStatus(const QString& text, bool failed);
    void withSecrets(const std::function<void()>& then);
    void start();
    void reschedule();

    engine::Engine& m_engine;
    KeyStore& m_keys;
    QTimer m_interval;
    QTimer m_afterReply;
    bool m_running = false;
    bool m_again = false; // asked again while running
    bool m_secretsKnown = false;
    bool m_reading = false;
    int m_readsLeft = 0;
    QString m_password;
    QString m_passphrase;
    QList<std::function<void()>> m_waitingForSecrets;
    QDateTime m_lastSync;
    QString m_status;
    bool m_failed = false;
    QHash<QString, QString> m_notKept; // secrets the keychain refused, with its reason
};

} // namespace tether::ui
