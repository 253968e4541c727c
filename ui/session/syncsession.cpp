// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/syncsession.h"

#include "engine/engine.h"
#include "engine/jobs/job.h"
#include "ui/session/keystore.h"

#include <QLocale>
#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace {
const QString PasswordKey = u"sync/password"_s;
const QString PassphraseKey = u"sync/passphrase"_s;
} // namespace

SyncSession::SyncSession(engine::Engine& engine, KeyStore& keys, QObject* parent)
    : QObject(parent)
    , m_engine(engine)
    , m_keys(keys)
{
    m_interval.setInterval(IntervalMs);
    connect(&m_interval, &QTimer::timeout, this, &SyncSession::syncNow);
    m_afterReply.setSingleShot(true);
    m_afterReply.setInterval(AfterReplyMs);
    connect(&m_afterReply, &QTimer::timeout, this, &SyncSession::syncNow);
    connect(&m_keys, &KeyStore::keyRead, this,
            [this](const QString& id, const QString& secret, KeyStore::Outcome outcome,
                   const QString& message) {
                if (id != PasswordKey && id != PassphraseKey)
                    return;
                if (outcome != KeyStore::Outcome::Ok && outcome != KeyStore::Outcome::NotFound) {
                    m_reading = false;
                    m_waitingForSecrets.clear();
                    setStatus(
                        tr("Sync cannot read its password from the keychain: %1").arg(message),
                        true);
                    return;
                }
                (id == PasswordKey ? m_password : m_passphrase) = secret;
                if (--m_readsLeft == 0) {
                    m_reading = false;
                    m_secretsKnown = true;
                    const auto waiting = std::exchange(m_waitingForSecrets, {});
                    for (const auto& then : waiting)
                        then();
                }
            });
    connect(&m_keys, &KeyStore::keyWritten, this,
            [this](const QString& id, KeyStore::Outcome outcome, const QString& message) {
                if (id != PasswordKey && id != PassphraseKey)
                    return;
                if (outcome == KeyStore::Outcome::Ok)
                    m_notKept.remove(id);
                else
                    m_notKept.insert(id, message);
                Q_EMIT statusChanged(statusText(), lastFailed());
            });
    reschedule();
    if (isConfigured())
        setStatus(tr("Sync is set up; it runs after each reply and every few minutes."), false);
}

SyncSession::Config SyncSession::config() const
{
    const QSettings s;
    return {QUrl(s.value(u"sync/url"_s).toString()), s.value(u"sync/user"_s).toString(),
            s.value(u"sync/automatic"_s, true).toBool()};
}

void SyncSession::configure(const Config& config, const QString& password,
                            const QString& passphrase)
{
    QSettings s;
    s.setValue(u"sync/url"_s, config.url.toString());
    s.setValue(u"sync/user"_s, config.user);
    s.setValue(u"sync/automatic"_s, config.automatic);
    // The keychain write may fail or wait; the session keeps them meanwhile.
    if (!password.isEmpty()) {
        m_password = password;
        m_keys.keepForSession(PasswordKey, password);
        m_keys.write(PasswordKey, password);
    }
    if (!passphrase.isEmpty()) {
        m_passphrase = passphrase;
        m_keys.keepForSession(PassphraseKey, passphrase);
        m_keys.write(PassphraseKey, passphrase);
    }
    if (!password.isEmpty() && !passphrase.isEmpty())
        m_secretsKnown = true;
    reschedule();
    Q_EMIT configChanged();
}

void SyncSession::reschedule()
{
    if (isConfigured() && config().automatic)
        m_interval.start();
    else
        m_interval.stop();
}

void SyncSession::replyFinished()
{
    if (isConfigured() && config().automatic)
        m_afterReply.start();
}

void SyncSession::setStatus(const QString& text, bool failed)
{
    m_status = text;
    m_failed = failed;
    Q_EMIT statusChanged(statusText(), lastFailed());
}

QString SyncSession::statusText() const
{
    if (m_notKept.isEmpty())
        return m_status;
    const QString problem = tr("The keychain did not keep the sync secrets (%1); they are kept "
                               "until Tether quits.")
                                .arg(m_notKept.cbegin().value());
    return m_status.isEmpty() ? problem : m_status + u' ' + problem;
}

void SyncSession::withSecrets(const std::function<void()>& then)
{
    if (m_secretsKnown) {
        then();
        return;
    }
    m_waitingForSecrets.append(then);
    if (std::exchange(m_reading, true))
        return;
    m_readsLeft = 2;
    m_keys.read(PasswordKey);
    m_keys.read(PassphraseKey);
}

void SyncSession::syncNow()
{
    if (!isConfigured())
        return;
    if (m_running) {
        m_again = true;
        return;
    }
    m_running = true;
    Q_EMIT running(true);
    setStatus(tr("Syncing…"), false);
    withSecrets([this] { start(); });
}

void SyncSession::start()
{
    if (m_passphrase.isEmpty()) {
        m_running = false;
        Q_EMIT running(false);
        setStatus(tr("Sync needs its passphrase: set it in Settings ▸ Sync."), true);
        return;
    }
    const Config c = config();
    engine::SyncSettings settings;
    settings.url = c.url;
    settings.user = c.user;
    settings.password = m_password;
    settings.passphrase = m_passphrase.toUtf8();
    engine::SyncRunJob* job = m_engine.sync(settings);
    connect(job, &engine::SyncRunJob::progress, this,
            [this](engine::SyncPhase phase, qint64 done, qint64 total) {
                if (total < 2)
                    return; // one step: no bar to show

                const int percent = int(qBound(qint64(0), done * 100 / total, qint64(100)));
                setStatus(phase == engine::SyncPhase::Uploading
                              ? tr("Syncing: sending %1%").arg(percent)
                              : tr("Syncing: receiving %1%").arg(percent),
                          false);
                Q_EMIT progress(percent);
            });
    connect(job, &engine::SyncRunJob::retrying, this,
            [this](const engine::Error& error, qint64 delayMs, int attempt, int attempts) {
                // The engine's backoff can add up to a minute: say why the sync is taking long.
                setStatus(tr("Syncing: %1 Trying again in %2 s (attempt %3 of %4).")
                              .arg(error.message)
                              .arg(double(delayMs) / 1000.0, 0, 'f', 1)
                              .arg(attempt + 1)
                              .arg(attempts),
                          false);
            });
    connect(job, &engine::Job::finished, this, [this, job] {
        m_running = false;
        Q_EMIT running(false);
        const bool ok = job->status() == engine::Job::Status::Succeeded;
        if (ok) {
            m_lastSync = QDateTime::currentDateTime();
            setStatus(tr("Synced at %1.")
                          .arg(QLocale().toString(m_lastSync.time(), QLocale::ShortFormat)),
                      false);
        } else {
            setStatus(tr("Sync failed: %1").arg(job->error().message), true);
        }
        Q_EMIT finished(job->summary(), ok ? QString() : job->error().message);
        if (std::exchange(m_again, false))
            syncNow();
    });
}

} // namespace tether::ui
