// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/result.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <functional>

namespace tether::engine {

// A file the user attached to a message. The journal stores each one once, keyed on the sha256
// of its bytes; every request that carries it (a resume, Continue, Regenerate, Edit) sends the
// same bytes again.
struct Attachment {
    QString name;    // the file's name, as the user sees it and the request labels it
    QString mime;    // image/png, image/jpeg, image/webp, image/gif, text/plain, application/pdf
    qint64 size = 0; // of `data`
    QString sha256;  // hex, of `data`
    // The file's bytes. Left empty where only the text counts (a request's history) or only the
    // name (a list of messages).
    QByteArray data;
    // Text files: their text; PDFs: the text extracted from them. What a request carries.
    QString text;

    bool isImage() const { return mime.startsWith(QLatin1StringView("image/")); }
    // "data:image/png;base64,…", as both APIs take images.
    QByteArray dataUrl() const;
    bool operator==(const Attachment&) const = default;
};

// What a request sends for a PDF: its text, or an error (encrypted, damaged, no text in it).
using PdfTextFunction = std::function<Result<QString>(const QByteArray& pdf)>;

// An image over this size is refused: providers refuse them too (OpenAI: 20 MB per image).
inline constexpr qint64 MaxImageBytes = qint64(20) * 1024 * 1024;
// A text file or PDF over this size is refused before it is read.
inline constexpr qint64 MaxDocumentBytes = qint64(50) * 1024 * 1024;
// Text (a file's, or a PDF's) beyond this many characters is refused: no model reads it whole.
inline constexpr qsizetype MaxAttachedText = qsizetype(2) * 1024 * 1024;

// Checks the bytes and makes an attachment of them: an image (by its signature, whatever the
// name says), a PDF (by its signature, its text through `pdfText`), or UTF-8 text. Anything else
// (binary, another encoding, an empty file) is refused with a message that names the file.
Result<Attachment> makeAttachment(const QString& name, const QByteArray& bytes,
                                  const PdfTextFunction& pdfText);
// Reads the file at `path` and makes an attachment of it (the CLI's --attach, the window's
// loader, off the GUI thread).
Result<Attachment> readAttachment(const QString& path, const PdfTextFunction& pdfText);

// The text of a user message as a request carries it: what the user typed, then each text or PDF
// attachment in a fenced block under its name. Images are not in it; they go as parts.
QString messageWithFiles(const QString& text, const QList<Attachment>& attachments);

// "12 KB", "3.4 MB": for the window and the CLI.
QString sizeText(qint64 bytes);

} // namespace tether::engine

Q_DECLARE_METATYPE(tether::engine::Attachment)
