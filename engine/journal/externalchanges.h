// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QSqlDatabase>

class QTimer;

namespace tether::engine {

// Notices commits made to the journal by another process — tether-cli, a second window — so
// the window shows a chat sent from a terminal without a restart. SQLite's data_version changes
// exactly when another connection commits; asking costs one PRAGMA, no read of any table.
// Lives on the journal's thread and uses its connection, by name: holding a copy would keep the
// connection open past the journal's end.
class ExternalChanges : public QObject {
    Q_OBJECT
public:
    static constexpr int IntervalMs = 1500;

    explicit ExternalChanges(const QSqlDatabase& db, QObject* parent = nullptr);

Q_SIGNALS:
    void changed();

private:
    void poll();
    qint64 version() const;

    QString m_connection;
    QTimer* m_timer;
    qint64 m_version = -1;
};

} // namespace tether::engine
