// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/core/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#ifdef Q_OS_WIN
#include <windows.h>
// windows.h first: these need its types.
#include <aclapi.h>
#include <sddl.h>
#endif

using namespace Qt::Literals::StringLiterals;

namespace tether::engine {

namespace {
constexpr QFile::Permissions OwnerFile = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions OwnerDir = OwnerFile | QFile::ExeOwner;
#ifdef Q_OS_WIN
QString currentUserSid()
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return {};
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    QByteArray buffer(int(size), Qt::Uninitialized);
    QString sid;
    LPWSTR text = nullptr;
    if (size && GetTokenInformation(token, TokenUser, buffer.data(), size, &size) &&
        ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, &text)) {
        sid = QString::fromWCharArray(text);
        LocalFree(text);
    }
    CloseHandle(token);
    return sid;
}

// CreateDirectory with the private ACL from the start: never readable by others for a moment.
bool createPrivateDirectory(const QString& dir)
{
    const QString sddl = privateFolderSddl();
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    if (sddl.isEmpty() ||
        !ConvertStringSecurityDescriptorToSecurityDescriptorW(
            reinterpret_cast<const wchar_t*>(sddl.utf16()), SDDL_REVISION_1, &descriptor, nullptr))
        return QDir().mkdir(dir);
    SECURITY_ATTRIBUTES attributes{sizeof(SECURITY_ATTRIBUTES), descriptor, FALSE};
    const QString native = QDir::toNativeSeparators(QFileInfo(dir).absoluteFilePath());
    const bool made =
        CreateDirectoryW(reinterpret_cast<const wchar_t*>(native.utf16()), &attributes);
    LocalFree(descriptor);
    return made;
}
#endif

} // namespace

#ifdef Q_OS_WIN
QString privateFolderSddl()
{
    const QString sid = currentUserSid();
    return sid.isEmpty() ? QString() : u"D:P(A;OICI;FA;;;%1)(A;OICI;FA;;;SY)"_s.arg(sid);
}
#endif

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
#elif defined(Q_OS_WIN)
    return createPrivateDirectory(dir) || QFileInfo(dir).isDir();
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
