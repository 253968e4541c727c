// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/settingsdialog.h"

#include "engine/engine.h"
#include "engine/resilience/continuation.h"
#include "engine/stream/requestbuilder.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

SettingsDialog::SettingsDialog(ProviderProfiles profiles, KeyStore& keys, Engine& engine,
                               QWidget* parent)
    : QDialog(parent)
    , m_profiles(std::move(profiles))
    , m_keys(keys)
    , m_engine(engine)
    , m_list(new QListWidget(this))
    , m_name(new QLineEdit(this))
    , m_baseUrl(new QLineEdit(this))
    , m_clearText(new QLabel(this))
    , m_api(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_fetchModels(new QPushButton(tr("Fetch list"), this))
    , m_continuation(new QComboBox(this))
    , m_idle(new QSpinBox(this))
    , m_firstToken(new QSpinBox(this))
    , m_attempts(new QSpinBox(this))
    , m_headers(new QPlainTextEdit(this))
    , m_key(new QLineEdit(this))
    , m_keyState(new QLabel(this))
    , m_saveKey(new QPushButton(tr("Save key"), this))
    , m_removeKey(new QPushButton(tr("Remove key"), this))
{
    setWindowTitle(tr("Providers"));
    m_list->setObjectName(u"profiles"_s);
    m_list->setAccessibleName(tr("Provider profiles"));
    m_api->addItem(tr("Chat Completions"), apiName(Api::ChatCompletions));
    m_api->addItem(tr("Responses API"), apiName(Api::Responses));
    for (const auto& [mode, name] : ContinuationNames)
        m_continuation->addItem(QString(name), QString(name));
    m_idle->setRange(5, 3600);
    m_idle->setSuffix(tr(" s"));
    m_idle->setToolTip(tr("A stream that sends nothing for this long is reconnected."));
    m_firstToken->setRange(5, 3600);
    m_firstToken->setSuffix(tr(" s"));
    m_firstToken->setToolTip(tr("How long a reply may take to start (reasoning models think "
                                "first)."));
    m_attempts->setRange(1, 50);
    m_baseUrl->setObjectName(u"baseUrl"_s);
    m_clearText->setObjectName(u"clearTextWarning"_s);
    m_clearText->setWordWrap(true);
    m_clearText->setText(tr("⚠ Not encrypted (http://): the API key and every message can be read "
                            "on the way. Use https:// unless the server is on this computer or "
                            "your own network."));
    // Its room is kept when hidden: the dialog never grows or jumps while the user types.
    QSizePolicy keepRoom = m_clearText->sizePolicy();
    keepRoom.setRetainSizeWhenHidden(true);
    m_clearText->setSizePolicy(keepRoom);
    m_clearText->setVisible(false);
    connect(m_baseUrl, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_clearText->setVisible(sendsKeyInClearText(QUrl(text.trimmed())));
    });
    m_firstToken->setObjectName(u"firstTokenTimeout"_s);
    m_model->setEditable(true);
    m_model->setObjectName(u"model"_s);
    m_model->setAccessibleName(tr("Model"));
    m_model->setInsertPolicy(QComboBox::NoInsert);
    m_fetchModels->setObjectName(u"fetchModels"_s);
    m_fetchModels->setToolTip(tr("Ask the provider which models it offers"));
    m_headers->setObjectName(u"headers"_s);
    m_headers->setAccessibleName(tr("Extra headers"));
    m_headers->setPlaceholderText(tr("Name: value, one per line"));
    m_headers->setToolTip(tr("Sent with every request. Kept in the settings file: put keys in "
                             "API key, which goes to the keychain."));
    m_headers->setMaximumHeight(70);
    m_headers->setTabChangesFocus(true);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setObjectName(u"apiKey"_s);
    m_keyState->setObjectName(u"keyState"_s);
    m_keyState->setWordWrap(true);
    // Three lines are always there for what the keychain says: long messages are not clipped,
    // and a short one does not make the form jump.
    m_keyState->setMinimumHeight(fontMetrics().lineSpacing() * 3 + 4);
    m_keyState->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_saveKey->setObjectName(u"saveKey"_s);

    auto* add = new QPushButton(tr("Add…"), this);
    auto* presets = new QMenu(add);
    for (const ProviderPreset& p : providerPresets())
        presets->addAction(p.name, this, [this, id = p.id] { addProfile(id); });
    add->setMenu(presets);
    auto* remove = new QPushButton(tr("Remove"), this);

    auto* form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Base URL"), m_baseUrl);
    form->addRow(QString(), m_clearText);
    form->addRow(tr("API"), m_api);
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(m_fetchModels);
    form->addRow(tr("Model"), modelRow);
    form->addRow(tr("Continue a cut reply by"), m_continuation);
    form->addRow(tr("Idle timeout"), m_idle);
    form->addRow(tr("First token timeout"), m_firstToken);
    form->addRow(tr("Attempts per reply"), m_attempts);
    form->addRow(tr("Extra headers"), m_headers);
    form->addRow(tr("API key"), m_key);
    auto* keyButtons = new QHBoxLayout;
    keyButtons->addWidget(m_saveKey);
    keyButtons->addWidget(m_removeKey);
    keyButtons->addStretch();
    form->addRow(QString(), keyButtons);
    form->addRow(QString(), m_keyState);

    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    auto* left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);
    auto* body = new QHBoxLayout;
    body->addLayout(left, 1);
    body->addLayout(form, 2);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(box);

    for (const ProviderProfile& p : m_profiles.profiles())
        m_list->addItem(p.name);
    connect(m_list, &QListWidget::currentRowChanged, this, &SettingsDialog::select);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_row < 0)
            return;
        m_keys.remove(m_profiles.profiles().at(m_row).id);
        m_profiles.profiles().removeAt(m_row);
        m_row = -1;
        delete m_list->takeItem(m_list->currentRow());
    });
    connect(m_saveKey, &QPushButton::clicked, this, &SettingsDialog::saveKey);
    connect(m_removeKey, &QPushButton::clicked, this, &SettingsDialog::removeKey);
    connect(&m_keys, &KeyStore::keyRead, this,
            [this](const QString& id, const QString& key, KeyStore::Outcome o, const QString& m) {
                if (!current() || current()->id != id)
                    return;
                m_storedKey = key;
                showKeyState(o, m);
            });
    connect(m_fetchModels, &QPushButton::clicked, this, &SettingsDialog::fetchModels);
    connect(&m_keys, &KeyStore::keyWritten, this,
            [this](const QString& id, KeyStore::Outcome o, const QString& m) {
                const bool unavailable =
                    o == KeyStore::Outcome::NoKeychain || o == KeyStore::Outcome::Failed;
                if (unavailable) // keep it for this session only, never on disk
                    m_keys.keepForSession(id, m_key->text());
                m_key->clear();
                if (!current() || current()->id != id)
                    return;
                if (unavailable)
                    m_keyState->setText(tr("The keychain is not available (%1). The key is kept "
                                           "for this session only and is never written to disk.")
                                            .arg(m));
                else
                    showKeyState(o, m);
            });
    connect(&m_keys, &KeyStore::keyRemoved, this,
            [this](const QString& id, KeyStore::Outcome, const QString&) {
                if (current() && current()->id == id)
                    showKeyState(KeyStore::Outcome::NotFound, QString());
            });
    connect(box, &QDialogButtonBox::accepted, this, [this] {
        storeForm();
        if (current())
            m_profiles.setDefaultId(current()->id);
        accept();
    });
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);

    int selected = 0;
    for (int i = 0; i < m_profiles.profiles().size(); ++i) {
        if (m_profiles.profiles()[i].id == m_profiles.defaultId())
            selected = i;
    }
    if (m_profiles.profiles().isEmpty()) {
        select(-1);
        m_keyState->setText(tr("Add a provider with Add…; its API key is kept in your system's "
                               "keychain."));
    } else {
        m_list->setCurrentRow(selected);
    }
    resize(std::max(760, sizeHint().width()), std::max(560, sizeHint().height()));
}

