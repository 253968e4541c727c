// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/attachment.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QStringDecoder>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

// The image formats both APIs take, by their first bytes.
QString imageMime(const QByteArray& b)
{
    if (b.startsWith("\x89PNG\r\n\x1a\n"))
        return u"image/png"_s;
    if (b.startsWith("\xff\xd8\xff"))
        return u"image/jpeg"_s;
    if (b.startsWith("GIF87a") || b.startsWith("GIF89a"))
        return u"image/gif"_s;
    if (b.size() >= 12 && b.startsWith("RIFF") && b.mid(8, 4) == "WEBP")
        return u"image/webp"_s;
    return {};
}

// The longest run of backticks in `text`: a fence one longer can never be closed by it.
qsizetype longestBacktickRun(const QString& text)
{
    qsizetype longest = 0;
    qsizetype run = 0;
    for (QChar c : text) {
        run = c == u'`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

// The line naming a file above its fence. A name is the sender's, not the user's words: one
// with a line break, a backtick or a quote could end the fence or pose as the message, so such
// a name is quoted as a JSON string, on one line, with every such character escaped.
QString nameLine(const QString& name)
{
    const bool plain = std::none_of(name.begin(), name.end(), [](QChar c) {
        return c.unicode() < 0x20 || c == u'`' || c == u'"' || c == u'\\' ||
               c.category() == QChar::Separator_Line ||
               c.category() == QChar::Separator_Paragraph || c.unicode() == 0x7f;
    });
    if (plain)
        return name + u':';
    const QByteArray quoted = QJsonDocument(QJsonArray{name}).toJson(QJsonDocument::Compact);
    // ["…"] → "…", with \n, \", \\ and control characters escaped; backticks as \u0060.
    QString line = QString::fromUtf8(quoted.mid(1, quoted.size() - 2));
    line.replace(u'`', u"\\u0060"_s);
    line.replace(QChar(0x2028), u"\\u2028"_s);
    line.replace(QChar(0x2029), u"\\u2029"_s);
    line.replace(QChar(0x7f), u"\\u007f"_s);
    return line + u':';
}

} // namespace

QByteArray Attachment::dataUrl() const
{
    return "data:" + mime.toLatin1() + ";base64," + data.toBase64();
}

QString sizeText(qint64 bytes)
{
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

Result<Attachment> makeAttachment(const QString& name, const QByteArray& bytes,
                                  const PdfTextFunction& pdfText)
{
    Attachment a;
    a.name = name;
    a.size = bytes.size();
    if (bytes.isEmpty())
        return Error{ErrorCode::Usage, u"%1 is empty: there is nothing to attach."_s.arg(name)};
    a.mime = imageMime(bytes);
    if (!a.mime.isEmpty()) {
        if (a.size > MaxImageBytes) {
            return Error{ErrorCode::Usage, u"%1 is %2; images over %3 are not sent."_s.arg(
                                               name, sizeText(a.size), sizeText(MaxImageBytes))};
        }
    } else if (a.size > MaxDocumentBytes) {
        return Error{ErrorCode::Usage, u"%1 is %2; files over %3 are not attached."_s.arg(
                                           name, sizeText(a.size), sizeText(MaxDocumentBytes))};
    } else if (bytes.startsWith("%PDF-")) {
        a.mime = u"application/pdf"_s;
        if (!pdfText)
            return Error{ErrorCode::Usage,
                         u"%1: this build of Tether cannot read PDFs."_s.arg(name)};
        auto text = pdfText(bytes);
        if (!text)
            return Error{ErrorCode::Usage, u"%1: %2"_s.arg(name, text.error().message)};
        if (text.value().trimmed().isEmpty()) {
            return Error{ErrorCode::Usage,
                         u"%1 has no text to send (a scanned PDF holds only pictures of its "
                         "pages)."_s.arg(name)};
        }
        a.text = text.value();
    } else {
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        QString text = utf8.decode(bytes);
        if (utf8.hasError() || bytes.contains('\0')) {
            return Error{ErrorCode::Usage,
                         u"%1 is not a text file (or not UTF-8), an image or a PDF, so it cannot "
                         "be sent."_s.arg(name)};
        }
        if (text.startsWith(QChar(0xfeff))) // a BOM says nothing to a model
            text.remove(0, 1);
        a.mime = u"text/plain"_s;
        a.text = text;
    }
    if (a.text.size() > MaxAttachedText) {
        return Error{ErrorCode::Usage,
                     u"%1 holds %2 characters of text; at most %3 are sent."_s.arg(
                         name, QString::number(a.text.size()), QString::number(MaxAttachedText))};
    }
    a.data = bytes;
    a.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    return a;
}

Result<Attachment> readAttachment(const QString& path, const PdfTextFunction& pdfText)
{
    const QFileInfo info(path);
    const QString name = info.fileName();
    if (info.isDir())
        return Error{ErrorCode::Usage, u"%1 is a folder, not a file."_s.arg(path)};
    if (!info.exists())
        return Error{ErrorCode::NotFound, u"%1 cannot be read: no such file."_s.arg(path)};
    // A device or a pipe has no size to check and may never end (/dev/zero), and opening a pipe
    // nobody writes to waits for ever: only regular files are opened.
    if (!info.isFile()) {
        return Error{ErrorCode::Usage,
                     u"%1 is not a regular file (a device, a pipe or a socket), so it cannot be "
                     "attached."_s.arg(path)};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::NotFound, u"%1 cannot be read: %2"_s.arg(path, file.errorString())};
    // Never more than can be sent, whatever the size said (a file may grow while it is read).
    constexpr qint64 limit = std::max(MaxImageBytes, MaxDocumentBytes);
    const QByteArray bytes = file.read(limit + 1);
    if (bytes.size() > limit || file.size() > limit) {
        return Error{
            ErrorCode::Usage,
            u"%1 is %2; files over %3 are not attached."_s.arg(
                name, sizeText(std::max<qint64>(file.size(), bytes.size())), sizeText(limit))};
    }
    if (file.error() != QFileDevice::NoError)
        return Error{ErrorCode::Usage, u"%1 cannot be read: %2"_s.arg(path, file.errorString())};
    return makeAttachment(name, bytes, pdfText);
}

QString messageWithFiles(const QString& text, const QList<Attachment>& attachments)
{
    QString out = text;
    for (const Attachment& a : attachments) {
        if (a.isImage())
            continue;
        const QString fence(std::max<qsizetype>(3, longestBacktickRun(a.text) + 1), u'`');
        if (!out.isEmpty())
            out += u"\n\n"_s;
        out += nameLine(a.name) + u'\n' + fence + u'\n' + a.text;
        if (!a.text.endsWith(u'\n'))
            out += u'\n';
        out += fence;
    }
    return out;
}

} // namespace tether::engine
