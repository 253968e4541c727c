// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tether::engine {

// The journal holds every conversation: like SSH keys and password stores, it is for its owner
// only. On Unix the data folder is 0700 and its files 0600. On Windows modes mean nothing: the
// default folder (%APPDATA%\tether) is inside the user's profile, whose ACL already keeps other
// users out, and a folder Tether creates elsewhere gets a protected ACL that lets in only its
// user and SYSTEM; the files in it inherit that ACL.

// Creates `dir` (and missing parents) with the folder that Tether creates made 0700. A folder that
// already exists is tightened only when `tightenExisting` (Tether's own default location): a
// folder the user chose, like TETHER_DATA_DIR=/tmp/x, keeps its mode.
bool makePrivateDir(const QString& dir, bool tightenExisting);
// Sets an existing file to 0600; creates an empty one first when `create`.
bool makePrivateFile(const QString& path, bool create = false);

#ifdef Q_OS_WIN
// The SDDL of the ACL a private folder gets: "D:P(A;OICI;FA;;;<user's SID>)(A;OICI;FA;;;SY)".
QString privateFolderSddl();
#endif

} // namespace tether::engine
