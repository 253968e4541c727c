// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/tooltypes.h"

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace tether::ui {

// Above the composer while a tool call waits for the user: the server, the tool and its full
// arguments as indented JSON, with Allow Once, Always Allow This Tool and Deny. Calls are asked
// about one at a time, oldest first; a call that was running when Tether stopped says so.
class ToolApprovalPanel : public QFrame {
    Q_OBJECT
public:
    explicit ToolApprovalPanel(QWidget* parent = nullptr);

    void ask(const engine::ToolCallRecord& call, bool interrupted);
    // The call was settled elsewhere (the reply was stopped): it is no longer asked about.
    void forget(qint64 callId);
    // The conversation on screen: a call of another one offers to open it.
    void setConversation(qint64 conversationId);
    qsizetype waiting() const { return m_queue.size(); }
    const engine::ToolCallRecord* current() const;

Q_SIGNALS:
    void decided(const tether::engine::ToolCallRecord& call, tether::engine::ToolApproval approval);
    void openConversation(qint64 conversationId);

private:
    void showCurrent();
    void answer(engine::ToolApproval approval);

    struct Question {
        engine::ToolCallRecord call;
        bool interrupted = false;
    };
    QList<Question> m_queue;
    qint64 m_conversationId = 0;
    QLabel* m_title;
    QLabel* m_interrupted;
    QPlainTextEdit* m_arguments;
    QLabel* m_more;
    QPushButton* m_open;
    QPushButton* m_once;
    QPushButton* m_always;
    QPushButton* m_deny;
};

} // namespace tether::ui
