// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/sync/synccrypto.h"

#include "engine/net/limits.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <sodium.h>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

constexpr char KdfContext[crypto_kdf_CONTEXTBYTES + 1] = "tethsync";
constexpr QLatin1StringView CheckText("tether-sync-v1");
constexpr QLatin1StringView CheckContext("header");

bool ready()
{
    static const bool ok = sodium_init() >= 0; // thread-safe, once
    return ok;
}

const unsigned char* bytes(const QByteArray& a)
{
    return reinterpret_cast<const unsigned char*>(a.constData());
}

} // namespace

SyncKeyParams SyncKeyParams::fresh()
{
    ready();
    SyncKeyParams p;
    p.salt.resize(crypto_pwhash_SALTBYTES);
    randombytes_buf(p.salt.data(), size_t(p.salt.size()));
    p.opsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
    p.memLimit = crypto_pwhash_MEMLIMIT_MODERATE;
    return p;
}

SyncKey::~SyncKey()
{
    sodium_memzero(m_data.data(), m_data.size());
    sodium_memzero(m_names.data(), m_names.size());
}

Result<SyncKey> SyncKey::derive(const QByteArray& passphrase, const SyncKeyParams& params)
{
    if (!ready())
        return Error{ErrorCode::Usage, u"libsodium could not be initialised."_s, 0};
    if (params.salt.size() != crypto_pwhash_SALTBYTES ||
        params.opsLimit < crypto_pwhash_OPSLIMIT_MIN ||
        params.memLimit < crypto_pwhash_MEMLIMIT_MIN)
        return Error{ErrorCode::Protocol, u"The sync key's parameters are not valid."_s, 0};
    // The header is the server's to write: its cost is bounded before any work is done.
    if (params.opsLimit > limits::MaxArgonOps || params.memLimit > limits::MaxArgonMemBytes) {
        return Error{ErrorCode::Protocol,
                     u"The sync folder's header asks for %1 passes over %2 MiB to make the key, "
                     "more than Tether allows (%3 over %4 MiB); Tether did not write it."_s
                         .arg(params.opsLimit)
                         .arg(params.memLimit / (1024 * 1024))
                         .arg(limits::MaxArgonOps)
                         .arg(limits::MaxArgonMemBytes / (1024 * 1024)),
                     0};
    }
    std::array<unsigned char, 32> master{};
    if (crypto_pwhash(master.data(), master.size(), passphrase.constData(),
                      quint64(passphrase.size()), bytes(params.salt), params.opsLimit,
                      size_t(params.memLimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return Error{ErrorCode::Usage,
                     u"There is not enough memory to derive the sync key from the passphrase."_s,
                     0};
    SyncKey key;
    // One key for sealing, another for names: neither reveals the other.
    crypto_kdf_derive_from_key(key.m_data.data(), key.m_data.size(), 1, KdfContext, master.data());
    crypto_kdf_derive_from_key(key.m_names.data(), key.m_names.size(), 2, KdfContext,
                               master.data());
    sodium_memzero(master.data(), master.size());
    return key;
}

QByteArray SyncKey::seal(const QByteArray& plain, const QByteArray& context) const
{
    constexpr qsizetype NonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    QByteArray out(NonceBytes + plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES,
                   Qt::Uninitialized);
    auto* nonce = reinterpret_cast<unsigned char*>(out.data());
    randombytes_buf(nonce, NonceBytes);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        nonce + NonceBytes, &written, bytes(plain), quint64(plain.size()), bytes(context),
        quint64(context.size()), nullptr, nonce, m_data.data());
    out.truncate(NonceBytes + qsizetype(written));
    return out;
}

Result<QByteArray> SyncKey::open(const QByteArray& sealed, const QByteArray& context) const
{
    constexpr qsizetype NonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    constexpr qsizetype TagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    const Error damaged{ErrorCode::Protocol,
                        u"A synced file could not be decrypted: it was changed, cut short, or "
                        "sealed with another key."_s,
                        0};
    if (sealed.size() < NonceBytes + TagBytes)
        return damaged;
    QByteArray plain(sealed.size() - NonceBytes - TagBytes, Qt::Uninitialized);
    unsigned long long written = 0;
    const unsigned char* nonce = bytes(sealed);
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char*>(plain.data()), &written, nullptr, nonce + NonceBytes,
            quint64(sealed.size() - NonceBytes), bytes(context), quint64(context.size()), nonce,
            m_data.data()) != 0)
        return damaged;
    plain.truncate(qsizetype(written));
    return plain;
}

QString SyncKey::opaqueName(const QString& logicalName) const
{
    const QByteArray name = logicalName.toUtf8();
    std::array<unsigned char, 16> hash{};
    crypto_generichash(hash.data(), hash.size(), bytes(name), quint64(name.size()), m_names.data(),
                       m_names.size());
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(hash.data()), qsizetype(hash.size())).toHex());
}

QByteArray syncHeader(const SyncKeyParams& params, const SyncKey& key)
{
    const QByteArray check = key.seal(QByteArray(CheckText.data(), CheckText.size()),
                                      QByteArray(CheckContext.data(), CheckContext.size()));
    return QJsonDocument(QJsonObject{{"format"_L1, u"tether-sync"_s},
                                     {"version"_L1, 1},
                                     {"kdf"_L1, u"argon2id13"_s},
                                     {"salt"_L1, QString::fromLatin1(params.salt.toBase64())},
                                     {"opslimit"_L1, QString::number(params.opsLimit)},
                                     {"memlimit"_L1, QString::number(params.memLimit)},
                                     {"check"_L1, QString::fromLatin1(check.toBase64())}})
        .toJson(QJsonDocument::Indented);
}

Result<SyncKey> unlockSync(const QByteArray& header, const QByteArray& passphrase)
{
    const QJsonObject o = QJsonDocument::fromJson(header).object();
    if (o.value("format"_L1) != "tether-sync"_L1 || o.value("version"_L1).toInt() != 1 ||
        o.value("kdf"_L1) != "argon2id13"_L1)
        return Error{ErrorCode::Protocol,
                     u"The sync folder's header is not one this Tether can read."_s, 0};
    SyncKeyParams params;
    params.salt = QByteArray::fromBase64(o.value("salt"_L1).toString().toLatin1());
    params.opsLimit = o.value("opslimit"_L1).toString().toULongLong();
    params.memLimit = o.value("memlimit"_L1).toString().toULongLong();
    auto key = SyncKey::derive(passphrase, params);
    if (!key)
        return key.error();
    const auto check =
        key.value().open(QByteArray::fromBase64(o.value("check"_L1).toString().toLatin1()),
                         QByteArray(CheckContext.data(), CheckContext.size()));
    if (!check || check.value() != QByteArray(CheckText.data(), CheckText.size()))
        return Error{ErrorCode::Usage,
                     u"Wrong passphrase: it does not open this sync folder. Nothing was changed."_s,
                     0};
    return key;
}

} // namespace tether::engine
