// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow's sending: what the composer holds becomes a request, through the provider on
// screen (once the keychain gave its key, and with consent where it would cross the network in
// clear), with the tool servers' tools when there are any; and stopping it, whatever stage it
// is at.
#include "ui/mainwindow.h"

#include "engine/engine.h"
#include "engine/stream/requestbuilder.h"
#include "ui/attachmenttray.h"
#include "ui/composer.h"
#include "ui/conversationheader.h"
#include "ui/conversationview.h"
#include "ui/session/generationtracker.h"
#include "ui/session/providersession.h"
#include "ui/session/toolsession.h"

#include <QLabel>
#include <QMessageBox>
#include <QSettings>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

std::optional<ProviderConfig> MainWindow::providerForSending()
{
    const std::optional<ProviderConfig> provider = m_session->current();
    if (!provider || m_session->missesKey()) {
        // Its key is on its way, or was not given ("Not Now"): asked again, and the message
        // goes once it is here.
        if (provider)
            m_session->askForKeyAgain();
        m_sendWhenKeyArrives = true;
        m_status->setText(tr("Waiting for the API key…"));
        return std::nullopt;
    }
    if (!provider->apiKey.isEmpty() && sendsKeyInClearText(provider->baseUrl)) {
        // The first time a key would go out unencrypted, the user decides; remembered per
        // profile and host.
        const QString consent = u"providers/clearTextAllowed/%1@%2"_s.arg(
            provider->profileId, provider->baseUrl.host().toLower());
        if (!QSettings().value(consent).toBool()) {
            askToSendInClearText(consent);
            return std::nullopt;
        }
    }
    ProviderConfig out = *provider;
    // The model in the header: the conversation's, or the one picked for it.
    if (const QString model = m_header->model(); !model.isEmpty())
        out.model = model;
    return out;
}

void MainWindow::regenerate(qint64 messageId)
{
    if (m_view->live() || m_preparing || m_tools->isRunning(m_view->conversationId()))
        return;
    const std::optional<ProviderConfig> provider = providerForSending();
    if (!provider)
        return;
    SendRequest request;
    request.conversationId = m_view->conversationId();
    request.regeneratesMessageId = messageId;
    request.provider = *provider;
    dispatch(request);
}

void MainWindow::send()
{
    const QString text = m_composer->text().trimmed();
    AttachmentTray* files = m_composer->attachments();
    if ((text.isEmpty() && files->attachments().isEmpty()) || m_view->live() || m_preparing ||
        m_tools->isRunning(m_view->conversationId()))
        return;
    if (files->isLoading()) {
        m_status->setText(tr("Still reading the attached files…"));
        return;
    }
    const std::optional<ProviderConfig> provider = providerForSending();
    if (!provider)
        return;
    m_composer->clear();
    SendRequest request;
    request.conversationId = m_view->conversationId();
    request.userText = text;
    request.attachments = files->take();
    request.provider = *provider;
    if (request.conversationId == 0) { // a stored conversation has its own
        if (!m_header->systemPrompt().isEmpty())
            request.systemPrompt = m_header->systemPrompt();
        request.params = m_header->settings().params;
    }
    m_header->noteSent(request.provider.model);
    request.replacesMessageId = m_composer->takeEditing();
    // A server on this machine (Ollama, the demo) is reachable with no network at all.
    const bool local = isThisMachine(provider->baseUrl.host());
    request.deferred = !m_tracker->isOnline() && !(local && m_localIgnoresOffline);
    dispatch(request);
}

void MainWindow::dispatch(SendRequest request)
{
    if (!m_tools->hasServers()) {
        start(request);
        return;
    }
    m_preparing = true;
    m_preparingRequest = request;
    const quint64 token = ++m_prepareToken;
    m_status->setText(tr("Asking the tool servers for their tools…"));
    updateControls();
    m_tools->withTools(
        this, [this, request, token](const QList<ToolSpec>& tools,
                                     const QList<ToolServerStatus>& servers) mutable {
            if (token != m_prepareToken)
                return; // stopped meanwhile
            m_preparing = false;
            request.tools = tools;
            start(request);
            for (const ToolServerStatus& s : servers) {
                if (!s.ok) {
                    m_status->setText(tr("The tool server “%1” is not available, its tools are not "
                                         "offered: %2")
                                          .arg(s.server, s.error));
                }
            }
        });
}

void MainWindow::start(const SendRequest& request)
{
    Generation* handle = m_tracker->send(request);
    if (!request.tools.isEmpty())
        m_tools->follow(handle, request.provider, request.tools);
    if (request.regeneratesMessageId) {
        m_status->setText(tr("Regenerating: the earlier reply stays as an alternative."));
        updateControls();
        return;
    }
    if (request.conversationId == 0) {
        if (m_view->conversationId() == 0) // still on screen: waiting for tools took a moment
            m_view->adoptNewChat(handle);
        // Once stored, the new chat is that conversation: changes in the header are saved to it.
        connect(handle, &Generation::started, m_header,
                [this, title = titleFor(request)](const GenerationStarted& s) {
                    if (m_header->conversationId() == 0 &&
                        m_view->conversationId() == s.conversationId)
                        m_header->adopt(s.conversationId, title);
                });
        // Optionally, the model names the chat after its first reply; if it cannot, the first
        // line stays the title.
        connect(handle, &Generation::finished, this,
                [this, provider = request.provider](const GenerationFinished& f) {
                    if (f.status == GenerationStatus::Completed &&
                        QSettings().value(u"chat/autoTitle"_s, false).toBool())
                        m_engine.suggestTitle(f.conversationId, provider);
                });
    }
    m_status->setText(request.deferred ? tr("Offline: the message waits for the network.")
                                       : tr("Sending…"));
    updateControls();
}

void MainWindow::stop()
{
    if (m_preparing) {
        // Nothing was sent yet: the message goes back to the composer.
        ++m_prepareToken;
        m_preparing = false;
        if (m_composer->text().isEmpty())
            m_composer->setText(m_preparingRequest.userText);
        if (m_composer->attachments()->attachments().isEmpty())
            m_composer->attachments()->restore(m_preparingRequest.attachments);
        m_status->setText(tr("Not sent."));
        updateControls();
        return;
    }
    if (m_tools->isRunning(m_view->conversationId())) {
        m_tools->stop(m_view->conversationId());
        return;
    }
    const LiveReply* live = m_view->live();
    if (live && live->generationId)
        m_engine.cancel(live->generationId);
}

void MainWindow::askToSendInClearText(const QString& consentKey)
{
    if (findChild<QMessageBox*>(u"clearText"_s))
        return;
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Unencrypted connection"),
        tr("%1 is reached over http://, without encryption. Your API key and your messages "
           "would cross the network readable by anyone on the way.\n\nUse https:// in Providers… "
           "unless you trust every network between you and this server.")
            .arg(m_session->provider().baseUrl.host()),
        QMessageBox::Cancel, this);
    box->setObjectName(u"clearText"_s);
    box->addButton(tr("Send Anyway"), QMessageBox::AcceptRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, consentKey](int) {
        if (box->buttonRole(box->clickedButton()) != QMessageBox::AcceptRole) {
            m_status->setText(tr("Not sent: the connection is not encrypted."));
            return;
        }
        QSettings().setValue(consentKey, true);
        send();
    });
    box->open();
}

} // namespace tether::ui
