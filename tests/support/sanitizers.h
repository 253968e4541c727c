// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// TETHER_UNDER_TSAN: built with ThreadSanitizer (GCC says so with __SANITIZE_THREAD__, clang 14
// only through __has_feature). TSan aborts inside QProcess's fork, so tests that start a
// process skip there; the plain and ASan builds run them.
#if defined(__SANITIZE_THREAD__)
#define TETHER_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TETHER_UNDER_TSAN 1
#endif
#endif
