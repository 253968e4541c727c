// SPDX-License-Identifier: GPL-3.0-or-later
#include "keychainsecrets.h"

#include <qt6keychain/keychain.h>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::app {

namespace {
template <typename Job> Job* makeJob(const QString& key)
{
    // The window's API keys live under the same service, as "provider/…" entries.
    auto* job = new Job(u"Tether"_s);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plaintext file
    job->setKey(key);
    return job;
}
} // namespace

void KeychainSecretStore::read(const QString& key, std::function<void(Result<QByteArray>)> done)
{
    if (m_useMemory) {
        m_memory.read(key, std::move(done));
        return;
    }
    auto* job = makeJob<QKeychain::ReadPasswordJob>(key);
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job* j) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(j);
        if (read->error() == QKeychain::NoError)
            done(read->binaryData());
        else if (read->error() == QKeychain::EntryNotFound)
            done(Error{ErrorCode::NotFound, QString()});
        else
            done(Error{ErrorCode::Storage, u"The keychain: "_s + read->errorString()});
    });
    job->start();
}

void KeychainSecretStore::write(const QString& key, const QByteArray& secret,
                                std::function<void(Result<void>)> done)
{
    if (m_useMemory) {
        m_memory.write(key, secret, std::move(done));
        return;
    }
    auto* job = makeJob<QKeychain::WritePasswordJob>(key);
    job->setBinaryData(secret);
    QObject::connect(job, &QKeychain::Job::finished, job,
                     [this, key, secret, done](QKeychain::Job* j) {
                         if (j->error() == QKeychain::NoError) {
                             done({});
                             return;
                         }
                         m_useMemory = true;
                         m_memory.write(key, secret, [](Result<void>) {});
                         done(Error{ErrorCode::Storage, u"The keychain: "_s + j->errorString()});
                     });
    job->start();
}

void KeychainSecretStore::remove(const QString& key, std::function<void()> done)
{
    m_memory.remove(key);
    if (m_useMemory) {
        if (done)
            done();
        return;
    }
    auto* job = makeJob<QKeychain::DeletePasswordJob>(key);
    QObject::connect(job, &QKeychain::Job::finished, job, [done](QKeychain::Job*) {
        if (done)
            done();
    });
    job->start();
}

} // namespace tether::app
