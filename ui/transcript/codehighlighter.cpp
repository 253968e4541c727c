// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/transcript/codehighlighter.h"

#include <QGuiApplication>
#include <QHash>
#include <QPalette>
#include <QSet>
#include <QTextBlock>

using namespace Qt::Literals::StringLiterals;

namespace tether::ui {

namespace {

// What one language family needs for a first glance: its words, how it comments and quotes.
struct Lexicon {
    QSet<QString> keywords;
    QSet<QString> types;
    QStringList lineComments;
    QString blockOpen, blockClose; // a comment over several lines
    QString quotes = u"\"'"_s;
    bool tripleQuotes = false; // Python's """ and '''
    bool caseInsensitive = false;
    bool variables = false; // $name in shells
};

QSet<QString> words(const char* list)
{
    QSet<QString> out;
    for (const QString& w : QString::fromLatin1(list).split(u' ', Qt::SkipEmptyParts))
        out.insert(w);
    return out;
}

Lexicon lex(const char* keywords, const char* types, const QStringList& lineComments,
            const QString& blockOpen = {}, const QString& blockClose = {},
            const QString& quotes = u"\"'"_s)
{
    Lexicon l;
    l.keywords = words(keywords);
    l.types = words(types);
    l.lineComments = lineComments;
    l.blockOpen = blockOpen;
    l.blockClose = blockClose;
    l.quotes = quotes;
    return l;
}

const Lexicon* lexicon(const QString& language)
{
    static const QHash<QString, Lexicon> lexicons = [] {
        const QStringList slashes{u"//"_s};
        const QStringList hash{u"#"_s};
        QHash<QString, Lexicon> l;
        l[u"c"_s] = lex("if else for while do switch case default break continue return goto "
                        "struct union enum typedef static extern const volatile inline sizeof "
                        "true false NULL nullptr #include #define #if #ifdef #ifndef #endif "
                        "#pragma class public private protected virtual override template "
                        "typename namespace using new delete this throw try catch operator "
                        "constexpr noexcept explicit friend mutable co_await co_return",
                        "void bool char short int long float double signed unsigned size_t "
                        "int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t auto "
                        "wchar_t",
                        slashes, u"/*"_s, u"*/"_s);
        l[u"java"_s] = lex("abstract case catch class continue default do else enum extends final "
                           "finally for if implements import instanceof interface new package "
                           "private protected public return static super switch this throw "
                           "throws try while true false null var val fun when object override "
                           "namespace using async await yield record sealed data in is as "
                           "readonly get set let",
                           "boolean byte char double float int long short void String Int Long "
                           "Boolean Unit Any string object decimal",
                           slashes, u"/*"_s, u"*/"_s);
        l[u"js"_s] = lex("break case catch class const continue debugger default delete do else "
                         "export extends finally for from function if import in instanceof let "
                         "new return super switch this throw try typeof var void while with "
                         "yield async await of true false null undefined as interface type enum "
                         "implements private public protected readonly declare",
                         "string number boolean any unknown never object Promise Array Map Set "
                         "Record",
                         slashes, u"/*"_s, u"*/"_s, u"\"'`"_s);
        l[u"rust"_s] = lex("as async await break const continue crate dyn else enum extern false "
                           "fn for if impl in let loop match mod move mut pub ref return self "
                           "Self static struct super trait true type unsafe use where while Some "
                           "None Ok Err",
                           "i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool "
                           "char str String Vec Option Result Box",
                           slashes, u"/*"_s, u"*/"_s, u"\""_s);
        l[u"go"_s] = lex("break case chan const continue default defer else fallthrough for func "
                         "go goto if import interface map package range return select struct "
                         "switch type var true false nil",
                         "bool byte complex64 complex128 error float32 float64 int int8 int16 "
                         "int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any",
                         slashes, u"/*"_s, u"*/"_s, u"\"'`"_s);
        Lexicon py = lex("False None True and as assert async await break class continue def del "
                         "elif else except finally for from global if import in is lambda "
                         "nonlocal not or pass raise return try while with yield match case self",
                         "int float str bool list dict set tuple bytes object type", hash);
        py.tripleQuotes = true;
        l[u"python"_s] = py;
        Lexicon sh = lex("if then else elif fi for while until do done case esac in function "
                         "return local export readonly set unset echo exit source sudo cd",
                         "", hash);
        sh.variables = true;
        l[u"sh"_s] = sh;
        l[u"json"_s] = lex("true false null", "", {}, {}, {}, u"\""_s);
        Lexicon sql = lex("select from where insert into values update set delete create table "
                          "index view drop alter add primary key foreign references join left "
                          "right inner outer on group by order having limit offset as and or not "
                          "null is in like between distinct union all begin commit rollback "
                          "pragma with case when then else end exists default",
                          "integer int text real blob varchar char boolean date timestamp numeric",
                          {u"--"_s}, u"/*"_s, u"*/"_s);
        sql.caseInsensitive = true;
        l[u"sql"_s] = sql;
        l[u"yaml"_s] = lex("true false null yes no on off", "", hash);
        l[u"ruby"_s] = lex("def end if elsif else unless while until for in do return class "
                           "module self nil true false and or not yield begin rescue ensure "
                           "require puts attr_accessor",
                           "", hash);
        l[u"html"_s] = lex("", "", {}, u"<!--"_s, u"-->"_s, u"\""_s);
        return l;
    }();
    static const QHash<QString, QString> aliases = {
        {u"c"_s, u"c"_s},
        {u"h"_s, u"c"_s},
        {u"cpp"_s, u"c"_s},
        {u"c++"_s, u"c"_s},
        {u"cc"_s, u"c"_s},
        {u"cxx"_s, u"c"_s},
        {u"hpp"_s, u"c"_s},
        {u"objc"_s, u"c"_s},
        {u"java"_s, u"java"_s},
        {u"kotlin"_s, u"java"_s},
        {u"kt"_s, u"java"_s},
        {u"cs"_s, u"java"_s},
        {u"csharp"_s, u"java"_s},
        {u"c#"_s, u"java"_s},
        {u"swift"_s, u"java"_s},
        {u"scala"_s, u"java"_s},
        {u"dart"_s, u"java"_s},
        {u"js"_s, u"js"_s},
        {u"javascript"_s, u"js"_s},
        {u"jsx"_s, u"js"_s},
        {u"ts"_s, u"js"_s},
        {u"typescript"_s, u"js"_s},
        {u"tsx"_s, u"js"_s},
        {u"mjs"_s, u"js"_s},
        {u"rust"_s, u"rust"_s},
        {u"rs"_s, u"rust"_s},
        {u"go"_s, u"go"_s},
        {u"golang"_s, u"go"_s},
        {u"python"_s, u"python"_s},
        {u"py"_s, u"python"_s},
        {u"python3"_s, u"python"_s},
        {u"sh"_s, u"sh"_s},
        {u"bash"_s, u"sh"_s},
        {u"shell"_s, u"sh"_s},
        {u"zsh"_s, u"sh"_s},
        {u"console"_s, u"sh"_s},
        {u"json"_s, u"json"_s},
        {u"jsonc"_s, u"json"_s},
        {u"sql"_s, u"sql"_s},
        {u"sqlite"_s, u"sql"_s},
        {u"postgresql"_s, u"sql"_s},
        {u"yaml"_s, u"yaml"_s},
        {u"yml"_s, u"yaml"_s},
        {u"toml"_s, u"yaml"_s},
        {u"ini"_s, u"yaml"_s},
        {u"ruby"_s, u"ruby"_s},
        {u"rb"_s, u"ruby"_s},
        {u"html"_s, u"html"_s},
        {u"xml"_s, u"html"_s},
        {u"svg"_s, u"html"_s},
        {u"vue"_s, u"html"_s},
    };
    const auto alias = aliases.constFind(language.toLower());
    return alias == aliases.cend() ? nullptr : &*lexicons.constFind(*alias);
}

enum State { Plain = -1, InBlockComment = 1, InTriple = 2 }; // InTriple + quote char

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_';
}

} // namespace

