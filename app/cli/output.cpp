// SPDX-License-Identifier: GPL-3.0-or-later
#include "output.h"

#include <algorithm>
#include <cstdio>

#ifdef Q_OS_WIN
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#define isatty _isatty
#define fileno _fileno
#else
#include <unistd.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace tether::cli {

namespace {

void write(FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

bool isControl(char32_t c)
{
    return (c < 0x20 && c != u'\n' && c != u'\t') || (c >= 0x7f && c <= 0x9f);
}

} // namespace

QString escapeControls(const QString& text)
{
    const auto control = [](QChar c) { return isControl(c.unicode()); };
    if (std::none_of(text.begin(), text.end(), control))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (QChar c : text) {
        if (control(c))
            out += u"\\x%1"_s.arg(uint(c.unicode()), 2, 16, QChar(u'0'));
        else
            out += c;
    }
    return out;
}

void prepareStandardStreams()
{
#ifdef Q_OS_WIN
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    SetConsoleOutputCP(CP_UTF8);
#endif
}

void writeOut(const QString& text)
{
    static const bool terminal = stdoutIsTerminal();
    write(stdout, terminal ? escapeControls(text) : text);
}

void writeErr(const QString& text)
{
    static const bool terminal = isatty(fileno(stderr));
    write(stderr, terminal ? escapeControls(text) : text);
}

void writeErrControl(const QString& text)
{
    write(stderr, text);
}

bool stdoutIsTerminal()
{
    return isatty(fileno(stdout));
}

bool stderrIsTerminal()
{
    return isatty(fileno(stderr));
}

} // namespace tether::cli
