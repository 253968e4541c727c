// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/dialogs/toolserversdialog.h"

#include "ui/session/toolconfig.h"
#include "ui/session/toolsession.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::ui {

namespace {

// One server's object, as the editor shows it.
QByteArray serverJson(const McpServerConfig& server)
{
    const QJsonObject all = QJsonDocument::fromJson(mcpConfigJson({server})).object();
    return QJsonDocument(all.value("mcpServers"_L1).toObject().value(server.name).toObject())
        .toJson(QJsonDocument::Indented);
}

} // namespace

ToolServersDialog::ToolServersDialog(ToolSession& tools, QWidget* parent)
    : QDialog(parent)
    , m_tools(tools)
    , m_servers(tools.servers())
    , m_list(new QListWidget(this))
    , m_status(new QLabel(this))
    , m_clearText(new QLabel(this))
    , m_serverTools(new QListWidget(this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_remove(new QPushButton(tr("&Remove"), this))
    , m_signOut(new QPushButton(tr("Sign &Out"), this))
    , m_allowed(new QListWidget(this))
    , m_revoke(new QPushButton(tr("Re&voke"), this))
{
    setWindowTitle(tr("Tool Servers"));
    m_list->setObjectName(u"servers"_s);
    m_list->setAccessibleName(tr("Tool servers"));
    m_status->setObjectName(u"serverStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_clearText->setObjectName(u"toolClearText"_s);
    m_clearText->setWordWrap(true);
    m_clearText->setText(tr("This server is reached over http://: its headers (a token, a key) "
                            "cross the network unencrypted. Use https://."));
    m_clearText->hide();
    // Long commands and descriptions are cut in the middle, whole in their tooltips.
    for (QListWidget* list : {m_list, m_serverTools}) {
        list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        list->setTextElideMode(Qt::ElideMiddle);
    }
    m_serverTools->setObjectName(u"serverTools"_s);
    m_serverTools->setAccessibleName(tr("Tools of the selected server"));
    m_allowed->setObjectName(u"alwaysAllowed"_s);
    m_allowed->setAccessibleName(tr("Tools always allowed"));
    m_revoke->setObjectName(u"revoke"_s);

    auto* add = new QPushButton(tr("&Add…"), this);
    auto* paste = new QPushButton(tr("&Paste Configuration…"), this);
    paste->setToolTip(tr("The mcpServers JSON of Claude Desktop, Cursor or LM Studio"));
    auto* refresh = new QPushButton(tr("&Check"), this);
    refresh->setToolTip(tr("Start the enabled servers and list their tools again"));
    auto* buttons = new QVBoxLayout;
    m_signOut->setObjectName(u"signOut"_s);
    m_signOut->setToolTip(tr("Forget the sign-in to this remote server"));
    for (QPushButton* b : {add, paste, m_edit, m_remove, m_signOut, refresh})
        buttons->addWidget(b);
    buttons->addStretch(1);

    auto* top = new QHBoxLayout;
    top->addWidget(m_list, 1);
    top->addLayout(buttons);

    auto* allowedBox = new QGroupBox(tr("Always allowed"), this);
    auto* allowedLayout = new QHBoxLayout(allowedBox);
    allowedLayout->addWidget(m_allowed, 1);
    allowedLayout->addWidget(m_revoke, 0, Qt::AlignTop);

    auto* intro = new QLabel(tr("Tools let the model act: read files, search, send requests. "
                                "Tether asks before each call unless you always allow the tool. "
                                "Secret headers and environment values are kept in the "
                                "keychain."),
                             this);
    intro->setWordWrap(true);
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(top, 2);
    layout->addWidget(m_status);
    layout->addWidget(m_clearText);
    layout->addWidget(m_serverTools, 2);
    layout->addWidget(allowedBox, 1);
    layout->addWidget(close);
    resize(620, 560);

    connect(add, &QPushButton::clicked, this, &ToolServersDialog::addServer);
    connect(paste, &QPushButton::clicked, this, &ToolServersDialog::pasteConfiguration);
    connect(m_edit, &QPushButton::clicked, this, &ToolServersDialog::editServer);
    connect(m_remove, &QPushButton::clicked, this, &ToolServersDialog::removeServer);
    connect(m_signOut, &QPushButton::clicked, this, &ToolServersDialog::signOut);
    connect(refresh, &QPushButton::clicked, this, &ToolServersDialog::check);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &ToolServersDialog::showSelected);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &ToolServersDialog::editServer);
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        const int row = m_list->row(item);
        if (row < 0 || row >= m_servers.size())
            return;
        const bool enabled = item->checkState() == Qt::Checked;
        if (m_servers.at(row).enabled == enabled)
            return;
        QList<McpServerConfig> servers = m_servers;
        servers[row].enabled = enabled;
        apply(servers);
    });
    connect(m_allowed, &QListWidget::currentRowChanged, this,
            [this](int row) { m_revoke->setEnabled(row >= 0); });
    connect(m_revoke, &QPushButton::clicked, this, [this] {
        const QListWidgetItem* item = m_allowed->currentItem();
        if (!item)
            return;
        toolconfig::setAlwaysAllowed(item->data(Qt::UserRole).toString(),
                                     item->data(Qt::UserRole + 1).toString(), false);
        showAllowed();
    });
    showServers();
    showAllowed();
    if (m_tools.hasServers())
        check();
}