ProviderProfile* SettingsDialog::current()
{
    return m_row >= 0 && m_row < m_profiles.profiles().size() ? &m_profiles.profiles()[m_row]
                                                              : nullptr;
}

void SettingsDialog::addProfile(const QString& presetId)
{
    for (const ProviderPreset& preset : providerPresets()) {
        if (preset.id != presetId)
            continue;
        storeForm();
        m_profiles.profiles().append(profileFromPreset(preset, m_profiles.newId()));
        KeyStore::markNoKey(m_profiles.profiles().last().id); // until a key is saved
        m_list->addItem(preset.name);
        m_list->setCurrentRow(m_list->count() - 1);
        return;
    }
}

void SettingsDialog::storeForm()
{
    ProviderProfile* p = current();
    if (!p)
        return;
    p->name = m_name->text().trimmed().isEmpty() ? p->name : m_name->text().trimmed();
    p->config.name = p->name;
    p->config.baseUrl = QUrl(m_baseUrl->text().trimmed());
    apiFromName(m_api->currentData().toString(), &p->config.api);
    p->config.model = m_model->currentText().trimmed();
    p->config.retry.firstTokenTimeoutMs = qint64(m_firstToken->value()) * 1000;
    p->config.retry.maxAttempts = m_attempts->value();
    p->config.extraHeaders = parseHeaders(m_headers->toPlainText());
    continuationFromName(m_continuation->currentData().toString(), &p->config.continuation);
    p->config.retry.idleTimeoutMs = qint64(m_idle->value()) * 1000;
    if (QListWidgetItem* item = m_list->item(m_row))
        item->setText(p->name);
}

