// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/composer.h"

#include "ui/attachmenttray.h"
#include "ui/icons.h"
#include "ui/transcript/transcript.h"

#include <QAbstractTextDocumentLayout>
#include <QFileDialog>
#include <QFrame>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <memory>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace {

// A paste or a drop of pictures and files attaches them; anything else is text, as usual.
class MessageEdit : public QPlainTextEdit {
public:
    MessageEdit(AttachmentTray* tray, QWidget* parent)
        : QPlainTextEdit(parent)
        , m_tray(tray)
    {}

protected:
    bool canInsertFromMimeData(const QMimeData* source) const override
    {
        return AttachmentTray::holdsAttachments(source) ||
               QPlainTextEdit::canInsertFromMimeData(source);
    }
    void insertFromMimeData(const QMimeData* source) override
    {
        if (!m_tray->addFrom(source))
            QPlainTextEdit::insertFromMimeData(source);
    }

private:
    AttachmentTray* m_tray;
};

} // namespace

Composer::Composer(QWidget* parent)
    : QWidget(parent)
    , m_box(new QFrame(this))
    , m_send(new QToolButton(m_box))
    , m_stop(new QToolButton(m_box))
    , m_attach(new QToolButton(m_box))
    , m_tray(new AttachmentTray(this))
    , m_buttons(new QHBoxLayout)
{
    m_edit = new MessageEdit(m_tray, m_box);
    m_edit->setObjectName(u"composer"_s);
    m_edit->setAccessibleName(tr("Message"));
    m_edit->setFrameShape(QFrame::NoFrame);
    m_edit->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Two lines to start with, growing with the message up to ten.
    const auto fit = [this] {
        const int lines = std::clamp(int(m_edit->document()->size().height()), 2, 10);
        m_edit->setFixedHeight(lines * m_edit->fontMetrics().lineSpacing() +
                               int(2 * m_edit->document()->documentMargin()) + 4);
    };
    connect(m_edit->document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged,
            this, fit);
    fit();
    m_edit->installEventFilter(this);
    setFocusProxy(m_edit);
    m_enterSends = QSettings().value(u"composer/enterSends"_s, true).toBool();
    m_edit->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_edit, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) {
        std::unique_ptr<QMenu> menu(m_edit->createStandardContextMenu());
        menu->addSeparator();
        QAction* enterSends = menu->addAction(tr("Enter sends (Shift+Enter for a new line)"));
        enterSends->setCheckable(true);
        enterSends->setChecked(m_enterSends);
        connect(enterSends, &QAction::toggled, this, &Composer::setEnterSends);
        menu->exec(m_edit->mapToGlobal(at));
    });
    // One rounded box, as in the chat apps people know: the message, and under it Attach on the
    // left, what is going on in the middle, Stop and Send on the right.
    m_box->setObjectName(u"composerBox"_s);
    m_box->setStyleSheet(u"#composerBox { border: 1px solid palette(mid); border-radius: 12px;"
                         " background: palette(base); }"
                         " #composerBox QPlainTextEdit { background: transparent; }"_s);
    const int button = fontMetrics().height() * 2;
    m_send->setObjectName(u"send"_s);
    m_send->setText(tr("Send"));
    m_send->setToolTip(tr("Send (Enter)"));
    m_send->setAccessibleName(tr("Send"));
    m_send->setIcon(icons::sendOnAccent());
    m_send->setFixedSize(button, button);
    m_send->setStyleSheet(u"QToolButton { border: none; border-radius: %1px;"
                          " background: palette(highlight); }"
                          " QToolButton:disabled { background: palette(mid); }"_s.arg(button / 2));
    m_stop->setObjectName(u"stop"_s);
    m_stop->setText(tr("Stop"));
    m_stop->setIcon(icons::stop());
    m_stop->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stop->setAutoRaise(true);
    m_stop->setEnabled(false);
    m_stop->hide(); // shown while there is something to stop
    m_stop->setToolTip(tr("Stop (Esc)"));
    connect(m_send, &QToolButton::clicked, this, &Composer::submitted);
    connect(m_stop, &QToolButton::clicked, this, &Composer::stopRequested);

    m_attach->setObjectName(u"attach"_s);
    m_attach->setIcon(icons::attach());
    m_attach->setText(tr("Attach…"));
    m_attach->setAutoRaise(true);
    m_attach->setToolTip(tr("Attach images, text files or PDFs (Ctrl+Shift+A); or drop or "
                            "paste them into the message"));
    m_attach->setAccessibleName(tr("Attach files"));
    connect(m_attach, &QToolButton::clicked, this, &Composer::chooseFiles);

    m_buttons->setContentsMargins(6, 0, 6, 6);
    m_buttons->addWidget(m_attach);
    m_buttons->addStretch(1);
    m_buttons->addWidget(m_stop);
    m_buttons->addWidget(m_send);
    auto* inBox = new QVBoxLayout(m_box);
    inBox->setContentsMargins(8, 8, 0, 0);
    inBox->setSpacing(2);
    inBox->addWidget(m_tray);
    inBox->addWidget(m_edit);
    inBox->addLayout(m_buttons);
    // The box follows the transcript's reading column, centred.
    auto* row = new QHBoxLayout;
    row->addStretch(0);
    row->addWidget(m_box, 1);
    row->addStretch(0);
    m_box->setMaximumWidth(Transcript::ColumnWidth);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 12);
    layout->addLayout(row);
    updatePlaceholder();
}

