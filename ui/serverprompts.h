// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/tooltypes.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class QMessageBox;
class QWidget;

namespace tether::engine {
class Engine;
}

namespace tether::ui {

// What a tool server asks of the user, shown by the window: a sign-in (a box that opens the
// browser when the user says so, closes itself when the sign-in ends, and cancels it when
// dismissed) and questions (ElicitationDialog). Neither blocks the window.
class ServerPrompts : public QObject {
    Q_OBJECT
public:
    ServerPrompts(engine::Engine& engine, QWidget* window);

Q_SIGNALS:
    void message(const QString& text);

private:
    void askToSignIn(const QString& server, const QUrl& url, bool again);
    engine::Engine& m_engine;
    QWidget* m_window;
    QHash<QString, QPointer<QMessageBox>> m_signIns;
};

} // namespace tether::ui
