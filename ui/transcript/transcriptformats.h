// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPalette>
#include <QString>
#include <QTextCharFormat>

// What the transcript's files share: the look of its small print.
namespace tether::ui::transcriptformats {

inline QTextCharFormat grey(bool italic = false)
{
    QTextCharFormat f;
    f.setForeground(QPalette().color(QPalette::PlaceholderText));
    f.setFontItalic(italic);
    return f;
}

// Reasoning and a tool call's details stay one block however many paragraphs they have, so
// opening and closing them is one block to insert or remove.
inline QString oneBlock(const QString& text)
{
    QString out = text;
    out.replace(u'\n', QChar::LineSeparator);
    return out;
}

} // namespace tether::ui::transcriptformats
