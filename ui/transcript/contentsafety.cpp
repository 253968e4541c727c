// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transcript/contentsafety.h"

#include "ui/logging.h"

#include <QImage>
#include <QRandomGenerator>
#include <QUrlQuery>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace contentsafety {

namespace {
const QString& secret()
{
    static const QString key = [] {
        QByteArray bytes(16, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()),
                                              bytes.size() / 4);
        return QString::fromLatin1(bytes.toHex());
    }();
    return key;
}
} // namespace

QVariant placeholder(int type)
{
    switch (type) {
    case QTextDocument::ImageResource: {
        static const QImage transparent = [] {
            QImage image(1, 1, QImage::Format_ARGB32);
            image.fill(Qt::transparent);
            return image;
        }();
        return transparent;
    }
    case QTextDocument::StyleSheetResource:
        return u"/* refused */"_s;
    default:
        return QByteArray(" ");
    }
}

QVariant dataUrl(const QUrl& name)
{
    if (name.scheme().compare("data"_L1, Qt::CaseInsensitive) != 0)
        return {};
    // data:[<mediatype>][;base64],<data>
    const QString s = name.toString(QUrl::FullyEncoded);
    const qsizetype comma = s.indexOf(u',');
    if (comma <= 0)
        return {};
    const QByteArray payload = s.mid(comma + 1).toLatin1();
    return s.left(comma).endsWith(";base64"_L1) ? QByteArray::fromBase64(payload)
                                                : QByteArray::fromPercentEncoding(payload);
}

QUrl internalLink(const QString& action, const QList<QPair<QString, QString>>& items)
{
    // Every value percent-encoded whole ('&', '=' and '+' included), read back with
    // QUrlQuery::queryItemValue(key, QUrl::FullyDecoded).
    QStringList query;
    for (const auto& [key, value] : items)
        query.append(key + u'=' + QString::fromLatin1(QUrl::toPercentEncoding(value)));
    query.append(u"k="_s + secret());
    QUrl url;
    url.setScheme(u"tether"_s);
    url.setPath(action);
    url.setQuery(query.join(u'&'), QUrl::StrictMode);
    return url;
}

bool isInternalLink(const QUrl& url)
{
    return url.scheme() == "tether"_L1 && QUrlQuery(url).queryItemValue(u"k"_s) == secret();
}

} // namespace contentsafety

QVariant SafeDocument::loadResource(int type, const QUrl& name)
{
    if (QVariant decoded = contentsafety::dataUrl(name); !decoded.isNull())
        return decoded;
    ++m_refused;
    qCDebug(lcUi) << "refused to load" << name.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    return contentsafety::placeholder(type);
}

} // namespace tether::ui
