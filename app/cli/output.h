#pragma once

#include <QString>

namespace tether::cli {

// stdout carries only the model's text; everything else goes to stderr.
void writeOut(const QString& text);
void writeErr(const QString& text);
bool stdoutIsTerminal();

} // namespace tether::cli
