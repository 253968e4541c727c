// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/pdf/pdftext.h"

#include "engine/core/attachment.h"
#include "engine/net/limits.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

#ifdef Q_OS_UNIX
#include <sys/resource.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {

// Sanitizers reserve terabytes of address space: a memory limit would stop the reader before it
// read anything. Their builds keep the time and output limits.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool LimitMemory = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool LimitMemory = false;
#else
constexpr bool LimitMemory = true;
#endif
#else
constexpr bool LimitMemory = true;
#endif

// Beside the program (a build folder, Windows, the tests), or in ../libexec/tether (installed
// on Linux and macOS). TETHER_PDFTEXT names another.
QString helper()
{
    const QString named = qEnvironmentVariable("TETHER_PDFTEXT");
    if (!named.isEmpty())
        return named;
#ifdef Q_OS_WIN
    const QString name = u"tether-pdftext.exe"_s;
#else
    const QString name = u"tether-pdftext"_s;
#endif
    const QDir dir(QCoreApplication::applicationDirPath());
    for (const QString& candidate :
         {dir.filePath(name), dir.filePath(u"../libexec/tether/"_s + name)}) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return dir.filePath(name);
}

} // namespace

bool canReadPdf()
{
#ifdef TETHER_HAVE_POPPLER
    return true;
#else
    return false;
#endif
}

Result<QString> pdfText(const QByteArray& pdf)
{
    if (!canReadPdf())
        return Error{ErrorCode::Usage, u"this build of Tether cannot read PDFs."_s};
    QProcess reader;
    reader.setProgram(helper());
#ifdef Q_OS_UNIX
    reader.setChildProcessModifier([] {
        // In the child, between fork and exec: only async-signal-safe calls.
        if (LimitMemory) {
            const rlimit memory{rlim_t(limits::MaxPdfMemoryBytes),
                                rlim_t(limits::MaxPdfMemoryBytes)};
            setrlimit(RLIMIT_AS, &memory);
        }
        const rlimit cpu{rlim_t(limits::MaxPdfSeconds), rlim_t(limits::MaxPdfSeconds + 1)};
        setrlimit(RLIMIT_CPU, &cpu);
    });
#endif
    reader.start();
    if (!reader.waitForStarted(10'000)) {
        return Error{ErrorCode::Usage,
                     u"the PDF reader (%1) could not be started: %2"_s.arg(
                         QFileInfo(reader.program()).fileName(), reader.errorString())};
    }
    reader.write(pdf);
    reader.closeWriteChannel();
    // What it may print: the text a message may carry, as UTF-8, and some.
    const qint64 maxOutput = qint64(MaxAttachedText) * 4 + 4096;
    QByteArray out;
    const QDeadlineTimer deadline(limits::MaxPdfSeconds * 1000);
    QString stopped;
    while (reader.state() != QProcess::NotRunning) {
        reader.waitForFinished(100);
        out += reader.readAllStandardOutput();
        if (out.size() > maxOutput) {
            stopped = u"the PDF holds far more text than a message can carry; reading it was "
                      "stopped."_s;
        } else if (deadline.hasExpired()) {
            stopped = u"reading the PDF took longer than %1 s and was stopped (a PDF can be built "
                      "to exhaust its reader)."_s.arg(limits::MaxPdfSeconds);
        }
        if (!stopped.isEmpty()) {
            reader.kill();
            reader.waitForFinished(5'000);
            return Error{ErrorCode::Usage, stopped};
        }
    }
    out += reader.readAllStandardOutput();
    if (reader.exitStatus() == QProcess::CrashExit) {
        return Error{ErrorCode::Usage,
                     u"reading the PDF needed more than %1 MiB of memory or %2 s of processor "
                     "time and was stopped (a PDF can be built to exhaust its reader)."_s
                         .arg(limits::MaxPdfMemoryBytes / (1024 * 1024))
                         .arg(limits::MaxPdfSeconds)};
    }
    if (reader.exitCode() != 0) {
        const QString why = QString::fromUtf8(reader.readAllStandardError()).trimmed();
        return Error{ErrorCode::Usage,
                     why.isEmpty()
                         ? u"the PDF reader failed (exit code %1)."_s.arg(reader.exitCode())
                         : why};
    }
    return QString::fromUtf8(out);
}

} // namespace tether::engine
