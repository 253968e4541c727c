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

ArchiveActions::ArchiveActions(Engine& engine, QWidget* window, std::function<Shown()> shown)
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
        if (const Shown shown = m_shown(); shown.id > 0)
            askExport({shown.id}, suggestedName(shown.title, QDate::currentDate()), false);
    });
    exportOne->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addAction(tr("Export &all conversations…"), this,
                    [this] { askExport({}, suggestedName({}, QDate::currentDate()), true); });
}

QString ArchiveActions::suggestedName(const QString& title, const QDate& today)
{
    if (title.isEmpty())
        return u"tether-export-%1.json"_s.arg(today.toString(Qt::ISODate));
    QString name;
    for (const QChar c : title.left(80)) {
        // What Windows, macOS or Linux refuse in a name, and what would start a path.
        const bool unsafe = c.category() == QChar::Other_Control || u"\\/:*?\"<>|"_s.contains(c);
        name += unsafe ? u' ' : c;
    }
    name = name.simplified();
    while (name.startsWith(u'.'))
        name.remove(0, 1);
    return (name.isEmpty() ? u"conversation"_s : name) + u".md"_s;
}

void ArchiveActions::askExport(const QList<qint64>& ids, const QString& name, bool json)
{
    const QString markdown = tr("Markdown (*.md)");
    const QString jsonFilter = tr("JSON, to import again (*.json)");
    QString filter = json ? jsonFilter : markdown; // selected when the dialog opens
    QString path = QFileDialog::getSaveFileName(m_window, tr("Export"), name,
                                                markdown + u";;"_s + jsonFilter, &filter);
    if (path.isEmpty())
        return;
    // The format is the extension's; a name typed without one gets the chosen filter's.
    if (!path.endsWith(u".md"_s, Qt::CaseInsensitive) &&
        !path.endsWith(u".json"_s, Qt::CaseInsensitive))
        path += filter == jsonFilter ? u".json"_s : u".md"_s;
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
