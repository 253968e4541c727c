#include "safebrowser.h"

#include "logging.h"

#include <QDesktopServices>
#include <QFile>
#include <QMessageBox>

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
    Q_UNUSED(type)
    if (name.scheme() == "data"_L1) {
        // data:[<mediatype>][;base64],<data>
        const QString s = name.toString(QUrl::FullyEncoded);
        const qsizetype comma = s.indexOf(u',');
        if (comma > 0) {
            const QByteArray payload = s.mid(comma + 1).toLatin1();
            return s.left(comma).endsWith(";base64"_L1) ? QByteArray::fromBase64(payload)
                                                        : QByteArray::fromPercentEncoding(payload);
        }
    } else if (name.scheme() == "qrc"_L1) {
        QFile f(u":"_s + name.path());
        if (f.open(QIODevice::ReadOnly))
            return f.readAll();
    }
    ++m_refused;
    qCDebug(lcUi) << "refused to load" << name.toString(QUrl::RemoveQuery);
    return {};
}

void SafeBrowser::confirmAndOpen(const QUrl& url)
{
    if (url.scheme() == "tether"_L1) {
        Q_EMIT internalLinkActivated(url);
        return;
    }
    if (!isOpenable(url)) {
        QMessageBox::information(this, tr("Link not opened"),
                                 tr("Tether opens only web and mail links. This one was not "
                                    "opened:\n\n%1")
                                     .arg(url.toString()));
        return;
    }
    const auto answer = QMessageBox::question(
        this, tr("Open link?"),
        tr("The reply links to:\n\n%1\n\nOpen it in your browser?").arg(url.toString()));
    if (answer == QMessageBox::Yes)
        QDesktopServices::openUrl(url);
}

} // namespace tether::ui
