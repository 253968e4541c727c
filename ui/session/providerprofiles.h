// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QList>
#include <QString>

#include <optional>

namespace tether::ui {

// A provider as the user configures it. The API key is not here: it lives in the keychain
// (KeyStore), or for the Environment profile in OPENAI_API_KEY.
struct ProviderProfile {
    QString id;
    QString name;
    QString preset;
    engine::ProviderConfig config; // apiKey always empty
    bool fromEnvironment = false;
};

struct ProviderPreset {
    QString id;
    QString name;
    QString baseUrl;
    engine::Api api = engine::Api::ChatCompletions;
    engine::ContinuationMode continuation = engine::ContinuationMode::Auto;
    QString model;
    bool needsKey = true;
};

QList<ProviderPreset> providerPresets();
ProviderProfile profileFromPreset(const ProviderPreset& preset, const QString& id);

// Extra request headers as the user writes them: "Name: value", one per line. Lines without a
// name or a colon are left out.
using Headers = QList<QPair<QByteArray, QByteArray>>;
Headers parseHeaders(const QString& text);
QString formatHeaders(const Headers& headers);

// Profiles and the default choice in QSettings (never a key).
class ProviderProfiles {
public:
    void load();
    void save() const;

    const QList<ProviderProfile>& profiles() const { return m_profiles; }
    QList<ProviderProfile>& profiles() { return m_profiles; }
    QString defaultId() const { return m_defaultId; }
    void setDefaultId(const QString& id) { m_defaultId = id; }
    const ProviderProfile* find(const QString& id) const;
    // The default profile; Environment when OPENAI_API_KEY is set and nothing else was chosen;
    // the built-in Demo (preset "demo") when nothing at all is configured.
    ProviderProfile current() const;
    QString newId() const;
    // A profile as configured now, the built-in Demo and Environment included; nothing when it
    // no longer exists.
    std::optional<ProviderProfile> byId(const QString& id) const;

private:
    QList<ProviderProfile> m_profiles;
    QString m_defaultId;
};

} // namespace tether::ui
