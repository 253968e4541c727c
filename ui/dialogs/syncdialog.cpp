// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/syncdialog.h"

#include "engine/stream/requestbuilder.h"

#include "ui/session/syncsession.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

SyncDialog::SyncDialog(SyncSession& session, QWidget* parent)
    : QDialog(parent)
    , m_session(session)
    , m_url(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_passphrase(new QLineEdit(this))
    , m_automatic(
          new QCheckBox(tr("Sync &automatically: after each reply and every few minutes"), this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_syncNow(new QPushButton(tr("Sync &Now"), this))
{
    setWindowTitle(tr("Sync"));
    setMinimumWidth(560);
    auto* intro = new QLabel(
        tr("One history on every device, through your own WebDAV folder (Nextcloud, ownCloud, "
           "Synology, Apache, nginx, rclone). Each device adds its own files and never "
           "overwrites another's. Everything is encrypted on this computer with your "
           "passphrase: the server cannot read a word."),
        this);
    intro->setWordWrap(true);

    const SyncSession::Config c = session.config();
    m_url->setObjectName(u"syncUrl"_s);
    m_url->setPlaceholderText(u"https://cloud.example.com/remote.php/dav/files/me/Tether"_s);
    m_url->setText(c.url.toString());
    m_user->setObjectName(u"syncUser"_s);
    m_user->setText(c.user);
    m_password->setObjectName(u"syncPassword"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_passphrase->setObjectName(u"syncPassphrase"_s);
    m_passphrase->setEchoMode(QLineEdit::Password);
    if (session.isConfigured()) {
        // Saved: in the keychain, or until Tether quits when the keychain refused (the status
        // below says which).
        m_password->setPlaceholderText(tr("(saved; type to replace)"));
        m_passphrase->setPlaceholderText(m_password->placeholderText());
    } else {
        m_passphrase->setPlaceholderText(tr("the same on every device"));
    }
    m_automatic->setChecked(c.automatic);
    auto* passphraseNote = new QLabel(
        tr("The passphrase never leaves your devices. Without it the synced copy cannot be "
           "read, by anyone: keep it somewhere safe."),
        this);
    passphraseNote->setWordWrap(true);
    passphraseNote->setEnabled(false);

    // Basic authentication over http:// shows the password to anyone on the way.
    auto* clearText = new QLabel(
        tr("This address is http://: your WebDAV password would cross the network unencrypted "
           "(your history itself stays encrypted with the passphrase). Use https://."),
        this);
    clearText->setObjectName(u"syncClearText"_s);
    clearText->setWordWrap(true);
    const auto showClearText = [this, clearText] {
        clearText->setVisible(
            tether::engine::sendsKeyInClearText(QUrl::fromUserInput(m_url->text().trimmed())));
    };
    connect(m_url, &QLineEdit::textChanged, clearText, showClearText);
    showClearText();

    auto* form = new QFormLayout;
    form->addRow(tr("WebDAV &folder:"), m_url);
    form->addRow(QString(), clearText);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("&Password:"), m_password);
    form->addRow(tr("Pass&phrase:"), m_passphrase);
    form->addRow(QString(), passphraseNote);
    form->addRow(QString(), m_automatic);

    m_status->setObjectName(u"syncStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setVisible(false);

    auto* box = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Close, this);
    box->addButton(m_syncNow, QDialogButtonBox::ActionRole);
    m_syncNow->setObjectName(u"syncNow"_s);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addStretch();
    layout->addWidget(box);

    connect(box, &QDialogButtonBox::accepted, this, [this] {
        if (save())
            accept();
    });
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_syncNow, &QPushButton::clicked, this, [this] {
        if (save())
            m_session.syncNow();
    });
    connect(&session, &SyncSession::statusChanged, this, &SyncDialog::showStatus);
    connect(&session, &SyncSession::running, this, [this](bool running) {
        m_syncNow->setEnabled(!running);
        m_progress->setVisible(running);
        m_progress->setRange(0, 0);
    });
    connect(&session, &SyncSession::progress, this, [this](int percent) {
        m_progress->setRange(0, percent < 0 ? 0 : 100);
        if (percent >= 0)
            m_progress->setValue(percent);
    });
    showStatus(session.statusText(), session.lastFailed());
    m_syncNow->setEnabled(!session.isRunning());
    m_progress->setVisible(session.isRunning());
}

bool SyncDialog::save()
{
    const QString text = m_url->text().trimmed();
    const QUrl url = QUrl::fromUserInput(text);
    if (!text.isEmpty() &&
        (!url.isValid() || (url.scheme() != "https"_L1 && url.scheme() != "http"_L1))) {
        showStatus(tr("The folder must be an https:// (or http://) address."), true);
        return false;
    }
    if (!text.isEmpty() && !m_session.isConfigured() && m_passphrase->text().isEmpty()) {
        showStatus(tr("Choose a passphrase: it encrypts everything before it leaves this "
                      "computer."),
                   true);
        m_passphrase->setFocus();
        return false;
    }
    m_session.configure(
        {text.isEmpty() ? QUrl() : url, m_user->text().trimmed(), m_automatic->isChecked()},
        m_password->text(), m_passphrase->text());
    m_password->clear();
    m_passphrase->clear();
    if (m_session.isConfigured()) {
        m_password->setPlaceholderText(tr("(saved; type to replace)"));
        m_passphrase->setPlaceholderText(m_password->placeholderText());
    }
    return true;
}

void SyncDialog::showStatus(const QString& text, bool failed)
{
    m_status->setText(text);
    m_status->setStyleSheet(failed ? u"font-weight: bold;"_s : QString());
}

} // namespace tether::ui
