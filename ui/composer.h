// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/core/attachment.h"

#include <QWidget>

class QHBoxLayout;
class QPlainTextEdit;
class QFrame;
class QToolButton;

namespace tether::ui {

class AttachmentTray;

// Where the user writes: the message field with Attach, Send and Stop, Enter or Ctrl+Enter to
// send, Esc to stop a reply or leave an edit, and edit mode (a sent message written again).
// Files come by Attach (Ctrl+Shift+A), by a drop or by a paste (a pasted picture becomes a PNG).
class Composer : public QWidget {
    Q_OBJECT
public:
    explicit Composer(QWidget* parent = nullptr);

    QString text() const;
    void setText(const QString& text);
    void clear();
    // Left of the buttons: the window's status line.
    void setStatusWidget(QWidget* status);

    // Enter sends and Shift+Enter is a new line; or Ctrl+Enter sends and Enter is a new line.
    void setEnterSends(bool enterSends);
    bool enterSends() const { return m_enterSends; }
    void setModelName(const QString& model);
    void setPlaceholder(const QString& text);

    // Send is offered when nothing streams in view; Stop when something can be stopped.
    void setBusy(bool busy, bool stoppable);

    // The user message being written again, 0 when none.
    qint64 editing() const { return m_editing; }
    void startEdit(qint64 messageId, const QString& text);
    qint64 takeEditing() { return std::exchange(m_editing, 0); }
    void cancelEdit();

    AttachmentTray* attachments() const { return m_tray; }
    // Opens the file dialog.
    void chooseFiles();

Q_SIGNALS:
    void submitted();
    void stopRequested();
    void editCancelled();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void updatePlaceholder();

    QPlainTextEdit* m_edit;
    QFrame* m_box;
    QToolButton* m_send;
    QToolButton* m_stop;
    QToolButton* m_attach;
    AttachmentTray* m_tray;
    QHBoxLayout* m_buttons;
    QString m_model;
    bool m_enterSends = true;
    bool m_busy = false;
    qint64 m_editing = 0;
};

} // namespace tether::ui
