// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/syncstatus.h"

#include "ui/session/syncsession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

SyncStatus::SyncStatus(SyncSession& session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_text(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_open(new QToolButton(this))
{
    setObjectName(u"syncStatusBar"_s);
    m_text->setObjectName(u"syncState"_s);
    m_text->setTextFormat(Qt::PlainText);
    m_progress->setMaximumWidth(140);
    m_progress->setMaximumHeight(14);
    m_progress->setTextVisible(false);
    m_progress->setVisible(false);
    m_open->setText(tr("Sync…"));
    m_open->setAutoRaise(true);
    m_open->setToolTip(tr("Settings ▸ Sync"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text);
    layout->addWidget(m_progress);
    layout->addWidget(m_open);
    connect(m_open, &QToolButton::clicked, this, &SyncStatus::settingsRequested);
    connect(&session, &SyncSession::statusChanged, this, [this](const QString& text, bool failed) {
        // A long error (a server's) is cut here; the whole of it is in the tooltip and in
        // Settings ▸ Sync.
        m_text->setText(fontMetrics().elidedText(text, Qt::ElideRight, 420));
        m_text->setToolTip(text);
        m_text->setStyleSheet(failed ? u"font-weight: bold;"_s : QString());
    });
    connect(&session, &SyncSession::running, this, [this](bool running) {
        m_progress->setVisible(false);
        if (running)
            m_progress->setRange(0, 0);
    });
    connect(&session, &SyncSession::progress, this, [this](int percent) {
        // Only a long sync (the first, with a whole history) shows a bar.
        m_progress->setVisible(true);
        m_progress->setRange(0, percent < 0 ? 0 : 100);
        if (percent >= 0)
            m_progress->setValue(percent);
    });
    refresh();
}

void SyncStatus::refresh()
{
    setVisible(m_session.isConfigured());
    m_text->setText(m_session.statusText());
}

} // namespace tether::ui
