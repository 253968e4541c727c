// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/attachment.h"

#include <QHash>
#include <QImage>
#include <QObject>
#include <QTextCursor>

class QTextDocument;

namespace tether::ui {

// Pictures of attached images in a transcript, drawn from the bytes the journal stored (nothing
// is fetched). A thumbnail's box is laid out at once, at its final size (read from the image's
// header); the picture is decoded and scaled on a pool thread and drawn in when ready, so a
// conversation full of photos opens without decoding them on the GUI thread.
class Thumbnails : public QObject {
    Q_OBJECT
public:
    explicit Thumbnails(QTextDocument* document);

    static constexpr int MaxSide = 160;
    // Inserts the image's thumbnail at `cursor`.
    void insert(QTextCursor& cursor, const engine::Attachment& image);
    // The document was emptied: thumbnails on their way are for a page no longer shown.
    void reset();
    int pending() const { return int(m_waiting.size()); }

Q_SIGNALS:
    // A thumbnail was drawn in.
    void ready();

private:
    QTextDocument* m_document;
    QHash<QString, QImage> m_done;                // by sha256
    QHash<QString, QList<QTextCursor>> m_waiting; // where each awaited one is shown
};

} // namespace tether::ui
