// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QString>

#include <array>

// Sync's end-to-end encryption, with libsodium: a key from the user's passphrase (Argon2id), every
// file sealed with XChaCha20-Poly1305 under a random nonce and bound to its name, and file names
// the host cannot read. The host stores only what this file produces.
namespace tether::engine {

// How the key is made from the passphrase; not secret, kept in the sync folder's header.
struct SyncKeyParams {
    QByteArray salt; // crypto_pwhash_SALTBYTES
    quint64 opsLimit = 0;
    quint64 memLimit = 0;

    // A new random salt, libsodium's MODERATE limits (about 256 MiB and under a second).
    static SyncKeyParams fresh();
    bool operator==(const SyncKeyParams&) const = default;
};

class SyncKey {
public:
    SyncKey(const SyncKey& other) = default;
    SyncKey& operator=(const SyncKey& other) = default;
    ~SyncKey();

    // Argon2id: hundreds of MiB and most of a second, so never on the GUI thread.
    static Result<SyncKey> derive(const QByteArray& passphrase, const SyncKeyParams& params);

    // `plain` sealed: a random 24-byte nonce, then the ciphertext and its tag. `context` (the
    // file's logical name) is authenticated, so one file cannot be passed off as another.
    QByteArray seal(const QByteArray& plain, const QByteArray& context) const;
    // Protocol error when the bytes were changed, cut, or sealed for another context or key.
    Result<QByteArray> open(const QByteArray& sealed, const QByteArray& context) const;
    // The name a file has on the server: a keyed hash of its logical name, 32 hex digits.
    QString opaqueName(const QString& logicalName) const;

private:
    SyncKey() = default;
    std::array<unsigned char, 32> m_data{};  // seals and opens
    std::array<unsigned char, 32> m_names{}; // hashes names
};

// The sync folder's header: the key's parameters and a sealed check value, so that a wrong
// passphrase is known before anything is read or written.
QByteArray syncHeader(const SyncKeyParams& params, const SyncKey& key);
// The key for `header` and `passphrase`; Usage error "wrong passphrase" when it does not open
// the check value, Protocol error for a header that is not one.
Result<SyncKey> unlockSync(const QByteArray& header, const QByteArray& passphrase);

} // namespace tether::engine
