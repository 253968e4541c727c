// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/elicitationdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

namespace {
// A choice list's values and the titles shown for them.
QList<std::pair<QJsonValue, QString>> choicesOf(const QJsonObject& p)
{
    QList<std::pair<QJsonValue, QString>> out;
    const QJsonArray names = p.value("enumNames"_L1).toArray();
    const QJsonArray values = p.value("enum"_L1).toArray();
    for (qsizetype i = 0; i < values.size(); ++i)
        out.append({values.at(i), names.at(i).toString(values.at(i).toVariant().toString())});
    for (const auto key : {"oneOf"_L1, "anyOf"_L1}) {
        for (const QJsonValue v : p.value(key).toArray()) {
            const QJsonObject o = v.toObject();
            out.append({o.value("const"_L1),
                        o.value("title"_L1).toString(o.value("const"_L1).toVariant().toString())});
        }
    }
    return out.mid(0, 200);
}
} // namespace

ElicitationDialog::ElicitationDialog(const Elicitation& request, QWidget* parent)
    : QDialog(parent)
    , m_request(request)
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("“%1” asks").arg(request.server));
    setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(this);
    auto* who =
        new QLabel(tr("The tool server <b>%1</b> asks:").arg(request.server.toHtmlEscaped()), this);
    layout->addWidget(who);
    auto* message = new QLabel(request.message, this);
    message->setWordWrap(true);
    message->setTextFormat(Qt::PlainText);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(message);
    auto* buttons = new QDialogButtonBox(this);
    QPushButton* accept = nullptr;
    if (request.mode == "url"_L1) {
        auto* url = new QLabel(tr("It wants to open this page in your browser:\n%1")
                                   .arg(request.url.toDisplayString()),
                               this);
        url->setWordWrap(true);
        url->setTextFormat(Qt::PlainText);
        layout->addWidget(url);
        accept = buttons->addButton(tr("Open Page"), QDialogButtonBox::AcceptRole);
    } else {
        auto* form = new QFormLayout;
        buildForm(form);
        layout->addLayout(form);
        accept = buttons->addButton(tr("Accept"), QDialogButtonBox::AcceptRole);
    }
    m_problem->setWordWrap(true);
    m_problem->hide();
    layout->addWidget(m_problem);
    auto* decline = buttons->addButton(tr("Decline"), QDialogButtonBox::RejectRole);
    auto* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    accept->setDefault(true);
    layout->addWidget(buttons);
    connect(accept, &QPushButton::clicked, this, [this] { finish(ElicitAction::Accept); });
    connect(decline, &QPushButton::clicked, this, [this] { finish(ElicitAction::Decline); });
    connect(cancel, &QPushButton::clicked, this, [this] { finish(ElicitAction::Cancel); });
    connect(this, &QDialog::rejected, this, [this] { finish(ElicitAction::Cancel); });
    setMinimumWidth(420);
}

void ElicitationDialog::buildForm(QFormLayout* form)
{
    const QJsonObject properties = m_request.schema.value("properties"_L1).toObject();
    const QJsonArray required = m_request.schema.value("required"_L1).toArray();
    const QJsonObject defaults = elicitationDefaults(m_request.schema);
    // JSON objects forget their order: what must be answered first, the rest as named.
    QStringList keys;
    for (const QJsonValue r : required) {
        if (properties.contains(r.toString()) && !keys.contains(r.toString()))
            keys.append(r.toString());
    }
    for (const QString& k : properties.keys()) {
        if (!keys.contains(k))
            keys.append(k);
    }
    for (const QString& key : std::as_const(keys)) {
        if (m_fields.size() >= 50)
            break;
        const QJsonObject p = properties.value(key).toObject();
        const QString type = p.value("type"_L1).toString();
        const QJsonValue initial = defaults.value(key);
        QWidget* field = nullptr;
        if (const auto choices = choicesOf(p); !choices.isEmpty()) {
            auto* box = new QComboBox(this);
            for (const auto& [value, title] : choices)
                box->addItem(title, value.toVariant());
            box->setCurrentIndex(std::max(0, box->findData(initial.toVariant())));
            field = box;
        } else if (type == "boolean"_L1) {
            auto* box = new QCheckBox(this);
            box->setChecked(initial.toBool());
            field = box;
        } else if (type == "integer"_L1) {
            auto* spin = new QSpinBox(this);
            spin->setRange(p.value("minimum"_L1).toInt(INT_MIN),
                           p.value("maximum"_L1).toInt(INT_MAX));
            spin->setValue(initial.toInt());
            field = spin;
        } else if (type == "number"_L1) {
            auto* spin = new QDoubleSpinBox(this);
            spin->setDecimals(4);
            spin->setRange(p.value("minimum"_L1).toDouble(-1e12),
                           p.value("maximum"_L1).toDouble(1e12));
            spin->setValue(initial.toDouble());
            field = spin;
        } else {
            auto* edit = new QLineEdit(initial.toString(), this);
            edit->setMaxLength(p.value("maxLength"_L1).toInt(10'000));
            if (p.value("format"_L1).toString() == "email"_L1)
                edit->setPlaceholderText(u"name@example.com"_s);
            field = edit;
        }
        field->setObjectName(key);
        field->setToolTip(p.value("description"_L1).toString());
        QString label = p.value("title"_L1).toString(key);
        if (required.contains(key))
            label += u" *"_s;
        form->addRow(label, field);
        m_fields.insert(key, field);
    }
}

QJsonObject ElicitationDialog::content() const
{
    QJsonObject out;
    const QJsonObject properties = m_request.schema.value("properties"_L1).toObject();
    for (auto it = m_fields.constBegin(); it != m_fields.constEnd(); ++it) {
        const QString type = properties.value(it.key()).toObject().value("type"_L1).toString();
        if (auto* box = qobject_cast<QComboBox*>(it.value()))
            out.insert(it.key(), QJsonValue::fromVariant(box->currentData()));
        else if (auto* check = qobject_cast<QCheckBox*>(it.value()))
            out.insert(it.key(), check->isChecked());
        else if (auto* spin = qobject_cast<QSpinBox*>(it.value()))
            out.insert(it.key(), spin->value());
        else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(it.value()))
            out.insert(it.key(), dspin->value());
        else if (auto* edit = qobject_cast<QLineEdit*>(it.value());
                 edit && (!edit->text().isEmpty() || type != "string"_L1))
            out.insert(it.key(), edit->text());
    }
    return out;
}

void ElicitationDialog::finish(ElicitAction action)
{
    if (m_done)
        return;
    ElicitationAnswer answer{action, {}};
    if (action == ElicitAction::Accept && m_request.mode != "url"_L1) {
        const auto valid = validElicitationContent(m_request.schema, content());
        if (!valid) {
            m_problem->setText(valid.error().message);
            m_problem->show();
            return;
        }
        answer.content = valid.value();
    }
    if (action == ElicitAction::Accept && m_request.mode == "url"_L1)
        QDesktopServices::openUrl(m_request.url);
    m_done = true;
    Q_EMIT answered(m_request.id, answer);
    close();
}

} // namespace tether::ui