QString Composer::text() const
{
    return m_edit->toPlainText();
}

void Composer::setText(const QString& text)
{
    m_edit->setPlainText(text);
    m_edit->moveCursor(QTextCursor::End);
}

void Composer::clear()
{
    m_edit->clear();
}

void Composer::chooseFiles()
{
    // Not the native dialog's filter list: anything may be tried, and is checked once chosen.
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Attach files"), QString(),
        tr("Images, text and PDFs (*.png *.jpg *.jpeg *.webp *.gif *.txt *.md *.pdf *.json "
           "*.csv *.c *.cpp *.h *.py *.js *.ts *.rs *.go *.java *.sh *.xml *.yaml *.yml *.html "
           "*.css);;All files (*)"));
    if (!paths.isEmpty())
        m_tray->addFiles(paths);
    m_edit->setFocus();
}

void Composer::setStatusWidget(QWidget* status)
{
    delete m_buttons->takeAt(1); // the stretch
    m_buttons->insertWidget(1, status, 1);
}

void Composer::setEnterSends(bool enterSends)
{
    m_enterSends = enterSends;
    QSettings().setValue(u"composer/enterSends"_s, enterSends);
    updatePlaceholder();
}

void Composer::setModelName(const QString& model)
{
    m_model = model;
    updatePlaceholder();
}

void Composer::setPlaceholder(const QString& text)
{
    m_edit->setPlaceholderText(text);
}

void Composer::updatePlaceholder()
{
    m_edit->setPlaceholderText(
        m_enterSends ? tr("Message %1 (Enter to send, Shift+Enter for a new line)").arg(m_model)
                     : tr("Message %1 (Ctrl+Enter to send)").arg(m_model));
}

void Composer::setBusy(bool busy, bool stoppable)
{
    m_busy = busy;
    m_send->setEnabled(!busy);
    m_stop->setEnabled(stoppable);
    m_stop->setVisible(stoppable);
}

void Composer::startEdit(qint64 messageId, const QString& text)
{
    m_editing = messageId;
    setText(text);
    m_edit->setFocus();
}

void Composer::cancelEdit()
{
    if (!std::exchange(m_editing, 0))
        return;
    m_edit->clear();
    Q_EMIT editCancelled();
}

bool Composer::eventFilter(QObject* watched, QEvent* event)
{
    if (watched != m_edit || event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
    const bool shift = key->modifiers() & Qt::ShiftModifier;
    const bool ctrl = key->modifiers() & Qt::ControlModifier;
    if (enter && (m_enterSends ? !shift : ctrl)) {
        Q_EMIT submitted();
        return true;
    }
    if (key->key() == Qt::Key_Escape && m_busy) {
        Q_EMIT stopRequested();
        return true;
    }
    if (key->key() == Qt::Key_Escape && m_editing) {
        cancelEdit();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace tether::ui
