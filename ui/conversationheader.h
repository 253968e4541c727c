// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/records.h"
#include "ui/session/providerprofiles.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QToolButton;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

class ModelPicker;
class ProviderSession;

// Above the transcript: the conversation's title, the model it talks to (a picker listing the
// models of every provider profile, under their names, fetched when it opens; any name can be
// typed for the profile in use), its system prompt and
// parameters (ConversationSettingsDialog), and for a new chat the preset it starts from. A change
// to a stored conversation is saved with it at once; a new chat keeps it for its first message,
// and starts with the model last used with the profile.
class ConversationHeader : public QWidget {
    Q_OBJECT
public:
    ConversationHeader(engine::Engine& engine, ProviderSession& session, QWidget* parent = nullptr);

    void showNewChat();
    void showConversation(const engine::ConversationRecord& conversation);
    // The new chat's first message made it this conversation.
    void adopt(qint64 conversationId, const QString& title);
    qint64 conversationId() const { return m_conversationId; }
    QString title() const { return m_fullTitle; }
    // What the next message goes with: the model shown (empty: the provider's) and, for a new
    // chat, its system prompt and parameters.
    const engine::ConversationSettings& settings() const { return m_settings; }
    // A message went out with `model`: a new chat starts with it next time.
    void noteSent(const QString& model);

    QString model() const;
    QString systemPrompt() const { return m_settings.systemPrompt; }
    // Ctrl+Shift+M: to the picker, its list open.
    void focusModel();
    // Ctrl+Shift+P: the system prompt and parameters.
    void editSettings();

Q_SIGNALS:
    void message(const QString& text);
    // The model the picker shows, which the next message goes to, changed.
    void modelShown(const QString& model);
    // The conversation goes through this profile: it was opened (the profile it remembers) or
    // one of the profile's models was picked.
    void profileWanted(const tether::ui::ProviderProfile& profile);

private:
    void setTitle(const QString& title);
    void setModel(const QString& model);
    void choose(const QString& model, const QString& profileId);
    void fillModels();
    void setSystemPrompt(const QString& prompt);
    void updateSettingsButton();
    void fillPresets();
    void applyPreset(int index);
    void save();
    void fetchModels();
    QString lastModelKey() const;

    engine::Engine& m_engine;
    ProviderSession& m_session;
    QLabel* m_title;
    QString m_fullTitle; // shown elided when the header is narrow
    ModelPicker* m_model;
    QToolButton* m_prompt;
    QComboBox* m_preset;
    qint64 m_conversationId = 0;
    engine::ConversationSettings m_settings;
    QString m_modelsFetchedFor; // the profiles whose lists are in the picker
    struct ModelGroup {
        QString profileId;
        QString name;
        QStringList models;
    };
    QList<ModelGroup> m_groups; // the profile in use first
    quint64 m_fetch = 0;        // answers to an older fetch are dropped
    bool m_updating = false;    // filled by code, not chosen by the user
    bool m_switching = false;   // the profile changes because a model of it was picked
};

} // namespace tether::ui
