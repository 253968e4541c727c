// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine/tools/tooltypes.h"

#include <QDialog>
#include <QHash>

class QFormLayout;
class QLabel;

namespace tether::ui {

// A tool server asks the user something while a tool runs (MCP elicitation). Form mode: the
// server's name and message over a small form made from its schema (text, numbers, a box for
// yes/no, a list for choices), filled with the schema's defaults; Accept sends it, Decline says
// no, Cancel (or closing) dismisses. URL mode: the page it wants opened; Open Page opens it in
// the browser, and only then. `answered` once, whichever way.
class ElicitationDialog : public QDialog {
    Q_OBJECT
public:
    explicit ElicitationDialog(const engine::Elicitation& request, QWidget* parent = nullptr);
    // The form's values, as the server's schema types them.
    QJsonObject content() const;

Q_SIGNALS:
    void answered(quint64 id, const tether::engine::ElicitationAnswer& answer);

private:
    void buildForm(QFormLayout* form);
    void finish(engine::ElicitAction action);
    engine::Elicitation m_request;
    QHash<QString, QWidget*> m_fields;
    QLabel* m_problem;
    bool m_done = false;
};

} // namespace tether::ui
