// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompts.h"

#include "app/keychain/keychainsecrets.h"
#include "output.h"

#include <QJsonDocument>
#include <QProcess>

using namespace Qt::Literals::StringLiterals;
using namespace tether::engine;

namespace tether::cli {

bool openInBrowser(const QUrl& url)
{
    const QString link = url.toString(QUrl::FullyEncoded);
    // $BROWSER: a command, or several separated by ':' (the first is used).
    const QStringList browser =
        QProcess::splitCommand(qEnvironmentVariable("BROWSER").section(u':', 0, 0));
    if (!browser.isEmpty())
        return QProcess::startDetached(browser.first(), browser.mid(1) << link);
#if defined(Q_OS_WIN)
    return QProcess::startDetached(u"rundll32"_s, {u"url.dll,FileProtocolHandler"_s, link});
#elif defined(Q_OS_MACOS)
    return QProcess::startDetached(u"open"_s, {link});
#else
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return false;
    return QProcess::startDetached(u"xdg-open"_s, {link});
#endif
}

void answerServerPrompts(EngineCall& call, bool acceptElicitationDefaults)
{
    Engine& engine = call.engine();
    // Sign-ins are kept in the keychain; only commands that reach MCP servers open it.
    engine.setSecretStore(std::make_shared<app::KeychainSecretStore>());
    QObject::connect(&engine, &Engine::toolSignInRequested, &engine,
                     [](const QString& server, const QUrl& url, bool again) {
                         writeErr((again ? u"tether-cli: the MCP server \"%1\" no longer accepts "
                                           "the last sign-in; sign in again in your browser:\n"_s
                                         : u"tether-cli: the MCP server \"%1\" asks you to sign "
                                           "in, in your browser:\n"_s)
                                      .arg(server) +
                                  u"  "_s + url.toString(QUrl::FullyEncoded) + u'\n');
                         if (!openInBrowser(url))
                             writeErr(u"tether-cli: open that address in a browser on this "
                                      "computer; Tether waits for it.\n"_s);
                     });
    QObject::connect(
        &engine, &Engine::elicitationRequested, &engine,
        [&engine, acceptElicitationDefaults](const Elicitation& e) {
            ElicitationAnswer answer{ElicitAction::Decline, {}};
            if (e.mode == "form"_L1 && acceptElicitationDefaults) {
                answer = {ElicitAction::Accept, elicitationDefaults(e.schema)};
                writeErr(u"tether-cli: the MCP server \"%1\" asks: %2\n  answered with its "
                         "defaults: %3\n"_s.arg(
                             e.server, e.message,
                             QString::fromUtf8(
                                 QJsonDocument(answer.content).toJson(QJsonDocument::Compact))));
            } else {
                writeErr(u"tether-cli: the MCP server \"%1\" asks: %2\n  declined%3\n"_s.arg(
                    e.server, e.message,
                    e.mode == "form"_L1
                        ? u" (--accept-elicitation-defaults answers with the form's defaults)"_s
                        : u" (it asks to open %1; tether-cli opens no page for a server)"_s.arg(
                              e.url.toString(QUrl::RemoveQuery))));
            }
            engine.answerElicitation(e.id, answer);
        });
}

} // namespace tether::cli
