// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/toolapprovalpanel.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextDocument>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

ToolApprovalPanel::ToolApprovalPanel(QWidget* parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_interrupted(new QLabel(this))
    , m_arguments(new QPlainTextEdit(this))
    , m_more(new QLabel(this))
    , m_open(new QPushButton(tr("Open Its Conversation"), this))
    , m_once(new QPushButton(tr("Allow &Once"), this))
    , m_always(new QPushButton(tr("&Always Allow This Tool"), this))
    , m_deny(new QPushButton(tr("&Deny"), this))
{
    setObjectName(u"toolApproval"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::AlternateBase);
    m_title->setObjectName(u"toolApprovalTitle"_s);
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_interrupted->setObjectName(u"toolApprovalInterrupted"_s);
    m_interrupted->setWordWrap(true);
    m_interrupted->setText(tr("⚠ This call was running when Tether stopped: the tool may or may "
                              "not have acted. Run it again?"));
    m_arguments->setObjectName(u"toolArguments"_s);
    m_arguments->setAccessibleName(tr("Arguments of the tool call"));
    m_arguments->setReadOnly(true);
    m_arguments->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_arguments->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_more->setForegroundRole(QPalette::PlaceholderText);
    m_once->setObjectName(u"allowOnce"_s);
    m_always->setObjectName(u"allowAlways"_s);
    m_always->setToolTip(tr("Run this tool of this server from now on without asking; revocable "
                            "in Tools → Tool Servers."));
    m_deny->setObjectName(u"deny"_s);
    m_deny->setToolTip(tr("The tool is not run; the model is told it was declined."));
    m_open->setObjectName(u"openCallConversation"_s);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_more);
    buttons->addStretch(1);
    buttons->addWidget(m_open);
    buttons->addWidget(m_deny);
    buttons->addWidget(m_always);
    buttons->addWidget(m_once);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_interrupted);
    layout->addWidget(m_arguments);
    layout->addLayout(buttons);

    connect(m_once, &QPushButton::clicked, this, [this] { answer(ToolApproval::Once); });
    connect(m_always, &QPushButton::clicked, this, [this] { answer(ToolApproval::Always); });
    connect(m_deny, &QPushButton::clicked, this, [this] { answer(ToolApproval::Declined); });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const ToolCallRecord* call = current())
            Q_EMIT openConversation(call->conversationId);
    });
    setVisible(false);
}

const ToolCallRecord* ToolApprovalPanel::current() const
{
    return m_queue.isEmpty() ? nullptr : &m_queue.first().call;
}

void ToolApprovalPanel::ask(const ToolCallRecord& call, bool interrupted)
{
    for (const Question& q : std::as_const(m_queue)) {
        if (q.call.id == call.id)
            return;
    }
    m_queue.append({call, interrupted});
    showCurrent();
}

void ToolApprovalPanel::forget(qint64 callId)
{
    const bool wasCurrent = !m_queue.isEmpty() && m_queue.first().call.id == callId;
    m_queue.removeIf([callId](const Question& q) { return q.call.id == callId; });
    if (wasCurrent || m_queue.isEmpty())
        showCurrent();
}

void ToolApprovalPanel::setConversation(qint64 conversationId)
{
    m_conversationId = conversationId;
    showCurrent();
}

void ToolApprovalPanel::showCurrent()
{
    if (m_queue.isEmpty()) {
        setVisible(false);
        return;
    }
    const Question& q = m_queue.first();
    m_title->setText(tr("The model wants to run “%1” from the tool server “%2” with these "
                        "arguments:")
                         .arg(q.call.tool, q.call.server));
    m_interrupted->setVisible(q.interrupted);
    const QString arguments = prettyArguments(q.call.arguments);
    m_arguments->setPlainText(arguments);
    // As tall as the arguments, up to 12 lines; longer ones scroll.
    const int lines = std::clamp(int(arguments.count(u'\n')) + 1, 2, 12);
    m_arguments->setFixedHeight(
        m_arguments->fontMetrics().lineSpacing() * lines +
        2 * (m_arguments->frameWidth() + int(m_arguments->document()->documentMargin())) + 2);
    m_more->setText(m_queue.size() > 1
                        ? tr("%n more call(s) waiting", nullptr, int(m_queue.size() - 1))
                        : QString());
    m_open->setVisible(q.call.conversationId != m_conversationId);
    setVisible(true);
}

void ToolApprovalPanel::answer(ToolApproval approval)
{
    if (m_queue.isEmpty())
        return;
    QList<ToolCallRecord> answered{m_queue.takeFirst().call};
    if (approval == ToolApproval::Always) {
        // The other calls of that tool waiting now are covered too; an interrupted one is not.
        const ToolCallRecord& first = answered.first();
        for (qsizetype i = 0; i < m_queue.size();) {
            const Question& q = m_queue.at(i);
            if (!q.interrupted && q.call.server == first.server && q.call.tool == first.tool)
                answered.append(m_queue.takeAt(i).call);
            else
                ++i;
        }
    }
    showCurrent();
    for (const ToolCallRecord& call : answered)
        Q_EMIT decided(call, approval);
}

} // namespace tether::ui
