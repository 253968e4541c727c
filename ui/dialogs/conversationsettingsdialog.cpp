// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/conversationsettingsdialog.h"

#include "ui/session/presets.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

namespace {
// The spin boxes show "Default" at their minimum: the parameter is not sent.
constexpr double NoTemperature = -0.1;
} // namespace

ConversationSettingsDialog::ConversationSettingsDialog(const ConversationSettings& settings,
                                                       QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_prompt(new QPlainTextEdit(settings.systemPrompt, this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_effort(new QComboBox(this))
    , m_presetName(new QLineEdit(this))
{
    setObjectName(u"conversationSettings"_s);
    setWindowTitle(tr("Conversation settings"));

    m_prompt->setObjectName(u"systemPromptEdit"_s);
    m_prompt->setAccessibleName(tr("System prompt"));
    m_prompt->setPlaceholderText(
        tr("Sent first with every message of this conversation. Leave it empty for none."));

    m_temperature->setObjectName(u"temperature"_s);
    m_temperature->setAccessibleName(tr("Temperature"));
    m_temperature->setRange(NoTemperature, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(1);
    m_temperature->setSpecialValueText(tr("Default"));
    m_temperature->setValue(settings.params.temperature.value_or(NoTemperature));

    m_maxTokens->setObjectName(u"maxOutputTokens"_s);
    m_maxTokens->setAccessibleName(tr("Max output tokens"));
    m_maxTokens->setRange(0, 1'000'000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setSpecialValueText(tr("Default"));
    m_maxTokens->setValue(int(settings.params.maxOutputTokens.value_or(0)));

    m_effort->setObjectName(u"reasoningEffort"_s);
    m_effort->setAccessibleName(tr("Reasoning effort"));
    m_effort->addItem(tr("Default"), QString());
    for (const QString& effort : {u"minimal"_s, u"low"_s, u"medium"_s, u"high"_s})
        m_effort->addItem(effort, effort);
    const int effort = m_effort->findData(settings.params.reasoningEffort);
    if (effort < 0 && !settings.params.reasoningEffort.isEmpty())
        m_effort->addItem(settings.params.reasoningEffort, settings.params.reasoningEffort);
    m_effort->setCurrentIndex(std::max(0, m_effort->findData(settings.params.reasoningEffort)));

    auto* form = new QFormLayout;
    form->addRow(tr("&Temperature:"), m_temperature);
    form->addRow(tr("&Max output tokens:"), m_maxTokens);
    form->addRow(tr("&Reasoning effort:"), m_effort);
    auto* note =
        new QLabel(tr("Default leaves it to the provider; only what is set is sent."), this);
    note->setWordWrap(true);

    m_presetName->setObjectName(u"presetName"_s);
    m_presetName->setAccessibleName(tr("Preset name"));
    m_presetName->setPlaceholderText(tr("Name, to start new chats with these settings"));
    auto* save = new QPushButton(tr("Save as &preset"), this);
    save->setObjectName(u"savePreset"_s);
    save->setEnabled(false);
    connect(m_presetName, &QLineEdit::textChanged, save,
            [save](const QString& name) { save->setEnabled(!name.trimmed().isEmpty()); });
    connect(save, &QPushButton::clicked, this, &ConversationSettingsDialog::savePreset);
    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(m_presetName, 1);
    presetRow->addWidget(save);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("System prompt:"), this));
    layout->addWidget(m_prompt, 1);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addLayout(presetRow);
    layout->addWidget(buttons);
    resize(540, 420);
    m_prompt->setFocus();
}

ConversationSettings ConversationSettingsDialog::settings() const
{
    ConversationSettings s = m_settings;
    s.systemPrompt = m_prompt->toPlainText().trimmed();
    s.params = {};
    if (m_temperature->value() > NoTemperature / 2)
        s.params.temperature = m_temperature->value();
    if (m_maxTokens->value() > 0)
        s.params.maxOutputTokens = m_maxTokens->value();
    s.params.reasoningEffort = m_effort->currentData().toString();
    return s;
}

void ConversationSettingsDialog::savePreset()
{
    const ConversationSettings s = settings();
    const QString name = m_presetName->text().trimmed();
    Presets::put({name, s.model, s.systemPrompt, s.params});
    m_presetName->clear();
    Q_EMIT presetSaved(name);
}

} // namespace tether::ui
