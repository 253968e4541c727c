// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Who may read a file, as the operating system says: its mode on Unix, its ACL on Windows.
#include <QDir>
#include <QFile>
#include <QString>

#ifdef Q_OS_UNIX
#include <sys/stat.h>
#elif defined(Q_OS_WIN)
#include <windows.h>
// windows.h first: these need its types.
#include <aclapi.h>
#include <sddl.h>
#endif

namespace tether::test {

#ifdef Q_OS_UNIX
inline int unixMode(const QString& path)
{
    struct stat st {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}
#elif defined(Q_OS_WIN)
// A file's or folder's ACL as SDDL ("D:P(A;OICI;FA;;;S-1-5-21-…)…"), as Windows reads it back.
inline QString windowsAcl(const QString& path)
{
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const QString native = QDir::toNativeSeparators(path);
    if (GetNamedSecurityInfoW(reinterpret_cast<const wchar_t*>(native.utf16()), SE_FILE_OBJECT,
                              DACL_SECURITY_INFORMATION, nullptr, nullptr, nullptr, nullptr,
                              &descriptor) != ERROR_SUCCESS)
        return {};
    LPWSTR text = nullptr;
    QString sddl;
    if (ConvertSecurityDescriptorToStringSecurityDescriptorW(
            descriptor, SDDL_REVISION_1, DACL_SECURITY_INFORMATION, &text, nullptr)) {
        sddl = QString::fromWCharArray(text);
        LocalFree(text);
    }
    LocalFree(descriptor);
    return sddl;
}
#endif

} // namespace tether::test
