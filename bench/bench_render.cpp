// SPDX-License-Identifier: GPL-3.0-or-later
// Live rendering cost: a markdown reply (paragraphs, lists, code blocks, tables) streams at
// 2,000 tokens/s into the real transcript widget, rendered once per frame by MarkdownStream.
// Prints GUI-thread CPU time, the longest single render and event-loop stall, and whether the
// cost of an update grows with the length of the reply. Run with QT_QPA_PLATFORM=offscreen or
// under a display.
#include "ui/transcript/codehighlighter.h"
#include "ui/transcript/markdownstream.h"
#include "ui/transcript/safebrowser.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>

using namespace Qt::Literals::StringLiterals;
using namespace tether::ui;

namespace {

QStringList makeTokens(int count, bool tables)
{
    QString chunk = uR"(## Step %1

The engine commits every chunk **before** it is shown, so a crash loses *nothing* the user saw.
Here is the part that matters, with `commit` and `emit` in that order:

```cpp
for (const Delta& d : deltas) {
    insert.bindValue(0, generationId);
    insert.bindValue(1, seq++);
    insert.exec();
}
journal.commit();
Q_EMIT chunksAdded(batch);
```

- first point about step %1
- second point, a little longer than the first one
- third

| column | value |
|--------|-------|
| seq    | %1    |
| kind   | text  |

)"_s;
    if (!tables) // every block kind but the table, which is a frame (see run())
        chunk = chunk.left(chunk.indexOf(u"| column"_s));
    static const QRegularExpression word(uR"(\S+\s*|\s+)"_s);
    QStringList tokens;
    for (int section = 1; tokens.size() < count; ++section) {
        auto it = word.globalMatch(chunk.arg(section));
        while (it.hasNext() && tokens.size() < count)
            tokens.append(it.next().captured());
    }
    return tokens;
}

double threadCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

void run(int tokenCount, bool tables = true)
{
    const QStringList tokens = makeTokens(tokenCount, tables);
    SafeBrowser view;
    view.resize(900, 700);
    view.show();
    QCoreApplication::processEvents();

    CodeHighlighter highlighter(view.document()); // as the transcript colours code
    MarkdownStream stream(view.document());
    QList<double> renders; // ms per flush, in order
    qsizetype next = 0;
    QTimer feed;  // 2,000 tokens/s: 10 tokens every 5 ms
    QTimer frame; // one render per frame, as the app does
    QTimer probe; // measures how long the event loop is kept from running
    feed.setTimerType(Qt::PreciseTimer);
    probe.setTimerType(Qt::PreciseTimer);
    frame.setSingleShot(true);
    QElapsedTimer sinceProbe;
    qint64 longestStallUs = 0;
    QEventLoop loop;
    QObject::connect(&frame, &QTimer::timeout, [&] {
        QElapsedTimer t;
        t.start();
        stream.flush();
        view.ensureCursorVisible();
        renders.append(double(t.nsecsElapsed()) / 1e6);
    });
    QObject::connect(&feed, &QTimer::timeout, [&] {
        for (int i = 0; i < 10 && next < tokens.size(); ++i)
            stream.append(tokens[next++]);
        if (!frame.isActive())
            frame.start(16);
        if (next == tokens.size()) {
            feed.stop();
            QTimer::singleShot(40, &loop, &QEventLoop::quit);
        }
    });
    QObject::connect(&probe, &QTimer::timeout, [&] {
        longestStallUs = std::max(longestStallUs, sinceProbe.nsecsElapsed() / 1000 - 1000);
        sinceProbe.restart();
    });
    const double cpu0 = threadCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    sinceProbe.start();
    probe.start(1);
    feed.start(5);
    loop.exec();
    probe.stop();
    QElapsedTimer t;
    t.start();
    stream.finish();
    QCoreApplication::processEvents();
    renders.append(double(t.nsecsElapsed()) / 1e6);
    const double cpu = threadCpuSeconds() - cpu0;

    const qsizetype tenth = std::max<qsizetype>(1, renders.size() / 10);
    const auto mean = [&](qsizetype from) {
        double sum = 0;
        for (qsizetype i = from; i < from + tenth; ++i)
            sum += renders[i];
        return sum / double(tenth);
    };
    // The median shows the cost of an ordinary update; the mean also carries the rare ones that
    // finish a table (a frame: QTextDocument rescans the document's fragments once for it).
    const auto median = [&](qsizetype from) {
        QList<double> part = renders.mid(from, tenth);
        std::nth_element(part.begin(), part.begin() + part.size() / 2, part.end());
        return part[part.size() / 2];
    };
    std::printf(
        "%6d tokens%s (%lld chars): %.2f s streamed, GUI-thread CPU %.3f s, %lld renders, "
        "longest render %.2f ms, longest event-loop stall %.2f ms, render first 10%% "
        "mean %.3f / median %.3f ms, last 10%% mean %.3f / median %.3f ms\n",
        tokenCount, tables ? "" : " without tables", static_cast<long long>(stream.source().size()),
        double(wall.nsecsElapsed()) / 1e9, cpu, static_cast<long long>(renders.size()),
        *std::max_element(renders.begin(), renders.end()), double(longestStallUs) / 1000.0, mean(0),
        median(0), mean(renders.size() - 1 - tenth), median(renders.size() - 1 - tenth));
}

// What a whole-document setMarkdown per frame costs, for comparison.
void naive(int tokenCount)
{
    const QStringList tokens = makeTokens(tokenCount, true);
    SafeBrowser view;
    view.resize(900, 700);
    view.show();
    QString source;
    const double cpu0 = threadCpuSeconds();
    for (qsizetype i = 0; i < tokens.size(); i += 32) { // ~ one frame's worth at 2,000 tokens/s
        for (qsizetype j = i; j < std::min(i + 32, tokens.size()); ++j)
            source += tokens[j];
        view.document()->setMarkdown(source);
        QCoreApplication::processEvents();
    }
    std::printf("%6d tokens, whole-document setMarkdown per frame: GUI-thread CPU %.3f s\n",
                tokenCount, threadCpuSeconds() - cpu0);
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    run(2000);
    run(20000);
    // A finished table is inserted as a frame, and QTextDocument then rescans all of the
    // document's fragments once (QTextDocumentPrivate::scan_frames): the sample above has a table
    // every ~110 tokens, so its mean grows with length. Without tables an update is flat.
    run(20000, false);
    naive(2000);
    return 0;
}
