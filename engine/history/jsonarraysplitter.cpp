// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine/history/jsonarraysplitter.h"

namespace tether::engine {

namespace {
bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}
} // namespace

bool JsonArraySplitter::inString(char c)
{
    if (!m_inString)
        return false;
    if (m_escape)
        m_escape = false;
    else if (c == '\\')
        m_escape = true;
    else if (c == '"')
        m_inString = false;
    return true;
}

void JsonArraySplitter::hold(const char* p, qsizetype n)
{
    m_elementBytes += n;
    if (m_elementBytes > m_maxElement)
        m_element = QByteArray(); // over the cap: followed, never held
    else
        m_element.append(p, n);
}

bool JsonArraySplitter::feed(QByteArrayView data)
{
    const char* p = data.data();
    const qsizetype n = data.size();
    // Where the element being read began in this piece (0: it began in an earlier one).
    qsizetype start = m_state == State::InElement ? 0 : -1;
    for (qsizetype i = 0; i < n; ++i) {
        const char c = p[i];
        switch (m_state) {
        case State::Start:
            if (isSpace(c) || (c == '\xEF' || c == '\xBB' || c == '\xBF')) // BOM
                break;
            if (c == '[') {
                m_state = State::BetweenElements;
            } else if (c == '{') {
                m_topIsObject = true;
                m_state = State::InElement;
                m_depth = 1;
                start = i;
            } else {
                m_state = State::Failed;
                return false;
            }
            break;
        case State::BetweenElements:
            if (isSpace(c) || c == ',')
                break;
            if (c == ']') {
                m_state = State::Done;
                break;
            }
            if (c == '{' || c == '[') {
                m_state = State::InElement;
                m_depth = 1;
                start = i;
            } else {
                m_state = State::InScalar;
                m_inString = c == '"';
                m_escape = false;
            }
            break;
        case State::InScalar:
            if (inString(c))
                break;
            if (c == ',' || c == ']') {
                ++m_scalars;
                m_state = c == ']' ? State::Done : State::BetweenElements;
            }
            break;
        case State::InElement:
            if (inString(c))
                break;
            if (c == '"') {
                m_inString = true;
            } else if (c == '{' || c == '[') {
                ++m_depth;
            } else if (c == '}' || c == ']') {
                if (--m_depth == 0) {
                    hold(p + start, i + 1 - start);
                    start = -1;
                    bool go = true;
                    if (m_elementBytes > m_maxElement) {
                        if (m_oversized)
                            m_oversized(m_elementBytes);
                    } else {
                        go = m_sink(m_element);
                    }
                    m_element.clear();
                    m_elementBytes = 0;
                    if (!go) {
                        m_state = State::Failed;
                        return false;
                    }
                    m_state = m_topIsObject ? State::Done : State::BetweenElements;
                }
            }
            break;
        case State::Done:
            if (!isSpace(c)) {
                m_state = State::Failed;
                return false;
            }
            break;
        case State::Failed:
            return false;
        }
    }
    if (start >= 0)
        hold(p + start, n - start); // the element continues in the next piece
    return m_state != State::Failed;
}

} // namespace tether::engine
