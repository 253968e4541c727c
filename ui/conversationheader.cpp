// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/conversationheader.h"

#include "ui/elidedlabel.h"

#include "engine/engine.h"
#include "engine/stream/requestbuilder.h"
#include "ui/dialogs/conversationsettingsdialog.h"
#include "ui/session/presets.h"
#include "ui/session/providersession.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QStandardItemModel>
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
    // The list changed while open (the models arrived): it is laid out again for its new rows,
    // not left as tall as the two or three it opened with.
    void refit()
    {
        if (view()->isVisible())
            QComboBox::showPopup();
    }
};

ConversationHeader::ConversationHeader(Engine& engine, ProviderSession& session, QWidget* parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_session(session)
    , m_title(new ElidedLabel(this))
    , m_model(new ModelPicker(this))
    , m_prompt(new QToolButton(this))
    , m_preset(new QComboBox(this))
{
    m_title->setObjectName(u"conversationTitle"_s);
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
    connect(m_model, &QComboBox::currentTextChanged, this, [this] { Q_EMIT modelShown(model()); });
    // Chosen from the list, or typed and confirmed with Enter.
    connect(m_model, &QComboBox::activated, this, [this](int index) {
        if (m_updating)
            return;
        // A name typed by hand goes with the profile in use.
        const bool listed = m_model->itemText(index) == model();
        choose(model(), listed ? m_model->itemData(index).toString() : QString());
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
        if (m_conversationId == 0 && !m_switching)
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
        if (m_model->view()->isVisible()) // opened while the key was on its way
            fetchModels();
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
    // It goes on through the profile it remembers, when that one still exists.
    const QString profileId = m_settings.profileId;
    if (!profileId.isEmpty() && profileId != m_session.provider().profileId) {
        ProviderProfiles profiles;
        profiles.load();
        if (const std::optional<ProviderProfile> profile = profiles.byId(profileId))
            Q_EMIT profileWanted(*profile);
    }
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
    m_title->setText(title); // elided at the width it has when drawn
}

void ConversationHeader::setModel(const QString& model)
{
    // None chosen yet: the provider's own.
    const QString shown = model.isEmpty() ? m_session.provider().model : model;
    m_updating = true;
    // The same name may be offered by several profiles: the one in use is meant.
    int index = -1;
    for (int i = 0; i < m_model->count() && index < 0; ++i) {
        if (m_model->itemText(i) == shown &&
            m_model->itemData(i).toString() == m_session.provider().profileId)
            index = i;
    }
    if (index < 0)
        index = m_model->findText(shown);
    if (index < 0 && !shown.isEmpty()) {
        m_model->insertItem(0, shown);
        index = 0;
    }
    m_model->setCurrentIndex(index);
    m_model->setEditText(shown);
    m_updating = false;
}

void ConversationHeader::choose(const QString& model, const QString& profileId)
{
    const bool otherProfile = !profileId.isEmpty() && profileId != m_session.provider().profileId;
    if (model.isEmpty() || (model == m_settings.model && !otherProfile))
        return;
    m_settings.model = model;
    if (otherProfile) {
        ProviderProfiles profiles;
        profiles.load();
        if (const std::optional<ProviderProfile> profile = profiles.byId(profileId)) {
            m_settings.profileId = profileId;
            // A new chat keeps what was set for it (the model just picked, its prompt).
            m_switching = true;
            Q_EMIT profileWanted(*profile);
            m_switching = false;
            setModel(model);
        }
    }
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
    const std::optional<ProviderConfig> inUse = m_session.current();
    if (!inUse)
        return; // its key is on its way; the next opening asks
    // The profile in use first, then every other one the user configured.
    ProviderProfiles profiles;
    profiles.load();
    QList<ProviderProfile> others;
    QString which = inUse->profileId + u'|' + publicUrl(inUse->baseUrl);
    QList<ProviderProfile> all = profiles.profiles();
    // The Demo stays offered once real providers are set up: a first chat with it can go on.
    if (!profiles.find(u"demo"_s))
        all.append(*profiles.byId(u"demo"_s));
    for (const ProviderProfile& p : std::as_const(all)) {
        if (p.id == inUse->profileId)
            continue;
        others.append(p);
        which += u'\n' + p.id + u'|' + publicUrl(p.config.baseUrl);
    }
    if (which == m_modelsFetchedFor)
        return;
    m_modelsFetchedFor = which;
    const quint64 fetch = ++m_fetch;
    const QString inUseName =
        profiles.byId(inUse->profileId) ? profiles.byId(inUse->profileId)->name : inUse->name;
    m_groups = {{inUse->profileId, inUseName, {}}};
    for (const ProviderProfile& p : std::as_const(others))
        m_groups.append({p.id, p.name, {}});
    const auto list = [this, fetch](const QString& id, const ProviderConfig& config, bool current) {
        ListModelsJob* job = m_engine.listModels(config);
        connect(job, &Job::succeeded, this, [this, job, fetch, id] {
            if (fetch != m_fetch)
                return;
            for (ModelGroup& g : m_groups) {
                if (g.profileId == id)
                    g.models = job->models();
            }
            fillModels();
        });
        connect(job, &Job::failed, this, [this, fetch, current](const Error& e) {
            if (fetch != m_fetch || !current)
                return; // another profile unreachable now: its models are simply not offered
            m_modelsFetchedFor.clear(); // asked again next time
            Q_EMIT message(tr("The provider's models could not be listed: %1").arg(e.message));
        });
    };
    list(inUse->profileId, *inUse, true);
    for (const ProviderProfile& p : std::as_const(others)) {
        // Without its key (a locked keychain, a local server that needs none) the list is still
        // asked for: nothing is sent but the request for it.
        m_session.resolve(p, [list, id = p.id](const ProviderConfig& config, const QString&) {
            list(id, config, false);
        });
    }
}

void ConversationHeader::fillModels()
{
    const QString current = model();
    m_updating = true;
    m_model->clear();
    const qsizetype filled = std::count_if(m_groups.cbegin(), m_groups.cend(),
                                           [](const ModelGroup& g) { return !g.models.isEmpty(); });
    auto* items = qobject_cast<QStandardItemModel*>(m_model->model());
    for (const ModelGroup& g : std::as_const(m_groups)) {
        if (g.models.isEmpty())
            continue;
        if (filled > 1 && items) {
            // The profile's name over its models, not choosable itself.
            m_model->addItem(g.name);
            QStandardItem* heading = items->item(m_model->count() - 1);
            heading->setFlags(Qt::NoItemFlags);
            QFont bold = m_model->font();
            bold.setBold(true);
            heading->setFont(bold);
        }
        for (const QString& name : g.models) {
            m_model->addItem(name, g.profileId);
            m_model->setItemData(m_model->count() - 1, g.name, Qt::ToolTipRole);
        }
    }
    m_updating = false;
    setModel(current);
    m_model->refit();
}

QString ConversationHeader::lastModelKey() const
{
    const QString profile = m_session.provider().profileId;
    return u"chat/lastModel/"_s + (profile.isEmpty() ? u"default"_s : profile);
}

} // namespace tether::ui
