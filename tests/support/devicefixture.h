// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A data folder standing for one device, and exchanges written straight into its journal: what
// the sync suites start from.
#include "engine/journal/journal.h"

#include <QTemporaryDir>

namespace tether::test {

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

// One data folder: a device.
struct Device {
    QTemporaryDir dir;
    QString path() const { return Journal::pathIn(dir.path()); }
    std::unique_ptr<Journal> open() const
    {
        auto j = Journal::open(path());
        if (!j)
            qFatal("cannot open the journal: %s", qPrintable(j.error().message));
        return std::move(j.value());
    }
};

// A user message and its completed reply; returns the exchange.
inline Exchange say(Journal& j, const QString& text, qint64 conversation = 0,
                    GenerationStatus status = GenerationStatus::Completed,
                    const QList<Attachment>& files = {})
{
    SendRequest r;
    r.conversationId = conversation;
    r.userText = text;
    r.attachments = files;
    r.provider.baseUrl = QUrl(u"http://127.0.0.1:1/v1"_s);
    r.provider.model = u"m"_s;
    auto ex = j.beginExchange(r);
    if (!ex)
        qFatal("cannot store: %s", qPrintable(ex.error().message));
    const qint64 g = ex.value().generationId;
    if (!j.appendChunks(g, 1, {Delta{ChunkKind::Text, u"Re: "_s + text, -1}}, -1, {}, 10))
        qFatal("cannot append");
    if (status != GenerationStatus::Streaming) {
        GenerationOutcome o;
        o.status = status;
        if (!j.finishGeneration(g, o))
            qFatal("cannot finish");
    }
    return ex.value();
}

} // namespace tether::test
