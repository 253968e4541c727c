// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tether::cli {

// stdout carries only the model's text; everything else goes to stderr. On a terminal, control
// characters other than newline and tab are shown escaped (\x1b), never sent: model output and
// server messages could otherwise drive the terminal (OSC 52 sets the clipboard). Into a pipe or
// a file the text goes byte for byte.
void writeOut(const QString& text);
void writeErr(const QString& text);
// Tether's own control sequences (a progress line's carriage return), on stderr as they are.
void writeErrControl(const QString& text);
bool stdoutIsTerminal();
bool stderrIsTerminal();
// `text` with every control character but \n and \t written as \xNN (C0, DEL, C1).
QString escapeControls(const QString& text);

} // namespace tether::cli