CodeHighlighter::CodeHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document)
{
    setColours();
}

QString CodeHighlighter::language(const QTextBlock& block)
{
    return block.blockFormat().stringProperty(QTextFormat::BlockCodeLanguage).trimmed();
}

bool CodeHighlighter::knows(const QString& language)
{
    return lexicon(language) != nullptr;
}

void CodeHighlighter::updateColours()
{
    setColours();
    rehighlight();
}

void CodeHighlighter::setColours()
{
    // Two sets that read on their background; which one follows the palette's base.
    const bool dark = QGuiApplication::palette().color(QPalette::Base).lightness() < 128;
    m_keyword.setForeground(dark ? QColor(0xc6, 0x78, 0xdd) : QColor(0x8a, 0x2b, 0xb2));
    m_type.setForeground(dark ? QColor(0x56, 0xb6, 0xc2) : QColor(0x00, 0x6e, 0x8a));
    m_string.setForeground(dark ? QColor(0x98, 0xc3, 0x79) : QColor(0x2e, 0x7d, 0x32));
    m_comment.setForeground(dark ? QColor(0x8b, 0x94, 0x9e) : QColor(0x6a, 0x73, 0x7d));
    m_comment.setFontItalic(true);
    m_number.setForeground(dark ? QColor(0xd1, 0x9a, 0x66) : QColor(0xb3, 0x5c, 0x00));
}

