// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/attachment.h"

#include <QFuture>
#include <QHash>
#include <QPixmap>
#include <QSet>
#include <QWidget>

class QHBoxLayout;
class QImage;
class QMimeData;

namespace tether::ui {

// The files waiting to go with the next message, above the composer: one chip each (its name
// and size; × removes it). Files are read, checked and hashed on a pool thread, never on the
// GUI thread; a pasted picture is encoded as PNG there too. What cannot be sent is refused with
// a message and never added.
class AttachmentTray : public QWidget {
    Q_OBJECT
public:
    explicit AttachmentTray(QWidget* parent = nullptr);

    void addFiles(const QStringList& paths);
    void addImage(const QImage& image);
    // A paste or a drop: images and local files are attached; true if it held any.
    bool addFrom(const QMimeData* mime);
    static bool holdsAttachments(const QMimeData* mime);

    const QList<engine::Attachment>& attachments() const { return m_attachments; }
    QList<engine::Attachment> take();
    // Puts back what a send that failed took.
    void restore(const QList<engine::Attachment>& attachments);
    bool isLoading() const { return m_loading > 0; }

Q_SIGNALS:
    // A file was refused; `message` says which and why.
    void refused(const QString& message);
    void changed();

private:
    void load(const QFuture<engine::Result<engine::Attachment>>& loading);
    void add(const engine::Result<engine::Attachment>& loaded);
    void rebuild();

    // A picture's chip shows it, made small on a worker thread, by the picture's hash.
    void makeThumbnail(const engine::Attachment& a);

    QHBoxLayout* m_chips;
    QHash<QString, QPixmap> m_thumbnails;
    QSet<QString> m_thumbnailing;
    QList<engine::Attachment> m_attachments;
    int m_loading = 0;
    quint64 m_epoch = 0; // take() forgets files still being read for the message just sent
};

} // namespace tether::ui
