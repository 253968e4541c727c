// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/session/presets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace {
const QString Key = u"chat/presets"_s;
}

QList<Preset> Presets::load()
{
    QList<Preset> out;
    const QJsonArray array = QJsonDocument::fromJson(QSettings().value(Key).toByteArray()).array();
    for (const QJsonValue v : array) {
        const QJsonObject o = v.toObject();
        Preset p;
        p.name = o.value("name"_L1).toString().trimmed();
        if (p.name.isEmpty())
            continue;
        p.model = o.value("model"_L1).toString();
        p.systemPrompt = o.value("system_prompt"_L1).toString();
        p.params = engine::paramsFromObject(o.value("parameters"_L1).toObject());
        out.append(p);
    }
    return out;
}

void Presets::save(const QList<Preset>& presets)
{
    QJsonArray array;
    for (const Preset& p : presets) {
        QJsonObject o{{"name"_L1, p.name}};
        if (!p.model.isEmpty())
            o.insert("model"_L1, p.model);
        if (!p.systemPrompt.isEmpty())
            o.insert("system_prompt"_L1, p.systemPrompt);
        if (!p.params.isEmpty())
            o.insert("parameters"_L1, engine::paramsObject(p.params));
        array.append(o);
    }
    QSettings().setValue(Key, QJsonDocument(array).toJson(QJsonDocument::Compact));
}

void Presets::put(const Preset& preset)
{
    QList<Preset> all = load();
    const auto same = std::find_if(all.begin(), all.end(),
                                   [&](const Preset& p) { return p.name == preset.name; });
    if (same != all.end())
        *same = preset;
    else
        all.append(preset);
    save(all);
}

} // namespace tether::ui
