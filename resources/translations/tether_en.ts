<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>QObject</name>
    <message numerus="yes">
        <source>The demo received %n picture(s) with your message; a real model would describe them.

</source>
        <translation>
            <numerusform>The demo received %n picture with your message; a real model would describe it.

</numerusform>
            <numerusform>The demo received %n pictures with your message; a real model would describe them.

</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::ArchiveActions</name>
    <message numerus="yes">
        <source>Importing… %n conversation(s)</source>
        <translation>
            <numerusform>Importing… %n conversation</numerusform>
            <numerusform>Importing… %n conversations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new conversation(s)</source>
        <translation>
            <numerusform>Imported %n new conversation</numerusform>
            <numerusform>Imported %n new conversations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n message(s).</source>
        <translation>
            <numerusform>with %n message.</numerusform>
            <numerusform>with %n messages.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Exported %n conversation(s) to %1.</source>
        <translation>
            <numerusform>Exported %n conversation to %1.</numerusform>
            <numerusform>Exported %n conversations to %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::MainWindow</name>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::ToolApprovalPanel</name>
    <message numerus="yes">
        <source>%n more call(s) waiting</source>
        <translation>
            <numerusform>%n more call waiting</numerusform>
            <numerusform>%n more calls waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::ToolServersDialog</name>
    <message numerus="yes">
        <source>“%1” (%2) offers %n tool(s).</source>
        <translation>
            <numerusform>“%1” (%2) offers %n tool.</numerusform>
            <numerusform>“%1” (%2) offers %n tools.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::Transcript</name>
    <message numerus="yes">
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>Show %n earlier message</numerusform>
            <numerusform>Show %n earlier messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thinking · %n word(s)</source>
        <translation>
            <numerusform>Thinking · %n word</numerusform>
            <numerusform>Thinking · %n words</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n token</numerusform>
            <numerusform>%n tokens</numerusform>
        </translation>
    </message>
</context>
</TS>