void CodeHighlighter::highlightBlock(const QString& text)
{
    setCurrentBlockState(Plain);
    const QTextBlock block = currentBlock();
    const QTextBlockFormat format = block.blockFormat();
    if (!format.hasProperty(QTextFormat::BlockCodeFence))
        return;
    const Lexicon* lex = lexicon(language(block));
    if (!lex)
        return;
    // A comment or a triple-quoted string left open on the previous line of the same block.
    const QTextBlock previous = block.previous();
    const bool sameCode =
        previous.isValid() && previous.blockFormat().hasProperty(QTextFormat::BlockCodeFence);
    int state = sameCode ? previousBlockState() : Plain;
    const qsizetype n = text.size();
    qsizetype i = 0;
    const auto closeOpen = [&](const QString& close, const QTextCharFormat& f, int open) {
        const qsizetype end = text.indexOf(close, i);
        if (end < 0) {
            setFormat(int(i), int(n - i), f);
            setCurrentBlockState(open);
            i = n;
            return;
        }
        setFormat(int(i), int(end + close.size() - i), f);
        i = end + close.size();
        state = Plain;
    };
    if (state == InBlockComment)
        closeOpen(lex->blockClose, m_comment, InBlockComment);
    else if (state > InBlockComment)
        closeOpen(QString(3, QChar(state - InTriple)), m_string, state);
    while (i < n) {
        const QChar c = text.at(i);
        const QStringView rest = QStringView(text).sliced(i);
        if (!lex->blockOpen.isEmpty() && rest.startsWith(lex->blockOpen)) {
            const qsizetype start = i;
            i += lex->blockOpen.size();
            closeOpen(lex->blockClose, m_comment, InBlockComment);
            setFormat(int(start), int(i - start), m_comment);
            continue;
        }
        bool comment = false;
        for (const QString& lc : lex->lineComments)
            comment = comment || (rest.startsWith(lc) && (lc != u"#"_s || lex->variables ||
                                                          i == 0 || !isWordChar(text.at(i - 1))));
        if (comment) {
            setFormat(int(i), int(n - i), m_comment);
            return;
        }
        if (lex->quotes.contains(c)) {
            if (lex->tripleQuotes && rest.startsWith(QString(3, c))) {
                const qsizetype start = i;
                i += 3;
                closeOpen(QString(3, c), m_string, InTriple + c.unicode());
                setFormat(int(start), int(i - start), m_string);
                continue;
            }
            qsizetype j = i + 1;
            while (j < n && text.at(j) != c)
                j += text.at(j) == u'\\' ? 2 : 1;
            j = std::min(j + 1, n);
            setFormat(int(i), int(j - i), m_string);
            i = j;
            continue;
        }
        if (c.isDigit() && (i == 0 || (!isWordChar(text.at(i - 1)) && text.at(i - 1) != u'.'))) {
            qsizetype j = i + 1;
            while (j < n &&
                   (text.at(j).isLetterOrNumber() || text.at(j) == u'.' || text.at(j) == u'_'))
                ++j;
            setFormat(int(i), int(j - i), m_number);
            i = j;
            continue;
        }
        if (lex->variables && c == u'$') {
            qsizetype j = i + 1;
            while (j < n && (isWordChar(text.at(j)) || text.at(j) == u'{' || text.at(j) == u'}'))
                ++j;
            setFormat(int(i), int(j - i), m_type);
            i = j;
            continue;
        }
        if (isWordChar(c) || c == u'#') {
            qsizetype j = i + 1;
            while (j < n && isWordChar(text.at(j)))
                ++j;
            const QString word = text.sliced(i, j - i);
            const QString key = lex->caseInsensitive ? word.toLower() : word;
            if (lex->keywords.contains(key))
                setFormat(int(i), int(j - i), m_keyword);
            else if (lex->types.contains(key))
                setFormat(int(i), int(j - i), m_type);
            i = j;
            continue;
        }
        if (lexicon(u"html"_s) == lex && c == u'<') { // tag names in markup
            qsizetype j = i + 1;
            while (j < n && (isWordChar(text.at(j)) || text.at(j) == u'/' || text.at(j) == u'-'))
                ++j;
            setFormat(int(i), int(j - i), m_keyword);
            i = j;
            continue;
        }
        ++i;
    }
}

} // namespace tether::ui
