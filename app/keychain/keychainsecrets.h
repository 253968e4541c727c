// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/secretstore.h"

namespace tether::app {

// The engine's secrets (MCP sign-ins) in the OS keychain through QtKeychain: the Secret Service,
// the macOS Keychain, the Windows Credential Manager. Where there is none (or it refuses), a
// secret is kept in memory for this run and the write reports why; never in a file. Used on the
// thread that asks (the engine's tools thread); each call is one QtKeychain job.
class KeychainSecretStore : public engine::SecretStore {
public:
    void read(const QString& key, std::function<void(engine::Result<QByteArray>)> done) override;
    void write(const QString& key, const QByteArray& secret,
               std::function<void(engine::Result<void>)> done) override;
    void remove(const QString& key, std::function<void()> done = {}) override;

private:
    engine::MemorySecretStore m_memory;
    bool m_useMemory = false; // the keychain failed once: this run keeps secrets in memory
};

} // namespace tether::app
