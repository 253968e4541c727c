// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/types.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace tether::ui {

// A conversation's system prompt and parameters, each "Default" (not sent) unless set; what is
// here can be kept as a preset under a name, with the model.
class ConversationSettingsDialog : public QDialog {
    Q_OBJECT
public:
    ConversationSettingsDialog(const engine::ConversationSettings& settings, QWidget* parent);

    // The prompt and parameters as edited (the model is not edited here).
    engine::ConversationSettings settings() const;

Q_SIGNALS:
    void presetSaved(const QString& name);

private:
    void savePreset();

    engine::ConversationSettings m_settings;
    QPlainTextEdit* m_prompt;
    QDoubleSpinBox* m_temperature;
    QSpinBox* m_maxTokens;
    QComboBox* m_effort;
    QLineEdit* m_presetName;
};

} // namespace tether::ui
