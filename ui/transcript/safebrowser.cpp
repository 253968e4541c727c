// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transcript/safebrowser.h"

#include "ui/logging.h"
#include "ui/transcript/contentsafety.h"

#include <QCursor>
#include <QDesktopServices>
#include <QMessageBox>
#include <QToolTip>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

SafeBrowser::SafeBrowser(QWidget* parent)
    : QTextBrowser(parent)
{
    // Read-only: an undo history would only keep a copy of every streamed re-render.
    document()->setUndoRedoEnabled(false);
    setOpenLinks(false);
    setOpenExternalLinks(false);
    connect(this, &QTextBrowser::anchorClicked, this, &SafeBrowser::confirmAndOpen);
}

bool SafeBrowser::isOpenable(const QUrl& url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == "http"_L1 || scheme == "https"_L1 || scheme == "mailto"_L1);
}

QVariant SafeBrowser::loadResource(int type, const QUrl& name)
{
    if (QVariant decoded = contentsafety::dataUrl(name); !decoded.isNull())
        return decoded;
    ++m_refused;
    qCDebug(lcUi) << "refused to load" << name.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    // Never null: for a null answer QTextDocument reads a local file itself.
    return contentsafety::placeholder(type);
}

void SafeBrowser::confirmAndOpen(const QUrl& url)
{
    if (contentsafety::isInternalLink(url)) {
        Q_EMIT internalLinkActivated(url);
        return;
    }
    if (!isOpenable(url)) {
        // Said where the user clicked, without a dialog to dismiss: a reply can hold many such
        // links (and a forged tether: one lands here too).
        QToolTip::showText(QCursor::pos(),
                           tr("Tether opens only web and mail links. This one was not "
                              "opened:\n%1")
                               .arg(url.toString()),
                           this);
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Open link?"),
        tr("The reply links to:\n\n%1\n\nOpen it in your browser?").arg(url.toString()));
    if (answer == QMessageBox::Yes)
        QDesktopServices::openUrl(url);
}

} // namespace tether::ui
