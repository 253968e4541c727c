// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A real WebDAV server for the sync tests: Debian's `rclone serve webdav` (installed by
// scripts/setup-debian.sh), started on a free 127.0.0.1 port over a temporary folder, with
// user "tether" and password "secret". Its files are the server's disk, for the tests to read.
#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

namespace tether::test {

class DavServer {
public:
    DavServer() = default;
    ~DavServer()
    {
        m_rclone.terminate();
        m_rclone.waitForFinished(5000);
    }
    DavServer(const DavServer&) = delete;
    DavServer& operator=(const DavServer&) = delete;

    // QVERIFY-style: an empty string when it runs, else why not.
    QString start()
    {
        using namespace Qt::Literals::StringLiterals;
        const QString rclone = QStandardPaths::findExecutable(u"rclone"_s);
        if (rclone.isEmpty())
            return u"rclone is needed: scripts/setup-debian.sh installs it"_s;
        if (!m_root.isValid())
            return u"no temporary folder"_s;
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        m_port = probe.serverPort();
        probe.close();
        m_rclone.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_rclone.start(rclone, {u"serve"_s, u"webdav"_s, m_root.path(), u"--addr"_s,
                                u"127.0.0.1:%1"_s.arg(m_port), u"--user"_s, u"tether"_s,
                                u"--pass"_s, u"secret"_s,
                                // The tests make folders on its disk: no listing is cached.
                                u"--dir-cache-time"_s, u"0s"_s});
        if (!m_rclone.waitForStarted(10000))
            return u"rclone did not start"_s;
        const quint16 port = m_port;
        const bool up = QTest::qWaitFor(
            [port] {
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, port);
                return s.waitForConnected(100);
            },
            10000);
        return up ? QString() : u"rclone does not answer"_s;
    }

    // A new, empty folder on the server, and its URL.
    QUrl folder(const QString& name)
    {
        using namespace Qt::Literals::StringLiterals;
        QDir(m_root.path()).mkpath(name);
        return QUrl(u"http://127.0.0.1:%1/%2"_s.arg(m_port).arg(name));
    }
    QString pathOf(const QString& name) const { return m_root.filePath(name); }
    quint16 port() const { return m_port; }

private:
    QTemporaryDir m_root;
    QProcess m_rclone;
    quint16 m_port = 0;
};

} // namespace tether::test
