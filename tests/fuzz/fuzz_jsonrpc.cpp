// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: what an MCP server writes, through the JSON-RPC reader both transports use:
// stdio's lines split at any place (the first byte picks the read size) with a small line limit,
// and the whole input as one HTTP body. It ends, gives messages only for complete lines, reads
// nothing past a line over its limit, and gives messages from a body only when it was JSON-RPC.
#include "engine/mcp/jsonrpcreader.h"

#include <cstddef>
#include <cstdint>

using namespace tether::engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype step = 1 + data[0] % 64;
    const QByteArrayView bytes(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    JsonRpcLineReader reader(1024);
    for (qsizetype at = 0; at < bytes.size(); at += step) {
        const QList<QJsonObject> messages =
            reader.feed(bytes.sliced(at, std::min(step, bytes.size() - at)));
        // Messages come only from complete lines: a read without a newline completes none.
        if (!messages.isEmpty() &&
            !bytes.sliced(at, std::min(step, bytes.size() - at)).contains('\n'))
            __builtin_trap();
        if (reader.overflowed() && !reader.feed("{}\n").isEmpty())
            __builtin_trap(); // past the limit, nothing more is read
    }
    bool valid = false;
    const QList<QJsonObject> whole = jsonRpcMessages(bytes, &valid);
    if (!valid && !whole.isEmpty())
        __builtin_trap();
    return 0;
}
