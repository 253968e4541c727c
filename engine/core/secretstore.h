// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QHash>
#include <QString>

#include <functional>

namespace tether::engine {

// Where the engine keeps secrets it makes itself (an MCP server's OAuth tokens): the OS keychain
// in the programs (app/keychain), memory in tests and when there is no keychain. Never a file.
// Answers come later, on the thread that asked: a locked keychain may wait for the user.
class SecretStore {
public:
    virtual ~SecretStore() = default;
    // ErrorCode::NotFound when nothing is stored under `key`.
    virtual void read(const QString& key, std::function<void(Result<QByteArray>)> done) = 0;
    virtual void write(const QString& key, const QByteArray& secret,
                       std::function<void(Result<void>)> done) = 0;
    virtual void remove(const QString& key, std::function<void()> done = {}) = 0;
};

// Secrets for as long as the process lives.
class MemorySecretStore : public SecretStore {
public:
    void read(const QString& key, std::function<void(Result<QByteArray>)> done) override
    {
        if (m_secrets.contains(key))
            done(m_secrets.value(key));
        else
            done(Error{ErrorCode::NotFound, QString()});
    }
    void write(const QString& key, const QByteArray& secret,
               std::function<void(Result<void>)> done) override
    {
        m_secrets.insert(key, secret);
        done({});
    }
    void remove(const QString& key, std::function<void()> done = {}) override
    {
        m_secrets.remove(key);
        if (done)
            done();
    }

private:
    QHash<QString, QByteArray> m_secrets;
};

} // namespace tether::engine
