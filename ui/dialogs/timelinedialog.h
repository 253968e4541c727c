// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/records.h"

#include <QDialog>

class QLabel;
class QTreeWidget;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

// What happened to one reply: every attempt (connect, drop, retry, resume) with its time, cause
// and HTTP status, read from the journal's attempts table on the engine thread.
class TimelineDialog : public QDialog {
    Q_OBJECT
public:
    TimelineDialog(engine::Engine& engine, qint64 generationId, QWidget* parent = nullptr);

    // Describes one attempt as the dialog lists it: "drop", "retry after 1.2 s", …
    static QStringList describe(const engine::AttemptRecord& attempt, qint64 origin);

private:
    void showAttempts(const QList<engine::AttemptRecord>& attempts);

    QTreeWidget* m_tree;
    QLabel* m_summary;
};

} // namespace tether::ui
