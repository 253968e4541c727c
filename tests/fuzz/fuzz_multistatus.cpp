// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: a WebDAV server's PROPFIND answer, which any server (or anyone on the way to
// an http:// one) writes. Whatever the bytes, the parser ends, never accepts more entries than
// the policy allows, and every entry it accepts is one name directly in the folder.
#include "engine/net/limits.h"
#include "engine/sync/webdav.h"

#include <cstddef>
#include <cstdint>

using namespace tether::engine;
using namespace Qt::Literals::StringLiterals;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray xml(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto entries = WebDav::parseMultistatus(xml, u"/dav/files/ana/Tether Sync"_s);
    if (!entries)
        return 0;
    if (entries.value().size() > limits::MaxListingEntries)
        __builtin_trap();
    for (const DavEntry& e : entries.value()) {
        if (e.name.isEmpty() || e.name.contains(u'/'))
            __builtin_trap();
    }
    return 0;
}
