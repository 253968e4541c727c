#pragma once

#include <QHash>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace tether::ui {

// The Demo provider: an OpenAI-compatible server inside the app, on 127.0.0.1, that streams a
// canned reply through the same engine path as a real provider. The first reply of a session
// loses its connection halfway and the server then asks to retry after 2 s, so a new user sees
// Tether wait, reconnect and finish the same reply.
class DemoServer : public QObject {
    Q_OBJECT
public:
    explicit DemoServer(QObject* parent = nullptr);

    bool start();
    QUrl baseUrl() const;
    void setSimulateDrop(bool on) { m_dropNext = on; }

    static QString reply();
    static QString model() { return QStringLiteral("tether-demo"); }

private:
    void onReadyRead(QTcpSocket* socket);
    void stream(QTcpSocket* socket, const QString& text, qsizetype dropAfter);

    QTcpServer m_server;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    bool m_dropNext = true;
    bool m_busyNext = false; // after the drop, one "503, retry after 2 s" to show the wait
};

} // namespace tether::ui
