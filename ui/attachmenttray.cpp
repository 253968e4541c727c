// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/attachmenttray.h"

#include "engine/pdf/pdftext.h"

#include <QBuffer>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QImage>
#include <QMimeData>
#include <QToolButton>
#include <QUrl>
#include <QtConcurrent>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

AttachmentTray::AttachmentTray(QWidget* parent)
    : QWidget(parent)
    , m_chips(new QHBoxLayout(this))
{
    setObjectName(u"attachments"_s);
    setAccessibleName(tr("Attached files"));
    m_chips->setContentsMargins(0, 0, 0, 0);
    m_chips->addStretch(1);
    hide();
}

bool AttachmentTray::holdsAttachments(const QMimeData* mime)
{
    if (!mime)
        return false;
    if (mime->hasImage())
        return true;
    const QList<QUrl> urls = mime->urls();
    return std::any_of(urls.cbegin(), urls.cend(), [](const QUrl& u) { return u.isLocalFile(); });
}

bool AttachmentTray::addFrom(const QMimeData* mime)
{
    if (!holdsAttachments(mime))
        return false;
    QStringList paths;
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    // A file copied in a file manager also offers its icon as an image: the file wins.
    if (!paths.isEmpty())
        addFiles(paths);
    else
        addImage(qvariant_cast<QImage>(mime->imageData()));
    return true;
}

void AttachmentTray::addFiles(const QStringList& paths)
{
    for (const QString& path : paths)
        load(QtConcurrent::run([path] { return readAttachment(path, pdfText); }));
    Q_EMIT changed();
}

void AttachmentTray::addImage(const QImage& image)
{
    if (image.isNull()) {
        Q_EMIT refused(tr("The clipboard holds no picture Tether can read."));
        return;
    }
    const QString name =
        tr("Pasted image %1.png").arg(QDateTime::currentDateTime().toString(u"HH.mm.ss"_s));
    load(QtConcurrent::run([image, name] {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        return makeAttachment(name, png, PdfTextFunction());
    }));
    Q_EMIT changed();
}

void AttachmentTray::load(const QFuture<Result<Attachment>>& loading)
{
    ++m_loading;
    auto* watcher = new QFutureWatcher<Result<Attachment>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, epoch = m_epoch] {
        watcher->deleteLater();
        if (epoch != m_epoch)
            return; // taken by a send meanwhile: not for the next message
        --m_loading;
        add(watcher->result());
        Q_EMIT changed();
    });
    watcher->setFuture(loading);
}

void AttachmentTray::add(const Result<Attachment>& loaded)
{
    if (!loaded) {
        Q_EMIT refused(loaded.error().message);
        return;
    }
    const Attachment& a = loaded.value();
    const bool twice = std::any_of(m_attachments.cbegin(), m_attachments.cend(),
                                   [&a](const Attachment& b) { return b.sha256 == a.sha256; });
    if (!twice)
        m_attachments.append(a);
    rebuild();
}

QList<Attachment> AttachmentTray::take()
{
    ++m_epoch;
    m_loading = 0;
    QList<Attachment> out = std::exchange(m_attachments, {});
    rebuild();
    return out;
}

void AttachmentTray::restore(const QList<Attachment>& attachments)
{
    m_attachments = attachments;
    rebuild();
    Q_EMIT changed();
}

void AttachmentTray::makeThumbnail(const Attachment& a)
{
    if (m_thumbnails.contains(a.sha256) || m_thumbnailing.contains(a.sha256))
        return;
    m_thumbnailing.insert(a.sha256);
    // Decoding a large picture takes longer than a frame: off the GUI thread.
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, sha = a.sha256] {
        watcher->deleteLater();
        m_thumbnailing.remove(sha);
        const QImage image = watcher->result();
        if (image.isNull())
            return;
        m_thumbnails.insert(sha, QPixmap::fromImage(image));
        rebuild();
    });
    watcher->setFuture(QtConcurrent::run([data = a.data] {
        QImage image;
        if (!image.loadFromData(data))
            return QImage();
        return image.scaled(72, 72, Qt::KeepAspectRatioByExpanding, Qt::SmoothTransformation)
            .copy(0, 0, 72, 72);
    }));
}

void AttachmentTray::rebuild()
{
    while (m_chips->count() > 1) {
        QLayoutItem* item = m_chips->takeAt(0);
        delete item->widget();
        delete item;
    }
    for (qsizetype i = 0; i < m_attachments.size(); ++i) {
        const Attachment& a = m_attachments.at(i);
        auto* chip = new QToolButton(this);
        chip->setObjectName(u"attachment"_s);
        chip->setAutoRaise(true);
        chip->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        chip->setIconSize(QSize(36, 36));
        chip->setStyleSheet(u"QToolButton { border: 1px solid palette(mid); border-radius: 8px;"
                            " padding: 3px 8px; background: palette(base); }"_s);
        if (const auto thumb = m_thumbnails.constFind(a.sha256); thumb != m_thumbnails.cend())
            chip->setIcon(QIcon(*thumb));
        else
            chip->setIcon(
                QIcon::fromTheme(a.isImage() ? u"image-x-generic"_s : u"text-x-generic"_s));
        if (a.isImage())
            makeThumbnail(a);
        chip->setText(u"%1 · %2  ✕"_s.arg(a.name, sizeText(a.size)));
        chip->setToolTip(tr("Remove %1").arg(a.name));
        chip->setAccessibleName(tr("Remove attachment %1").arg(a.name));
        const QString sha = a.sha256;
        connect(chip, &QToolButton::clicked, this, [this, sha] {
            m_attachments.removeIf([&sha](const Attachment& b) { return b.sha256 == sha; });
            rebuild();
            Q_EMIT changed();
        });
        m_chips->insertWidget(int(i), chip);
    }
    setVisible(!m_attachments.isEmpty());
}

} // namespace tether::ui
