// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transcript/thumbnails.h"

#include <QBuffer>
#include <QFutureWatcher>
#include <QImageReader>
#include <QPalette>
#include <QTextDocument>
#include <QTextImageFormat>
#include <QtConcurrent>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace {

QUrl resourceName(const QString& sha256)
{
    return QUrl(u"tether-thumbnail:"_s + sha256);
}

QSize thumbnailSize(QSize size)
{
    if (!size.isValid())
        return {Thumbnails::MaxSide, Thumbnails::MaxSide * 3 / 4};
    return size.scaled(QSize(Thumbnails::MaxSide, Thumbnails::MaxSide), Qt::KeepAspectRatio)
        .boundedTo(size);
}

} // namespace

Thumbnails::Thumbnails(QTextDocument* document)
    : QObject(document)
    , m_document(document)
{}

void Thumbnails::reset()
{
    m_waiting.clear();
}

void Thumbnails::insert(QTextCursor& cursor, const engine::Attachment& image)
{
    QByteArray bytes = image.data;
    QBuffer header(&bytes);
    QImageReader reader(&header);
    const QSize size = thumbnailSize(reader.size());
    const QUrl name = resourceName(image.sha256);
    QTextImageFormat format;
    format.setName(name.toString());
    format.setWidth(size.width());
    format.setHeight(size.height());
    format.setToolTip(image.name);
    const auto done = m_done.constFind(image.sha256);
    if (done != m_done.cend()) {
        m_document->addResource(QTextDocument::ImageResource, name, *done);
        cursor.insertImage(format);
        return;
    }
    // Until it is decoded, the box is a quiet tile of the same size.
    QImage tile(size, QImage::Format_RGB32);
    tile.fill(QPalette().color(QPalette::AlternateBase));
    m_document->addResource(QTextDocument::ImageResource, name, tile);
    QTextCursor at = cursor;
    cursor.insertImage(format);
    at.setPosition(cursor.position() - 1);
    const bool started = m_waiting.contains(image.sha256);
    m_waiting[image.sha256].append(at);
    if (started)
        return;
    auto* watcher = new QFutureWatcher<QImage>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, sha = image.sha256] {
        watcher->deleteLater();
        const QImage thumbnail = watcher->result();
        m_done.insert(sha, thumbnail);
        const QList<QTextCursor> places = m_waiting.take(sha);
        if (places.isEmpty() || thumbnail.isNull())
            return;
        m_document->addResource(QTextDocument::ImageResource, resourceName(sha), thumbnail);
        for (const QTextCursor& place : places)
            m_document->markContentsDirty(place.position(), 1);
        Q_EMIT ready();
    });
    watcher->setFuture(QtConcurrent::run([bytes, size] {
        QBuffer buffer;
        buffer.setData(bytes);
        QImageReader decoder(&buffer);
        decoder.setScaledSize(size); // JPEG decodes at the smaller size directly
        QImage out = decoder.read();
        if (!out.isNull() && out.size() != size)
            out = out.scaled(size, Qt::KeepAspectRatio, Qt::SmoothTransformation);
        return out;
    }));
}

} // namespace tether::ui
