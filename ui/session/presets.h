// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QList>
#include <QString>

namespace tether::ui {

// A reusable start for a chat: a name with a system prompt, a model (empty: the provider's) and
// parameters. Kept in the settings (no secrets in them), in the user's order.
struct Preset {
    QString name;
    QString model;
    QString systemPrompt;
    engine::GenerationParams params;

    bool operator==(const Preset&) const = default;
};

class Presets {
public:
    static QList<Preset> load();
    static void save(const QList<Preset>& presets);
    // Adds `preset`, or replaces the one of the same name.
    static void put(const Preset& preset);
};

} // namespace tether::ui
