// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDate>
#include <QObject>
#include <QPointer>

#include <functional>

class QMenu;
class QProgressDialog;
class QWidget;

namespace tether::engine {
class Engine;
class ImportJob;
} // namespace tether::engine

namespace tether::ui {

// File ▸ Import and Export: a ChatGPT export or a Tether JSON export read on the engine's
// archive thread with a progress dialog; Markdown or JSON written the same way.
class ArchiveActions : public QObject {
    Q_OBJECT
public:
    struct Shown {
        qint64 id = 0; // 0: none
        QString title;
    };
    // `shown` tells which conversation "Export conversation…" means.
    ArchiveActions(engine::Engine& engine, QWidget* window, std::function<Shown()> shown);
    // The file name an export suggests: the conversation's title made safe for every file
    // system (Markdown), or the date (everything, JSON).
    static QString suggestedName(const QString& title, const QDate& today);

    void addTo(QMenu* file);
    // A .zip or conversations.json from ChatGPT, or a Tether JSON export; one at a time.
    void importFile(const QString& path);
    // `ids` empty is everything; Markdown or JSON by the file's extension.
    void exportConversations(const QList<qint64>& ids, const QString& path);

Q_SIGNALS:
    void imported();
    void message(const QString& text);

private:
    void askExport(const QList<qint64>& ids, const QString& name, bool json);

    engine::Engine& m_engine;
    QWidget* m_window;
    std::function<Shown()> m_shown;
    QPointer<engine::ImportJob> m_import;
    QProgressDialog* m_progress = nullptr;
};

} // namespace tether::ui
