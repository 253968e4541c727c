// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace tether::engine {

namespace {
constexpr QFile::Permissions OwnerFile = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions OwnerDir = OwnerFile | QFile::ExeOwner;
} // namespace

bool makePrivateDir(const QString& dir, bool tightenExisting)
{
    const QFileInfo info(dir);
    if (info.isDir()) {
#ifdef Q_OS_UNIX
        constexpr QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup |
                                              QFile::ExeGroup | QFile::ReadOther |
                                              QFile::WriteOther | QFile::ExeOther;
        if (tightenExisting && (info.permissions() & others))
            QFile::setPermissions(dir, OwnerDir);
#else
        Q_UNUSED(tightenExisting)
#endif
        return true;
    }
    const QString parent = info.absolutePath();
    if (!QDir().mkpath(parent))
        return false;
#ifdef Q_OS_UNIX
    return QDir().mkdir(dir, OwnerDir) || QFileInfo(dir).isDir();
#else
    return QDir().mkdir(dir) || QFileInfo(dir).isDir();
#endif
}

bool makePrivateFile(const QString& path, bool create)
{
    if (create && !QFileInfo::exists(path)) {
        QFile file(path);
        // Created 0600, never readable by others even for a moment.
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, OwnerFile))
            return QFileInfo::exists(path); // created by someone else meanwhile
    }
#ifdef Q_OS_UNIX
    if (!QFileInfo::exists(path))
        return false;
    return QFile::setPermissions(path, OwnerFile);
#else
    return true;
#endif
}

} // namespace tether::engine
