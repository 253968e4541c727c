// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/serverprompts.h"

#include "engine/engine.h"
#include "engine/net/limits.h"
#include "ui/dialogs/elicitationdialog.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QMessageBox>
#include <QPushButton>

using namespace tether::engine;

namespace tether::ui {

ServerPrompts::ServerPrompts(Engine& engine, QWidget* window)
    : QObject(window)
    , m_engine(engine)
    , m_window(window)
{
    connect(&engine, &Engine::toolSignInRequested, this, &ServerPrompts::askToSignIn);
    connect(&engine, &Engine::toolSignInEnded, this,
            [this](const QString& server, const QString& error) {
                if (QMessageBox* box = m_signIns.take(server))
                    box->deleteLater();
                Q_EMIT message(
                    error.isEmpty() ? tr("Signed in to the tool server “%1”.").arg(server) : error);
            });
    connect(&engine, &Engine::elicitationRequested, this, [this](const Elicitation& request) {
        auto* dialog = new ElicitationDialog(request, m_window);
        connect(dialog, &ElicitationDialog::answered, &m_engine, &Engine::answerElicitation);
        dialog->show();
        dialog->raise();
    });
}

void ServerPrompts::askToSignIn(const QString& server, const QUrl& url, bool again)
{
    if (QMessageBox* old = m_signIns.take(server))
        old->deleteLater();
    auto* box = new QMessageBox(m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setIcon(QMessageBox::Information);
    box->setWindowTitle(tr("Sign in to “%1”").arg(server));
    box->setText(again ? tr("The tool server “%1” no longer accepts your sign-in. Sign in again "
                            "to go on using it.")
                             .arg(server)
                       : tr("The tool server “%1” asks you to sign in.").arg(server));
    box->setInformativeText(tr("Tether opens the sign-in page in your browser. Come back here "
                               "once it says you are signed in; what waits for the server goes "
                               "on by itself."));
    auto* open = box->addButton(tr("Sign In in Browser"), QMessageBox::AcceptRole);
    auto* copy = box->addButton(tr("Copy Link"), QMessageBox::ActionRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(open);
    connect(box, &QMessageBox::finished, this, [this, server, url, box, open, copy] {
        if (m_signIns.value(server) != box)
            return; // replaced, or the sign-in ended meanwhile
        m_signIns.remove(server);
        if (box->clickedButton() == open) {
            if (!QDesktopServices::openUrl(url)) {
                // No browser to open it with (a bare desktop): the link is where paste finds it.
                QGuiApplication::clipboard()->setText(url.toString(QUrl::FullyEncoded));
                Q_EMIT message(tr("No browser could be opened here; the sign-in link to “%1” is "
                                  "copied: paste it into a browser.")
                                   .arg(server));
                return;
            }
        } else if (box->clickedButton() == copy) {
            QGuiApplication::clipboard()->setText(url.toString(QUrl::FullyEncoded));
        } else {
            m_engine.cancelSignIn(server);
            return;
        }
        Q_EMIT message(tr("Waiting for the sign-in to “%1” in the browser (%2 minutes at most)…")
                           .arg(server)
                           .arg(limits::MaxSignInMs / 60'000));
    });
    m_signIns.insert(server, box);
    box->open();
}

} // namespace tether::ui
