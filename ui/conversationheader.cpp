// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversationheader.h"

#include "engine/engine.h"
#include "engine/stream/requestbuilder.h"
#include "ui/dialogs/conversationsettingsdialog.h"
#include "ui/session/presets.h"
#include "ui/session/providersession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QToolButton>

#include <functional>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

// A combo box that says when its list is about to open: the models are fetched then, not for
// every window that never opens it.
class ModelPicker : public QComboBox {
public:
    using QComboBox::QComboBox;
    std::function<void()> aboutToOpen;
    void showPopup() override
    {
        if (aboutToOpen)
            aboutToOpen();
        QComboBox::showPopup();
    }
};

ConversationHeader::ConversationHeader(Engine& engine, ProviderSession& session, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_session(session)
    , m_title(new QLabel(this))
    , m_model(new ModelPicker(this))
    , m_prompt(new QToolButton(this))
    , m_preset(new QComboBox(this))
{
    m_title->setObjectName(u"conversationTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QFont bigger = m_title->font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.15);
    bigger.setBold(true);
    m_title->setFont(bigger);

    m_model->setObjectName(u"modelPicker"_s);
    m_model->setAccessibleName(tr("Model"));
    m_model->setToolTip(tr("The model this conversation talks to (Ctrl+Shift+M)"));
    m_model->setEditable(true);
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_model->setMinimumContentsLength(16);
    m_model->aboutToOpen = [this] { fetchModels(); };
    // Chosen from the list, or typed and confirmed with Enter.
    connect(m_model, &QComboBox::activated, this, [this] {
        if (!m_updating)
            choose(model());
    });

    m_prompt->setObjectName(u"systemPromptButton"_s);
    m_prompt->setAccessibleName(tr("System prompt and parameters"));
    m_prompt->setAutoRaise(true);
    connect(m_prompt, &QToolButton::clicked, this, &ConversationHeader::editSettings);

    m_preset->setObjectName(u"presetPicker"_s);
    m_preset->setAccessibleName(tr("Preset"));
    m_preset->setToolTip(tr("Start this chat from a preset: its model, prompt and parameters"));
    connect(m_preset, &QComboBox::activated, this, &ConversationHeader::applyPreset);

    // A new provider may offer other models, and its own is shown for a new chat.
    connect(&m_session, &ProviderSession::changed, this, [this] {
        m_modelsFetchedFor.clear();
        if (m_conversationId == 0)
            showNewChat();
    });
    connect(&m_engine, &Engine::conversationRenamed, this, [this](qint64 id, const QString& title) {
        if (id == m_conversationId)
            setTitle(title);
    });
    // Some providers learn their model with their key (the Demo's comes with its server).
    connect(&m_session, &ProviderSession::ready, this, [this] {
        if (model().isEmpty())
            setModel(m_settings.model);
    });

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(8);
    layout->addWidget(m_title, 1);
    layout->addWidget(m_preset);
    layout->addWidget(m_prompt);
    layout->addWidget(m_model);
    showNewChat();
}

void ConversationHeader::showNewChat()
{
    m_conversationId = 0;
    m_settings = {};
    m_settings.model = QSettings().value(lastModelKey()).toString();
    setTitle(tr("New chat"));
    setModel(m_settings.model);
    setSystemPrompt(QString());
    fillPresets();
}

void ConversationHeader::showConversation(const ConversationRecord& conversation)
{
    m_conversationId = conversation.id;
    m_settings = conversation.settings;
    setTitle(conversation.title);
    setModel(m_settings.model);
    setSystemPrompt(m_settings.systemPrompt);
    m_preset->hide(); // a preset is where a chat starts
}

void ConversationHeader::adopt(qint64 conversationId, const QString& title)
{
    m_conversationId = conversationId;
    setTitle(title);
    m_preset->hide();
}

void ConversationHeader::noteSent(const QString& model)
{
    if (!model.isEmpty())
        QSettings().setValue(lastModelKey(), model);
}

QString ConversationHeader::model() const
{
    return m_model->currentText().trimmed();
}

void ConversationHeader::focusModel()
{
    m_model->setFocus(Qt::ShortcutFocusReason);
    m_model->showPopup();
}

void ConversationHeader::setTitle(const QString& title)
{
    m_fullTitle = title;
    m_title->setToolTip(title);
    m_title->setAccessibleName(title);
    m_title->setText(
        m_title->fontMetrics().elidedText(title, Qt::ElideRight, std::max(0, m_title->width())));
}

void ConversationHeader::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    setTitle(m_fullTitle);
}

void ConversationHeader::setModel(const QString& model)
{
    // None chosen yet: the provider's own.
    const QString shown = model.isEmpty() ? m_session.provider().model : model;
    m_updating = true;
    int index = m_model->findText(shown);
    if (index < 0 && !shown.isEmpty()) {
        m_model->insertItem(0, shown);
        index = 0;
    }
    m_model->setCurrentIndex(index);
    m_model->setEditText(shown);
    m_updating = false;
}

void ConversationHeader::choose(const QString& model)
{
    if (model.isEmpty() || model == m_settings.model)
        return;
    m_settings.model = model;
    save();
}

void ConversationHeader::setSystemPrompt(const QString& prompt)
{
    m_settings.systemPrompt = prompt;
    updateSettingsButton();
}

void ConversationHeader::updateSettingsButton()
{
    const bool set = !m_settings.systemPrompt.isEmpty() || !m_settings.params.isEmpty();
    m_prompt->setText(set ? tr("Prompt and parameters ✓") : tr("Add a system prompt"));
    QString tip = m_settings.systemPrompt.isEmpty()
                      ? tr("Instructions sent first with every message, and the parameters")
                      : m_settings.systemPrompt.left(300);
    m_prompt->setToolTip(tip + u"\n\n"_s + tr("Ctrl+Shift+P"));
}

void ConversationHeader::fillPresets()
{
    const QList<Preset> presets = Presets::load();
    m_preset->clear();
    m_preset->addItem(tr("No preset"));
    for (const Preset& p : presets)
        m_preset->addItem(p.name);
    m_preset->setVisible(m_conversationId == 0 && !presets.isEmpty());
}

void ConversationHeader::applyPreset(int index)
{
    const QList<Preset> presets = Presets::load();
    if (m_conversationId != 0 || index < 1 || index > presets.size())
        return;
    const Preset& p = presets.at(index - 1);
    if (!p.model.isEmpty())
        m_settings.model = p.model;
    m_settings.params = p.params;
    setModel(m_settings.model);
    setSystemPrompt(p.systemPrompt);
}

void ConversationHeader::editSettings()
{
    // Window-modal but not blocking: a reply streaming behind it goes on.
    ConversationSettings current = m_settings;
    current.model = model();
    auto* dialog = new ConversationSettingsDialog(current, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConversationSettingsDialog::presetSaved, this, [this] {
        if (m_conversationId == 0)
            fillPresets();
    });
    // The conversation it was opened for: the user may have switched since.
    const qint64 conversationId = m_conversationId;
    connect(dialog, &QDialog::accepted, this, [this, dialog, conversationId] {
        const ConversationSettings edited = dialog->settings();
        if (conversationId != m_conversationId ||
            (edited.systemPrompt == m_settings.systemPrompt && edited.params == m_settings.params))
            return;
        m_settings.params = edited.params;
        setSystemPrompt(edited.systemPrompt);
        save();
    });
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
}

void ConversationHeader::save()
{
    if (m_conversationId == 0)
        return; // a new chat's settings go with its first message
    ChangeConversationJob* job = m_engine.configureConversation(m_conversationId, m_settings);
    connect(job, &Job::failed, this, [this](const Error& e) {
        Q_EMIT message(tr("The conversation's settings were not saved: %1").arg(e.message));
    });
}

void ConversationHeader::fetchModels()
{
    const std::optional<ProviderConfig> provider = m_session.current();
    if (!provider)
        return; // its key is on its way; the next opening asks
    const QString which = provider->profileId + u'|' + publicUrl(provider->baseUrl);
    if (which == m_modelsFetchedFor)
        return;
    m_modelsFetchedFor = which;
    ListModelsJob* job = m_engine.listModels(*provider);
    connect(job, &Job::succeeded, this, [this, job] {
        const QString current = model();
        m_updating = true;
        m_model->clear();
        m_model->addItems(job->models());
        m_updating = false;
        setModel(current);
    });
    connect(job, &Job::failed, this, [this](const Error& e) {
        m_modelsFetchedFor.clear(); // asked again next time
        Q_EMIT message(tr("The provider's models could not be listed: %1").arg(e.message));
    });
}

QString ConversationHeader::lastModelKey() const
{
    const QString profile = m_session.provider().profileId;
    return u"chat/lastModel/"_s + (profile.isEmpty() ? u"default"_s : profile);
}

} // namespace tether::ui
