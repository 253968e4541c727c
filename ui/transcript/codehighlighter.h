// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace tether::ui {

// Colours the code blocks of a transcript (blocks the markdown importer marked as code, with the
// fence's language). A small lexer per language family — keywords, types, strings, comments,
// numbers — for the languages replies use most. It works through QSyntaxHighlighter, so only the
// blocks a flush changed are coloured again, and the colours are layout formats: the document's
// text and what Copy copies stay as the model sent them.
// Why not KSyntaxHighlighting: Debian 12 ships it for Qt 5 only, and its XML definitions need
// its whole context engine to run; a reply's code needs a readable first glance, not an editor.
class CodeHighlighter : public QSyntaxHighlighter {
    Q_OBJECT
public:
    explicit CodeHighlighter(QTextDocument* document);

    // The fence's language as it was written (```py, ```C++), or empty.
    static QString language(const QTextBlock& block);
    // Whether a language is coloured; others show as plain code.
    static bool knows(const QString& language);
    // The palette changed (light to dark): colours follow.
    void updateColours();

protected:
    void highlightBlock(const QString& text) override;

private:
    void setColours();
    QTextCharFormat m_keyword, m_type, m_string, m_comment, m_number;
};

} // namespace tether::ui
