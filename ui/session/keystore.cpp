// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/keystore.h"

#include "ui/logging.h"

#include <QSettings>
#include <qt6keychain/keychain.h>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace {

KeyStore::Outcome outcomeOf(QKeychain::Error error)
{
    switch (error) {
    case QKeychain::NoError:
        return KeyStore::Outcome::Ok;
    case QKeychain::EntryNotFound:
        return KeyStore::Outcome::NotFound;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return KeyStore::Outcome::NoKeychain;
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return KeyStore::Outcome::Denied;
    default:
        return KeyStore::Outcome::Failed;
    }
}

QString account(const QString& id)
{
    // A tool server's secrets ("mcp/NAME") are their own kind of entry.
    return id.startsWith("mcp/"_L1) ? id : u"provider/"_s + id;
}

template <typename Job> Job* makeJob(QObject* parent)
{
    auto* job = new Job(KeyStore::service(), parent);
    job->setAutoDelete(true);
    // Never store a key in plaintext when the keychain is missing.
    job->setInsecureFallback(false);
    return job;
}

} // namespace

KeyStore::KeyStore(QObject* parent)
    : QObject(parent)
{}

KeyStore::~KeyStore() = default;

namespace {

QString keptKey(const QString& profileId)
{
    return u"keys/"_s + profileId;
}

void setKept(const QString& profileId, KeyStore::Kept kept)
{
    QSettings().setValue(keptKey(profileId), int(kept));
}

} // namespace

KeyStore::Kept KeyStore::kept(const QString& profileId)
{
    const int v = QSettings().value(keptKey(profileId), int(Kept::Unknown)).toInt();
    return v >= int(Kept::Unknown) && v <= int(Kept::Session) ? Kept(v) : Kept::Unknown;
}

void KeyStore::markNoKey(const QString& profileId)
{
    if (kept(profileId) == Kept::Unknown)
        setKept(profileId, Kept::None);
}

QString KeyStore::service()
{
    return u"Tether"_s;
}

void KeyStore::read(const QString& profileId)
{
    if (m_session.contains(profileId)) {
        Q_EMIT keyRead(profileId, m_session.value(profileId), Outcome::Ok, QString());
        return;
    }
    auto* job = makeJob<QKeychain::ReadPasswordJob>(this);
    job->setKey(account(profileId));
    connect(job, &QKeychain::Job::finished, this, [this, profileId](QKeychain::Job* j) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(j);
        const Outcome outcome = outcomeOf(read->error());
        if (outcome != Outcome::Ok && outcome != Outcome::NotFound)
            qCWarning(lcUi) << "keychain read failed:" << read->errorString();
        if (outcome == Outcome::NotFound && kept(profileId) != Kept::Session)
            setKept(profileId, Kept::None);
        else if (outcome == Outcome::Ok)
            setKept(profileId, Kept::Keychain);
        Q_EMIT keyRead(profileId, outcome == Outcome::Ok ? read->textData() : QString(), outcome,
                       outcome == Outcome::Ok ? QString() : read->errorString());
    });
    job->start();
}

void KeyStore::write(const QString& profileId, const QString& key)
{
    auto* job = makeJob<QKeychain::WritePasswordJob>(this);
    job->setKey(account(profileId));
    job->setTextData(key);
    connect(job, &QKeychain::Job::finished, this, [this, profileId](QKeychain::Job* j) {
        const Outcome outcome = outcomeOf(j->error());
        if (outcome == Outcome::Ok) {
            m_session.remove(profileId);
            setKept(profileId, Kept::Keychain);
        }
        Q_EMIT keyWritten(profileId, outcome,
                          outcome == Outcome::Ok ? QString() : j->errorString());
    });
    job->start();
}

void KeyStore::remove(const QString& profileId)
{
    m_session.remove(profileId);
    auto* job = makeJob<QKeychain::DeletePasswordJob>(this);
    job->setKey(account(profileId));
    connect(job, &QKeychain::Job::finished, this, [this, profileId](QKeychain::Job* j) {
        const Outcome outcome = outcomeOf(j->error());
        if (outcome == Outcome::Ok || outcome == Outcome::NotFound)
            setKept(profileId, Kept::None);
        Q_EMIT keyRemoved(profileId, outcome,
                          outcome == Outcome::Ok ? QString() : j->errorString());
    });
    job->start();
}

void KeyStore::keepForSession(const QString& profileId, const QString& key)
{
    m_session.insert(profileId, key);
    setKept(profileId, Kept::Session);
}

} // namespace tether::ui
