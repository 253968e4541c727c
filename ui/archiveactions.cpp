// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/archiveactions.h"

#include "engine/engine.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

ArchiveActions::ArchiveActions(Engine& engine, QWidget* window, std::function<qint64()> shown)
    : QObject(window)
    , m_engine(engine)
    , m_window(window)
    , m_shown(std::move(shown))
{}

void ArchiveActions::addTo(QMenu* file)
{
    QAction* import = file->addAction(tr("&Import ChatGPT export…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            m_window, tr("Import conversations"), QString(),
            tr("ChatGPT or Tether export (*.zip *.json);;All files (*)"));
        if (!path.isEmpty())
            importFile(path);
    });
    import->setObjectName(u"importAction"_s);
    QAction* exportOne = file->addAction(tr("&Export conversation…"), this, [this] {
        if (const qint64 id = m_shown(); id > 0)
            askExport({id}, u"conversation.md"_s);
    });
    exportOne->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export &all conversations…"), this,
                    [this] { askExport({}, u"tether-export.json"_s); });
}

void ArchiveActions::askExport(const QList<qint64>& ids, const QString& name)
{
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export"), name, tr("Markdown (*.md);;JSON, to import again (*.json)"),
        &filter);
    if (!path.isEmpty())
        exportConversations(ids, path);
}

void ArchiveActions::importFile(const QString& path)
{
    if (m_import)
        return; // one at a time
    if (!m_progress) {
        m_progress = new QProgressDialog(m_window);
        m_progress->setObjectName(u"importProgress"_s);
        m_progress->setWindowTitle(tr("Import"));
        m_progress->setMinimumDuration(400); // small files finish without a flash
        m_progress->setAutoClose(false);
        m_progress->setAutoReset(false);
        connect(m_progress, &QProgressDialog::canceled, this, [this] {
            if (m_import)
                m_import->cancel();
        });
    }
    const QString name = QFileInfo(path).fileName();
    m_progress->setLabelText(tr("Importing %1…").arg(name));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    Q_EMIT message(tr("Importing %1…").arg(name));
    ImportJob* job = m_engine.importFile(path);
    m_import = job;
    connect(job, &ImportJob::progress, this, [this](const ImportProgress& p) {
        if (p.bytesTotal > 0)
            m_progress->setValue(int(p.bytesRead * 1000 / p.bytesTotal));
        m_progress->setLabelText(tr("Importing… %n conversation(s)", nullptr, p.conversations));
    });
    connect(job, &Job::failed, this, [this](const Error& e) {
        m_import = nullptr;
        m_progress->reset();
        Q_EMIT message(e.message);
        QMessageBox::warning(m_window, tr("Import"), e.message);
    });
    connect(job, &Job::succeeded, this, [this, job] {
        m_import = nullptr;
        m_progress->reset();
        const ImportReport& r = job->report();
        Q_EMIT imported();
        // Whole sentences, each with one count, so that every language can inflect its noun.
        const QString summary =
            tr("Imported %n new conversation(s)", nullptr, r.conversationsAdded) + u' ' +
            tr("with %n message(s).", nullptr, r.messagesAdded) + u' ' +
            tr("Updated: %1. Already here: %2. Skipped: %3.")
                .arg(r.conversationsUpdated)
                .arg(r.conversationsUnchanged)
                .arg(r.skipped);
        Q_EMIT message(summary);
        if (r.skipped > 0) {
            auto* box = new QMessageBox(QMessageBox::Information, tr("Import"), summary,
                                        QMessageBox::Ok, m_window);
            box->setObjectName(u"importReport"_s);
            box->setDetailedText(r.reasons.join(u'\n'));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
}

void ArchiveActions::exportConversations(const QList<qint64>& ids, const QString& path)
{
    Q_EMIT message(tr("Exporting…"));
    ExportJob* job =
        m_engine.exportTo(ids, path,
                          path.endsWith(u".json"_s, Qt::CaseInsensitive) ? ExportFormat::Json
                                                                         : ExportFormat::Markdown);
    connect(job, &Job::succeeded, this, [this, job] {
        Q_EMIT message(tr("Exported %n conversation(s) to %1.", nullptr, job->conversations())
                           .arg(job->path()));
    });
    connect(job, &Job::failed, this, [this](const Error& e) { Q_EMIT message(e.message); });
}

} // namespace tether::ui
