// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/timelinedialog.h"

#include "engine/engine.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

TimelineDialog::TimelineDialog(Engine& engine, qint64 generationId, QWidget* parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget(this))
    , m_summary(new QLabel(tr("Reading the journal…"), this))
{
    setWindowTitle(tr("Timeline of reply %1").arg(generationId));
    m_tree->setObjectName(u"timeline"_s);
    m_tree->setAccessibleName(tr("Attempts"));
    m_tree->setRootIsDecorated(false);
    m_tree->setHeaderLabels({tr("#"), tr("At"), tr("Took"), tr("What"), tr("HTTP"), tr("Then")});
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_summary->setWordWrap(true);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
    layout->addWidget(box);
    resize(760, 280);

    LoadTimelineJob* job = engine.loadTimeline(generationId);
    connect(job, &Job::succeeded, this, [this, job] { showAttempts(job->attempts()); });
    connect(job, &Job::failed, this, [this](const Error& e) { m_summary->setText(e.message); });
}

QStringList TimelineDialog::describe(const AttemptRecord& a, qint64 origin)
{
    const auto seconds = [](qint64 ms) { return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1); };
    QString what;
    if (a.kind == "start"_L1)
        what = tr("connect");
    else if (a.kind == "resume"_L1)
        what = tr("resume from the last event");
    else if (a.kind == "poll"_L1)
        what = tr("poll the stored response");
    else if (a.kind.startsWith("continue:"_L1))
        what = tr("continue from the saved text (%1)").arg(a.kind.mid(9));
    else
        what = a.kind;
    if (!a.cause.isEmpty())
        what += u" — "_s + a.cause;
    if (a.superseded)
        what += tr(" (text discarded by Regenerate)");
    QString then;
    if (a.retryDelayMs >= 0)
        then = tr("retry after %1").arg(seconds(a.retryDelayMs));
    else if (a.endedAt && a.cause.isEmpty())
        then = tr("done");
    else if (!a.endedAt)
        then = tr("running");
    return {QString::number(a.attempt),
            u"+"_s + seconds(a.startedAt - origin),
            a.endedAt ? seconds(a.endedAt - a.startedAt) : QString(),
            what,
            a.httpStatus ? QString::number(a.httpStatus) : QString(),
            then};
}

void TimelineDialog::showAttempts(const QList<AttemptRecord>& attempts)
{
    m_tree->clear();
    if (attempts.isEmpty()) {
        m_summary->setText(tr("No attempt was made yet (the reply is waiting for the network)."));
        return;
    }
    const qint64 origin = attempts.first().startedAt;
    for (const AttemptRecord& a : attempts) {
        auto* item = new QTreeWidgetItem(describe(a, origin));
        item->setToolTip(3, item->text(3)); // causes can be long
        m_tree->addTopLevelItem(item);
    }
    for (int c = 0; c < m_tree->columnCount(); ++c) {
        if (c != 3)
            m_tree->resizeColumnToContents(c);
    }
    const int drops = int(std::count_if(attempts.begin(), attempts.end(),
                                        [](const auto& a) { return !a.cause.isEmpty(); }));
    m_summary->setText(tr("Attempts: %1 · drops or errors: %2").arg(attempts.size()).arg(drops));
}

} // namespace tether::ui
