// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/keypromptdialog.h"

#include "ui/session/providersession.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

KeyPromptDialog::KeyPromptDialog(const QString& providerName, const QString& why, QWidget* parent)
    : QDialog(parent)
    , m_key(new QLineEdit(this))
{
    setObjectName(u"keyPrompt"_s);
    setWindowTitle(tr("API Key for %1").arg(providerName));
    auto* text = new QLabel(
        tr("<p><b>Tether needs the API key of “%1” to go on.</b></p><p>It cannot read it: "
           "%2.</p><p>The key you enter is kept in memory until Tether quits, never written to "
           "disk.</p>")
            .arg(providerName.toHtmlEscaped(), why.toHtmlEscaped()),
        this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    m_key->setObjectName(u"keyPromptKey"_s);
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setPlaceholderText(tr("API key"));
    m_key->setAccessibleName(tr("API key"));
    auto* buttons = new QDialogButtonBox(this);
    QPushButton* use = buttons->addButton(tr("Use This Key"), QDialogButtonBox::AcceptRole);
    use->setObjectName(u"keyPromptUse"_s);
    use->setEnabled(false);
    buttons->addButton(tr("Not Now"), QDialogButtonBox::RejectRole);
    connect(m_key, &QLineEdit::textChanged, use,
            [use](const QString& t) { use->setEnabled(!t.trimmed().isEmpty()); });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_key);
    layout->addWidget(buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

QString KeyPromptDialog::key() const
{
    return m_key->text().trimmed();
}

void KeyPromptDialog::ask(ProviderSession& session, const QString& profileId, const QString& name,
                          const QString& why, QWidget* parent)
{
    auto* dialog = new KeyPromptDialog(name, why, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, &session, [&session, dialog, profileId](int result) {
        if (result == QDialog::Accepted)
            session.provideKey(profileId, dialog->key());
        else
            session.goWithoutKey(profileId);
    });
    dialog->setWindowModality(Qt::WindowModal);
    dialog->open();
}

} // namespace tether::ui
