// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTextDocument>
#include <QUrl>
#include <QVariant>

namespace tether::ui {

// Model output and imported text are untrusted: rendering them must never read a file or make
// the window act on its own. Two rules hold that line:
//  * resources: only data: URLs load; every other one gets a harmless, non-null placeholder.
//    A null answer is not enough, because QTextDocument then opens the file itself with QFile
//    (a reply pointing at /dev/zero read until the allocation failed and the app aborted).
//  * links: Tether's own actions (tether:copy-code, tether:edit, …) carry a per-process secret,
//    so a link written by the model can look like one but never trigger one.
namespace contentsafety {

// What a refused resource of `type` (QTextDocument::ResourceType) is answered with.
QVariant placeholder(int type);
// data: decoded, or a null QVariant when `name` is anything else (the caller refuses it).
QVariant dataUrl(const QUrl& name);

// tether:<action>?<items>&k=<secret>
QUrl internalLink(const QString& action, const QList<QPair<QString, QString>>& items);
// A tether: link that Tether wrote in this process.
bool isInternalLink(const QUrl& url);

} // namespace contentsafety

// A scratch document for parsing untrusted markdown: it loads nothing.
class SafeDocument : public QTextDocument {
    Q_OBJECT
public:
    using QTextDocument::QTextDocument;
    int refusedResources() const { return m_refused; }

protected:
    QVariant loadResource(int type, const QUrl& name) override;

private:
    int m_refused = 0;
};

} // namespace tether::ui
