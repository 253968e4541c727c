// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace tether {

// Ends the process with `code` once main's work is done and its objects are gone (the engine's
// threads joined, the journal closed, settings written). On Windows the process ends without
// DLL_PROCESS_DETACH: ExitProcess first terminates the threads Qt leaves idle in its pools, and
// when one of them held a lock of mingw-w64's winpthreads, libstdc++-6.dll's detach waits for it
// for ever (seen under wine in 3 of 4 runs of tether-cli send; the same hang on Windows:
// msys2/MINGW-packages#6126, randombit/botan#2582). Standard streams are flushed first.
// Elsewhere it returns `code` for main to return.
int endProcess(int code);

} // namespace tether
