// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

namespace tether::engine {

// Cuts a JSON document that is an array of objects (a ChatGPT conversations.json, hundreds of MB)
// into its elements as bytes arrive, so each can be parsed on its own: memory stays at one
// element instead of the whole document's DOM. A document that is a single object yields that
// object. Strings and escapes are followed, so braces inside text do not count.
class JsonArraySplitter {
public:
    // Called with each complete top-level element; returning false stops the splitter.
    using Sink = std::function<bool(const QByteArray& element)>;
    // Called instead of the sink for an element larger than the cap, with its size: it was
    // followed to its end but never held in memory.
    using OversizedSink = std::function<void(qint64 bytes)>;
    explicit JsonArraySplitter(Sink sink, qsizetype maxElementBytes = qsizetype(64) * 1024 * 1024,
                               OversizedSink oversized = {})
        : m_maxElement(maxElementBytes)
        , m_sink(std::move(sink))
        , m_oversized(std::move(oversized))
    {}

    // False when the input is not an array or object of JSON values, or the sink stopped.
    bool feed(QByteArrayView data);
    // True once the closing bracket (or the single object) was seen.
    bool complete() const { return m_state == State::Done; }
    // Elements at the top level that are not objects (numbers, strings…), skipped.
    int scalarsSkipped() const { return m_scalars; }

private:
    enum class State { Start, BetweenElements, InElement, InScalar, Done, Failed };
    // Follows a string (escapes included); true while `c` belongs to one.
    bool inString(char c);
    // Holds bytes of the element being read, or only counts them once it is over the cap.
    void hold(const char* p, qsizetype n);
    State m_state = State::Start;
    bool m_topIsObject = false;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
    int m_scalars = 0;
    QByteArray m_element;
    qsizetype m_maxElement;
    qint64 m_elementBytes = 0; // of the element being read, held or not
    Sink m_sink;
    OversizedSink m_oversized;
};

} // namespace tether::engine
