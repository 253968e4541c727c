<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <location filename="../../ui/demoserver.cpp" line="41" />
        <source>Welcome to **Tether**. This reply comes from the built-in demo, through the same engine as a real provider:

1. Every chunk is saved to your journal *before* it appears on screen.
2. If the connection drops — this demo drops it once, halfway through this reply — Tether reconnects and continues the same reply, without losing or repeating a word.
3. If Tether itself is closed mid-reply, it finishes the reply next time.

```text
Providers…  (Ctrl+,)  add OpenAI, Ollama, LM Studio, llama.cpp, vLLM…
```

Add a provider to talk to a real model; your API key stays in the system keychain.</source>
        <translation>欢迎使用 **Tether**。这条回复来自内置演示，经过与真实服务商相同的引擎：

1. 每个片段都会先保存到你的日志中，*然后*才显示在屏幕上。
2. 如果连接中断（本演示会在回复进行到一半时中断一次），Tether 会重新连接并继续同一条回复，不丢失也不重复任何一个字。
3. 如果 Tether 本身在回复途中被关闭，它会在下次启动时完成这条回复。

```text
服务商…  (Ctrl+,)  添加 OpenAI、Ollama、LM Studio、llama.cpp、vLLM…
```

添加一个服务商即可与真实模型对话；你的 API 密钥保存在系统钥匙串中。</translation>
    </message>
</context>
<context>
    <name>tether::ui::ConversationListModel</name>
    <message>
        <location filename="../../ui/conversationlistmodel.cpp" line="39" />
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>tether::ui::MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="41" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="42" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="46" />
        <source>Tether</source>
        <translation>Tether</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="47" />
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="58" />
        <location filename="../../ui/mainwindow.cpp" line="232" />
        <source>Message %1 (Enter to send, Shift+Enter for a new line)</source>
        <translation>给 %1 发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="59" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="75" />
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="79" />
        <source>New chat (%1)</source>
        <translation>新建对话（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="83" />
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="110" />
        <source>Providers…</source>
        <translation>服务商…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="123" />
        <source>The keychain could not give the key: %1</source>
        <translation>无法从钥匙串读取密钥：%1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="155" />
        <source>Reconnecting in %1 s (attempt %2 of %3): %4</source>
        <translation>%1 秒后重新连接（第 %2 次，共 %3 次）：%4</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="161" />
        <source> · %1 of %2 requests left</source>
        <translation> · 剩余 %1/%2 次请求</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="168" />
        <source>Resuming (attempt %1)…</source>
        <translation>正在恢复（第 %1 次尝试）…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="171" />
        <source>Cannot open the journal: %1</source>
        <translation>无法打开日志：%1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="187" />
        <location filename="../../ui/mainwindow.cpp" line="351" />
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="187" />
        <source>Assistant (resumed)</source>
        <translation>助手（已恢复）</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="189" />
        <source>Streaming…</source>
        <translation>正在接收…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="207" />
        <source>%1 tokens · first token after %2 ms · %3 tokens/s</source>
        <translation>%1 个词元 · 首个词元 %2 毫秒 · 每秒 %3 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="237" />
        <source>The demo could not start a local server.</source>
        <translation>演示无法启动本地服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="245" />
        <source>Try the demo: send anything (Enter). Add a real provider in Providers…</source>
        <translation>试试演示：随便发送点什么（Enter）。在“服务商…”中添加真实服务商</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="276" />
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="278" />
        <source>first token %1 ms</source>
        <translation>首个词元 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="280" />
        <source>%1 tokens/s</source>
        <translation>每秒 %1 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="283" />
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="284" />
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="285" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="289" />
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="290" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="313" />
        <source>Regenerating…</source>
        <translation>正在重新生成…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="313" />
        <source>Continuing…</source>
        <translation>正在继续…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="349" />
        <location filename="../../ui/mainwindow.cpp" line="415" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="380" />
        <source>Resuming an interrupted reply…</source>
        <translation>正在恢复被中断的回复…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="411" />
        <source>Waiting for the keychain…</source>
        <translation>正在等待钥匙串…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="422" />
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
</context>
<context>
    <name>tether::ui::SafeBrowser</name>
    <message>
        <location filename="../../ui/safebrowser.cpp" line="56" />
        <source>Link not opened</source>
        <translation>链接未打开</translation>
    </message>
    <message>
        <location filename="../../ui/safebrowser.cpp" line="57" />
        <source>Tether opens only web and mail links. This one was not opened:

%1</source>
        <translation>Tether 只打开网页和邮件链接。此链接未被打开：

%1</translation>
    </message>
    <message>
        <location filename="../../ui/safebrowser.cpp" line="63" />
        <source>Open link?</source>
        <translation>打开链接？</translation>
    </message>
    <message>
        <location filename="../../ui/safebrowser.cpp" line="64" />
        <source>The reply links to:

%1

Open it in your browser?</source>
        <translation>回复中的链接指向：

%1

要在浏览器中打开吗？</translation>
    </message>
</context>
<context>
    <name>tether::ui::SettingsDialog</name>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="34" />
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="35" />
        <source>Remove key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="37" />
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="39" />
        <source>Provider profiles</source>
        <translation>服务商配置</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="40" />
        <source>Chat Completions</source>
        <translation>Chat Completions</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="41" />
        <source>Responses API</source>
        <translation>Responses API</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="47" />
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="54" />
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="59" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="62" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="63" />
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="64" />
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="65" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="66" />
        <source>Continue a cut reply by</source>
        <translation>中断回复的续写方式</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="67" />
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="68" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="118" />
        <source>The keychain is not available (%1). The key is kept for this session only and is never written to disk.</source>
        <translation>钥匙串不可用（%1）。密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="144" />
        <source>Add a provider with Add…; its API key is kept in your system's keychain.</source>
        <translation>用“添加…”添加一个服务商；它的 API 密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="206" />
        <source>Looking in the keychain…</source>
        <translation>正在查找钥匙串…</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="215" />
        <source>Saving to the keychain…</source>
        <translation>正在保存到钥匙串…</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="229" />
        <source>A key is stored in the keychain.</source>
        <translation>钥匙串中已保存密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="232" />
        <source>No key stored.</source>
        <translation>未保存密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="235" />
        <source>No keychain is available on this system. A key you save is kept for this session only and is never written to disk.</source>
        <translation>此系统上没有可用的钥匙串。你保存的密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="239" />
        <source>The keychain refused access: %1</source>
        <translation>钥匙串拒绝访问：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="242" />
        <source>The keychain is not available (%1). A key you save is kept for this session only and is never written to disk.</source>
        <translation>钥匙串不可用（%1）。你保存的密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
</context>
</TS>