// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "enginecall.h"

namespace tether::cli {

// The keychain for MCP sign-ins, and what an MCP server may ask of the user while tether-cli runs:
// a sign-in (the URL is printed, and opened with $BROWSER or the system's handler where there is a
// display), and elicitation (answered from the form's defaults with --accept-elicitation-defaults,
// declined otherwise).
void answerServerPrompts(EngineCall& call, bool acceptElicitationDefaults);

// Opens `url` with $BROWSER, or xdg-open, open, or the Windows URL handler; false when there
// is nothing to open it with (no display).
bool openInBrowser(const QUrl& url);

} // namespace tether::cli
