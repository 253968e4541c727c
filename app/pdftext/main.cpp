// SPDX-License-Identifier: GPL-3.0-or-later
// tether-pdftext: reads a PDF on stdin and writes its text, UTF-8, on stdout (exit 0), or why it
// cannot on stderr (exit 2). Tether runs it with limits on time and memory (engine/pdf/pdftext.h):
// poppler's work on a hostile file happens here, never in Tether.
#include "engine/core/attachment.h"
#include "engine/pdf/popplertext.h"

#include <cstdio>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#endif

int main()
{
#ifdef _WIN32
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    QByteArray pdf;
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        pdf.append(buffer, qsizetype(n));
        if (pdf.size() > tether::engine::MaxDocumentBytes) {
            std::fputs("the PDF is larger than a file that can be attached.\n", stderr);
            return 2;
        }
    }
    const auto text = tether::engine::popplerText(pdf);
    if (!text) {
        std::fprintf(stderr, "%s\n", text.error().message.toUtf8().constData());
        return 2;
    }
    const QByteArray out = text.value().toUtf8();
    std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
    return 0;
}