void SettingsDialog::select(int row)
{
    storeForm();
    m_row = row;
    const ProviderProfile* p = current();
    for (QWidget* w : std::initializer_list<QWidget*>{
             m_name, m_baseUrl, m_api, m_model, m_fetchModels, m_continuation, m_idle, m_firstToken,
             m_attempts, m_headers, m_key, m_saveKey, m_removeKey})
        w->setEnabled(p != nullptr);
    if (!p)
        return;
    m_name->setText(p->name);
    m_baseUrl->setText(p->config.baseUrl.toString());
    m_api->setCurrentIndex(m_api->findData(apiName(p->config.api)));
    m_model->clear();
    m_model->setCurrentText(p->config.model);
    m_firstToken->setValue(int(p->config.retry.firstTokenTimeoutMs / 1000));
    m_attempts->setValue(p->config.retry.maxAttempts);
    m_headers->setPlainText(formatHeaders(p->config.extraHeaders));
    m_storedKey.clear();
    m_continuation->setCurrentIndex(
        m_continuation->findData(continuationName(p->config.continuation)));
    m_idle->setValue(int(p->config.retry.idleTimeoutMs / 1000));
    m_key->clear();
    m_keyState->setText(tr("Looking in the keychain…"));
    m_keys.read(p->id);
}

void SettingsDialog::fetchModels()
{
    storeForm();
    const ProviderProfile* p = current();
    if (!p)
        return;
    ProviderConfig provider = p->config;
    provider.apiKey = !m_key->text().isEmpty() ? m_key->text()
                      : p->fromEnvironment     ? ProviderConfig::fromEnvironment().apiKey
                                               : m_storedKey;
    if (!provider.baseUrl.isValid() || provider.baseUrl.scheme().isEmpty()) {
        m_keyState->setText(tr("Enter the base URL first."));
        return;
    }
    m_fetchModels->setEnabled(false);
    m_keyState->setText(tr("Asking %1 for its models…").arg(provider.baseUrl.host()));
    ListModelsJob* job = m_engine.listModels(provider);
    connect(job, &Job::succeeded, this, [this, job] {
        m_fetchModels->setEnabled(true);
        const QStringList& models = job->models();
        const QString chosen = m_model->currentText();
        m_model->clear();
        m_model->addItems(models);
        m_model->setCurrentText(chosen.isEmpty() ? models.first() : chosen);
        m_keyState->setText(tr("Models offered: %1").arg(models.size()));
        m_model->showPopup();
    });
    connect(job, &Job::failed, this, [this](const Error& e) {
        m_fetchModels->setEnabled(true);
        m_keyState->setText(e.message);
    });
}

void SettingsDialog::saveKey()
{
    const ProviderProfile* p = current();
    if (!p || m_key->text().isEmpty())
        return;
    m_keyState->setText(tr("Saving to the keychain…"));
    m_keys.write(p->id, m_key->text());
}

void SettingsDialog::removeKey()
{
    if (const ProviderProfile* p = current())
        m_keys.remove(p->id);
}

void SettingsDialog::showKeyState(KeyStore::Outcome outcome, const QString& message)
{
    switch (outcome) {
    case KeyStore::Outcome::Ok:
        // A key kept in memory (no keychain) is not called stored.
        m_keyState->setText(current() && !m_keys.sessionKey(current()->id).isEmpty()
                                ? tr("A key is kept for this session only: there is no "
                                     "keychain. It is never written to disk.")
                                : tr("A key is stored in the keychain."));
        break;
    case KeyStore::Outcome::NotFound:
        m_keyState->setText(tr("No key stored."));
        break;
    case KeyStore::Outcome::NoKeychain:
        m_keyState->setText(tr("No keychain is available on this system. A key you save is kept "
                               "for this session only and is never written to disk."));
        break;
    case KeyStore::Outcome::Denied:
        m_keyState->setText(tr("The keychain refused access: %1").arg(message));
        break;
    case KeyStore::Outcome::Failed:
        m_keyState->setText(tr("The keychain is not available (%1). A key you save is kept for "
                               "this session only and is never written to disk.")
                                .arg(message));
        break;
    }
}

} // namespace tether::ui
