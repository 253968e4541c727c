// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tether::cli {

// stdout carries only the model's text; everything else goes to stderr. On a terminal, control
// characters other than newline and tab are shown escaped (\x1b), never sent: model output and
// server messages could otherwise drive the terminal (OSC 52 sets the clipboard). Into a pipe or
// a file the text goes byte for byte.
void writeOut(const QString& text);
// Called first in main(). On Windows the C runtime would turn every \n into \r\n on its way to
// a pipe or a file, and a console would read the UTF-8 as the ANSI code page: stdout and stderr
// become binary and the console UTF-8, so the bytes are the same as on Linux and macOS.
void prepareStandardStreams();
void writeErr(const QString& text);
// Tether's own control sequences (a progress line's carriage return), on stderr as they are.
void writeErrControl(const QString& text);
bool stdoutIsTerminal();
bool stderrIsTerminal();
// `text` with every control character but \n and \t written as \xNN (C0, DEL, C1).
QString escapeControls(const QString& text);

} // namespace tether::cli