void ToolServersDialog::apply(const QList<McpServerConfig>& servers)
{
    m_tools.setServers(servers);
    m_servers = m_tools.servers();
    m_statuses.clear();
    m_toolList.clear();
    showServers();
    if (m_tools.hasServers())
        check();
}

void ToolServersDialog::check()
{
    m_checking = true;
    showSelected();
    m_tools.withTools(
        this,
        [this](const QList<ToolSpec>& tools, const QList<ToolServerStatus>& statuses) {
            m_checking = false;
            m_toolList = tools;
            m_statuses = statuses;
            showServers();
        },
        true);
}

void ToolServersDialog::showServers()
{
    const int row = std::max(0, m_list->currentRow());
    const QSignalBlocker quiet(m_list);
    m_list->clear();
    for (const McpServerConfig& s : std::as_const(m_servers)) {
        QString text = s.name + u"   "_s;
        text += s.isHttp() ? s.url.toDisplayString() : (QStringList{s.command} + s.args).join(u' ');
        auto* item = new QListWidgetItem(text, m_list);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(s.enabled ? Qt::Checked : Qt::Unchecked);
        item->setToolTip(text + u"\n"_s + tr("Checked: its tools are offered to the model"));
    }
    if (!m_servers.isEmpty())
        m_list->setCurrentRow(std::min(row, int(m_servers.size()) - 1));
    showSelected();
}

void ToolServersDialog::signOut()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_servers.size() || !m_servers.at(row).isHttp())
        return;
    const QString name = m_servers.at(row).name;
    m_signOut->setEnabled(false);
    m_tools.signOut(name, this, [this, name] {
        m_statuses.clear();
        showSelected();
        m_status->setText(tr("Signed out of “%1”: its next use asks you to sign in.").arg(name));
    });
}

void ToolServersDialog::showSelected()
{
    const int row = m_list->currentRow();
    m_edit->setEnabled(row >= 0);
    m_remove->setEnabled(row >= 0);
    m_signOut->setEnabled(row >= 0 && row < m_servers.size() && m_servers.at(row).isHttp());
    m_serverTools->clear();
    m_clearText->setVisible(row >= 0 && row < m_servers.size() &&
                            m_servers.at(row).sendsHeadersInClearText());
    if (row < 0 || row >= m_servers.size()) {
        m_status->setText(m_servers.isEmpty()
                              ? tr("No tool servers yet: add one, or paste the mcpServers "
                                   "configuration of another app.")
                              : QString());
        return;
    }
    const McpServerConfig& server = m_servers.at(row);
    if (!server.enabled) {
        m_status->setText(tr("“%1” is disabled: its tools are not offered.").arg(server.name));
        return;
    }
    if (m_checking) {
        m_status->setText(tr("Starting “%1”…").arg(server.name));
        return;
    }
    const auto status =
        std::find_if(m_statuses.cbegin(), m_statuses.cend(),
                     [&](const ToolServerStatus& s) { return s.server == server.name; });
    if (status == m_statuses.cend()) {
        m_status->setText(tr("Not started yet."));
        return;
    }
    if (!status->ok) {
        m_status->setText(tr("“%1” is not available: %2").arg(server.name, status->error));
        return;
    }
    m_status->setText(tr("“%1” (%2) offers %n tool(s).", nullptr, status->tools)
                          .arg(server.name, status->serverInfo));
    for (const ToolSpec& t : std::as_const(m_toolList)) {
        if (t.server != server.name)
            continue;
        const QString shown =
            t.name == t.tool ? t.tool : tr("%1 (offered as %2)").arg(t.tool, t.name);
        auto* item = new QListWidgetItem(
            t.description.isEmpty() ? shown : shown + u" — "_s + t.description.section(u'\n', 0, 0),
            m_serverTools);
        item->setToolTip(t.description);
    }
}

