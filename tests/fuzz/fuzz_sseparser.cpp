// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: the SSE parser and both decoders on arbitrary bytes cut at arbitrary places.
// The first input byte picks the read size, so the fuzzer explores splits too.
#include "engine/stream/chatdecoder.h"
#include "engine/stream/responsesdecoder.h"
#include "engine/stream/sseparser.h"

#include <QStringDecoder>

#include <cstddef>
#include <cstdint>

using namespace tether::engine;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype step = 1 + data[0] % 64;
    const QByteArrayView bytes(reinterpret_cast<const char*>(data + 1), qsizetype(size - 1));
    SseParser parser(4096);
    ChatDecoder chat;
    ResponsesDecoder responses;
    std::vector<SseEvent> events;
    std::vector<Delta> deltas;
    qsizetype total = 0;
    for (qsizetype at = 0; at < bytes.size(); at += step) {
        events.clear();
        parser.feed(bytes.sliced(at, std::min(step, bytes.size() - at)), events);
        for (const SseEvent& e : events) {
            // Every dispatched event holds valid UTF-8 within the limit.
            QStringDecoder strict(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom |
                                                            QStringDecoder::Flag::Stateless);
            const QString text = strict(e.data);
            if (e.data.size() > 4096 || strict.hasError() || text.toUtf8() != e.data)
                __builtin_trap();
            total += e.data.size();
            chat.decode(e, deltas);
            responses.decode(e, deltas);
        }
    }
    parser.finish();
    chat.endOfStream();
    responses.endOfStream();
    if (chat.isOpen() || responses.isOpen())
        __builtin_trap(); // the end of a stream always settles it
    (void)total;
    return 0;
}
