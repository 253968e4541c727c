// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/processexit.h"

#include <QtGlobal>

#include <cstdio>
#ifdef Q_OS_WIN
#include <qt_windows.h>
#endif

namespace tether {

int endProcess(int code)
{
    std::fflush(nullptr);
#ifdef Q_OS_WIN
    TerminateProcess(GetCurrentProcess(), UINT(code));
#endif
    return code;
}

} // namespace tether