void ToolServersDialog::showAllowed()
{
    m_allowed->clear();
    for (const auto& [server, tool] : toolconfig::alwaysAllowed()) {
        auto* item = new QListWidgetItem(tr("“%1” from “%2”").arg(tool, server), m_allowed);
        item->setData(Qt::UserRole, server);
        item->setData(Qt::UserRole + 1, tool);
    }
    m_revoke->setEnabled(m_allowed->currentRow() >= 0);
}

std::optional<QList<McpServerConfig>> ToolServersDialog::edit(const QString& title, QString* name,
                                                              const QByteArray& json)
{
    QDialog editor(this);
    editor.setWindowTitle(title);
    editor.setObjectName(u"serverEditor"_s);
    auto* nameEdit = new QLineEdit(&editor);
    nameEdit->setObjectName(u"serverName"_s);
    auto* text = new QPlainTextEdit(&editor);
    text->setObjectName(u"serverJson"_s);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setPlainText(QString::fromUtf8(json));
    auto* hint = new QLabel(&editor);
    hint->setWordWrap(true);
    hint->setText(name ? tr("A command run over stdio: {\"command\": \"npx\", \"args\": […], "
                            "\"env\": {…}}. Or a Streamable HTTP server: {\"url\": \"https://…\", "
                            "\"headers\": {…}}. Secrets show as %1; leave them as they are to "
                            "keep them.")
                             .arg(toolconfig::Placeholder)
                       : tr("Paste the mcpServers JSON of Claude Desktop, Cursor or LM Studio. "
                            "Servers with the same name are replaced."));
    auto* error = new QLabel(&editor);
    error->setObjectName(u"serverError"_s);
    error->setWordWrap(true);
    error->setTextFormat(Qt::PlainText);
    error->setVisible(false);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &editor);
    auto* layout = new QFormLayout(&editor);
    if (name) {
        nameEdit->setText(*name);
        layout->addRow(tr("&Name:"), nameEdit);
    } else {
        nameEdit->setVisible(false);
    }
    layout->addRow(text);
    layout->addRow(hint);
    layout->addRow(error);
    layout->addRow(box);
    editor.resize(560, 420);

    std::optional<QList<McpServerConfig>> result;
    connect(box, &QDialogButtonBox::rejected, &editor, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, &editor, [&] {
        QByteArray doc = text->toPlainText().toUtf8();
        if (name) {
            const QString n = nameEdit->text().trimmed();
            if (n.isEmpty()) {
                error->setText(tr("The server needs a name."));
                error->setVisible(true);
                return;
            }
            const QJsonDocument one = QJsonDocument::fromJson(doc);
            if (!one.isObject()) {
                error->setText(tr("This is not a JSON object."));
                error->setVisible(true);
                return;
            }
            doc = QJsonDocument(QJsonObject{{"mcpServers"_L1, QJsonObject{{n, one.object()}}}})
                      .toJson();
            *name = n;
        }
        auto parsed = parseMcpConfig(doc);
        if (!parsed || parsed.value().isEmpty()) {
            error->setText(parsed ? tr("There is no server in it.") : parsed.error().message);
            error->setVisible(true);
            return;
        }
        result = parsed.value();
        editor.accept();
    });
    editor.exec();
    return result;
}

void ToolServersDialog::addServer()
{
    QString name;
    const auto added =
        edit(tr("Add a Tool Server"), &name, "{\n    \"command\": \"npx\",\n    \"args\": []\n}\n");
    if (!added)
        return;
    QList<McpServerConfig> servers = m_servers;
    servers.removeIf([&](const McpServerConfig& s) { return s.name == name; });
    servers.append(added->first());
    apply(servers);
    m_list->setCurrentRow(int(m_servers.size()) - 1);
}

void ToolServersDialog::editServer()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_servers.size())
        return;
    const McpServerConfig old = m_servers.at(row);
    QString name = old.name;
    const auto edited = edit(tr("Edit “%1”").arg(old.name), &name, serverJson(old));
    if (!edited)
        return;
    QList<McpServerConfig> servers = m_servers;
    servers[row] = edited->first();
    apply(servers);
}

void ToolServersDialog::removeServer()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_servers.size())
        return;
    QList<McpServerConfig> servers = m_servers;
    servers.removeAt(row);
    apply(servers);
}

void ToolServersDialog::pasteConfiguration()
{
    const auto pasted = edit(tr("Paste a Configuration"), nullptr, QByteArray());
    if (!pasted)
        return;
    QList<McpServerConfig> servers = m_servers;
    for (const McpServerConfig& p : *pasted) {
        const auto same = std::find_if(servers.begin(), servers.end(),
                                       [&](const McpServerConfig& s) { return s.name == p.name; });
        if (same != servers.end())
            *same = p;
        else
            servers.append(p);
    }
    apply(servers);
}

} // namespace tether::ui
