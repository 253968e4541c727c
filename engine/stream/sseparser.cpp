// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/stream/sseparser.h"

#include <QString>
#include <QStringDecoder>

#include <cstring>

namespace tether::engine {

namespace {

constexpr char Bom[] = "\xEF\xBB\xBF";

bool isValidUtf8(const QByteArray& bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    const auto* end = p + bytes.size();
    while (p < end) {
        // Fast path: eight ASCII bytes at a time.
        if (end - p >= 8) {
            quint64 word;
            std::memcpy(&word, p, 8);
            if ((word & 0x8080808080808080ULL) == 0) {
                p += 8;
                continue;
            }
        }
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int extra;
        unsigned min;
        unsigned cp;
        if ((c & 0xE0) == 0xC0) {
            extra = 1, min = 0x80, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2, min = 0x800, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false;
        }
        if (end - p <= extra)
            return false;
        for (int i = 1; i <= extra; ++i) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

} // namespace

QByteArray toValidUtf8(QByteArray bytes)
{
    if (isValidUtf8(bytes))
        return bytes;
    // ConvertInitialBom: a U+FEFF opening the data is content, not a byte-order mark.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return QString(decoder(bytes)).toUtf8();
}

bool SseParser::feed(QByteArrayView bytes, std::vector<SseEvent>& out)
{
    if (m_status != Status::Ok)
        return false;
    const char* p = bytes.data();
    const char* const end = p + bytes.size();

    if (m_bomMatched >= 0) {
        while (p < end && m_bomMatched < 3) {
            if (*p != Bom[m_bomMatched]) {
                // Not a BOM after all: what matched so far is ordinary text.
                m_line.append(Bom, m_bomMatched);
                m_bomMatched = -1;
                break;
            }
            ++m_bomMatched;
            ++p;
        }
        if (m_bomMatched == 3)
            m_bomMatched = -1;
        if (m_bomMatched >= 0) // still inside a possible BOM, and out of input
            return true;
    }

    if (m_skipLf && p < end) {
        if (*p == '\n')
            ++p;
        m_skipLf = false;
    }

    while (p < end) {
        const auto* lf = static_cast<const char*>(std::memchr(p, '\n', end - p));
        const char* stop = lf ? lf : end;
        const auto* cr = static_cast<const char*>(std::memchr(p, '\r', stop - p));
        const char* eol = cr ? cr : lf;
        if (!eol) {
            if (m_line.size() + (end - p) > m_limit) {
                m_status = Status::LineTooLong;
                return false;
            }
            m_line.append(p, end - p);
            break;
        }
        if (m_line.isEmpty()) {
            processLine(QByteArrayView(p, eol - p), out);
        } else {
            if (m_line.size() + (eol - p) > m_limit) {
                m_status = Status::LineTooLong;
                return false;
            }
            m_line.append(p, eol - p);
            processLine(m_line, out);
            m_line.clear();
        }
        if (m_status != Status::Ok)
            return false;
        if (*eol == '\r') {
            if (eol + 1 < end) {
                if (eol[1] == '\n')
                    ++eol;
            } else {
                m_skipLf = true;
            }
        }
        p = eol + 1;
    }
    return true;
}

void SseParser::processLine(QByteArrayView line, std::vector<SseEvent>& out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':')
        return; // comment, e.g. keep-alive
    QByteArrayView field = line;
    QByteArrayView value;
    if (const qsizetype colon = line.indexOf(':'); colon >= 0) {
        field = line.first(colon);
        value = line.sliced(colon + 1);
        if (!value.isEmpty() && value.front() == ' ')
            value = value.sliced(1);
    }
    if (field == "data") {
        if (m_data.size() + value.size() + 1 > m_limit) {
            m_status = Status::EventTooLarge;
            return;
        }
        m_data.append(value.data(), value.size());
        m_data.append('\n');
    } else if (field == "event") {
        m_type = value.toByteArray();
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastId = toValidUtf8(value.toByteArray());
    } else if (field == "retry") {
        bool digits = !value.isEmpty() && value.size() <= 12;
        for (const char c : value)
            digits = digits && c >= '0' && c <= '9';
        if (digits)
            m_retryMs = value.toLongLong();
    }
    // Any other field is ignored, as the spec says.
}

void SseParser::dispatch(std::vector<SseEvent>& out)
{
    if (m_data.isEmpty()) {
        m_type.clear();
        return;
    }
    m_data.chop(1);
    SseEvent event;
    event.type = m_type.isEmpty() ? QByteArray("message") : toValidUtf8(std::move(m_type));
    event.data = toValidUtf8(std::move(m_data));
    // Each invalid byte becomes U+FFFD, three bytes: the limit holds for what is dispatched too.
    if (event.data.size() > m_limit) {
        m_status = Status::EventTooLarge;
        return;
    }
    event.id = m_lastId;
    out.push_back(std::move(event));
    m_data = QByteArray();
    m_type = QByteArray();
}

bool SseParser::finish()
{
    const bool discarded = !m_line.isEmpty() || !m_data.isEmpty();
    m_line.clear();
    m_data.clear();
    m_type.clear();
    return discarded;
}

void SseParser::reset()
{
    *this = SseParser(m_limit);
}

} // namespace tether::engine
