<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MarkdownStream</name>
    <message>
        <location filename="../../ui/markdownstream.cpp" line="150"/>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../../ui/demoserver.cpp" line="48"/>
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
    <name>tether::ui::ArchiveActions</name>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="26"/>
        <source>&amp;Import ChatGPT export…</source>
        <translation>导入 ChatGPT 导出文件(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="28"/>
        <source>Import conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="29"/>
        <source>ChatGPT or Tether export (*.zip *.json);;All files (*)</source>
        <translation>ChatGPT 或 Tether 导出文件 (*.zip *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="34"/>
        <source>&amp;Export conversation…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="39"/>
        <source>Export &amp;all conversations…</source>
        <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="47"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="47"/>
        <source>Markdown (*.md);;JSON, to import again (*.json)</source>
        <translation>Markdown (*.md);;JSON，可再次导入 (*.json)</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="60"/>
        <location filename="../../ui/archiveactions.cpp" line="85"/>
        <location filename="../../ui/archiveactions.cpp" line="102"/>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="70"/>
        <location filename="../../ui/archiveactions.cpp" line="73"/>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="79"/>
        <source>Importing… %1 conversations</source>
        <translation>正在导入… %1 个对话</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="93"/>
        <source>Imported %1 new conversations (%2 messages); %3 updated, %4 already here; %5 skipped.</source>
        <translation>已导入 %1 个新对话（%2 条消息）；%3 个已更新，%4 个已存在；跳过 %5 个。</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="114"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../ui/archiveactions.cpp" line="121"/>
        <source>Exported %1 conversations to %2.</source>
        <translation>已将 %1 个对话导出到 %2。</translation>
    </message>
</context>
<context>
    <name>tether::ui::Composer</name>
    <message>
        <location filename="../../ui/composer.cpp" line="21"/>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="22"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="26"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="35"/>
        <source>Enter sends (Shift+Enter for a new line)</source>
        <translation>Enter 发送（Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="44"/>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="101"/>
        <source>Message %1 (Enter to send, Shift+Enter for a new line)</source>
        <translation>给 %1 发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../ui/composer.cpp" line="102"/>
        <source>Message %1 (Ctrl+Enter to send)</source>
        <translation>给 %1 发消息（Ctrl+Enter 发送）</translation>
    </message>
</context>
<context>
    <name>tether::ui::ConversationListModel</name>
    <message>
        <location filename="../../ui/conversationlistmodel.cpp" line="88"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>tether::ui::ConversationView</name>
    <message>
        <location filename="../../ui/conversationview.cpp" line="26"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../ui/conversationview.cpp" line="132"/>
        <location filename="../../ui/conversationview.cpp" line="210"/>
        <source>waiting for the network</source>
        <translation>等待网络</translation>
    </message>
</context>
<context>
    <name>tether::ui::GenerationTracker</name>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="96"/>
        <source>a provider</source>
        <translation>某个提供商</translation>
    </message>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="97"/>
        <source>A reply sent through “%1” (%2), which is no longer set up, was left as it is. Open it and choose Continue to decide.</source>
        <translation>一条通过“%1”（%2）发送的回复未被继续，因为该提供商已不再配置。打开它并选择“继续”来决定。</translation>
    </message>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="155"/>
        <source>attempt %1 of %2: %3</source>
        <translation>第 %1 次尝试，共 %2 次：%3</translation>
    </message>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="157"/>
        <source> · %1 of %2 requests left</source>
        <translation> · 剩余 %1/%2 次请求</translation>
    </message>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="217"/>
        <source>waiting for the network</source>
        <translation>等待网络</translation>
    </message>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="220"/>
        <source>reconnecting in %1 s (%2)</source>
        <translation>%1 秒后重新连接（%2）</translation>
    </message>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="224"/>
        <source>streaming</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <location filename="../../ui/generationtracker.cpp" line="224"/>
        <source>sending</source>
        <translation>正在发送</translation>
    </message>
</context>
<context>
    <name>tether::ui::MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="55"/>
        <source>Tether</source>
        <translation>Tether</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="116"/>
        <source>Cannot open the journal: %1</source>
        <translation>无法打开日志：%1</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="187"/>
        <source>%1 tokens · first token after %2 ms · %3 tokens/s</source>
        <translation>%1 个词元 · 首个词元 %2 毫秒 · 每秒 %3 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="124"/>
        <source>Try the demo: send anything (Enter). Add a real provider in Providers…</source>
        <translation>试试演示：随便发送点什么（Enter）。在“服务商…”中添加真实服务商</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="358"/>
        <source>Waiting for the keychain…</source>
        <translation>正在等待钥匙串…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="385"/>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="248"/>
        <source>Editing: Enter resends and replaces this message and what followed it; Esc cancels.</source>
        <translation>正在编辑：按 Enter 重新发送并替换这条消息及其后的内容；按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="257"/>
        <source>Unencrypted connection</source>
        <translation>未加密的连接</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="258"/>
        <source>%1 is reached over http://, without encryption. Your API key and your messages would cross the network readable by anyone on the way.

Use https:// in Providers… unless you trust every network between you and this server.</source>
        <translation>%1 通过 http:// 访问，没有加密。你的 API 密钥和消息在传输途中任何人都能读取。

除非你信任你与该服务器之间的每一段网络，否则请在“提供商…”中改用 https://。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="264"/>
        <source>Send Anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="269"/>
        <source>Not sent: the connection is not encrypted.</source>
        <translation>未发送：连接未加密。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="285"/>
        <source>a provider</source>
        <translation>某个提供商</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="288"/>
        <source>Continue the reply</source>
        <translation>继续回复</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="289"/>
        <source>“%1”, the provider this reply was sent through, is no longer set up.

Continue it at its old address, %2, without an API key?</source>
        <translation>发送这条回复的提供商“%1”已不再配置。

要在它原来的地址 %2 继续，且不附带 API 密钥吗？</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="294"/>
        <source>Continue There</source>
        <translation>在原地址继续</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="301"/>
        <source>Continuing at %1, without a key.</source>
        <translation>正在 %1 继续，不附带密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="317"/>
        <source>Back online.</source>
        <translation>网络已恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="318"/>
        <source>Offline: messages are kept and sent when the network returns.</source>
        <translation>离线：消息已保存，网络恢复后发送。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="146"/>
        <source>Edit cancelled.</source>
        <translation>已取消编辑。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="384"/>
        <source>Offline: the message waits for the network.</source>
        <translation>离线：消息等待网络恢复。</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="102"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.cpp" line="105"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
</context>
<context>
    <name>tether::ui::ProviderSession</name>
    <message>
        <location filename="../../ui/providersession.cpp" line="53"/>
        <source>The demo could not start a local server.</source>
        <translation>演示无法启动本地服务器。</translation>
    </message>
    <message>
        <location filename="../../ui/providersession.cpp" line="91"/>
        <source>The keychain could not give the key of “%1”: %2</source>
        <translation>钥匙串无法提供“%1”的密钥：%2</translation>
    </message>
</context>
<context>
    <name>tether::ui::SafeBrowser</name>
    <message>
        <location filename="../../ui/safebrowser.cpp" line="52"/>
        <source>Tether opens only web and mail links. This one was not opened:
%1</source>
        <translation>Tether 只打开网页和邮件链接。此链接未打开：
%1</translation>
    </message>
    <message>
        <location filename="../../ui/safebrowser.cpp" line="59"/>
        <source>Open link?</source>
        <translation>打开链接？</translation>
    </message>
    <message>
        <location filename="../../ui/safebrowser.cpp" line="60"/>
        <source>The reply links to:

%1

Open it in your browser?</source>
        <translation>回复中的链接指向：

%1

要在浏览器中打开吗？</translation>
    </message>
</context>
<context>
    <name>tether::ui::SearchResultsModel</name>
    <message>
        <location filename="../../ui/searchresults.cpp" line="40"/>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../ui/searchresults.cpp" line="49"/>
        <source>Your message in “%1”</source>
        <translation>你在“%1”中的消息</translation>
    </message>
    <message>
        <location filename="../../ui/searchresults.cpp" line="50"/>
        <source>A reply in “%1”</source>
        <translation>“%1”中的回复</translation>
    </message>
</context>
<context>
    <name>tether::ui::SettingsDialog</name>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="45"/>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="46"/>
        <source>Remove key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="48"/>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="50"/>
        <source>Provider profiles</source>
        <translation>服务商配置</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="51"/>
        <source>Chat Completions</source>
        <translation>Chat Completions</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="52"/>
        <source>Responses API</source>
        <translation>Responses API</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="58"/>
        <location filename="../../ui/settingsdialog.cpp" line="61"/>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="102"/>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="107"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="110"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="111"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="113"/>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="85"/>
        <location filename="../../ui/settingsdialog.cpp" line="117"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="68"/>
        <source>⚠ Not encrypted (http://): the API key and every message can be read on the way. Use https:// unless the server is on this computer or your own network.</source>
        <translation>⚠ 未加密（http://）：API 密钥和每条消息在传输途中都可能被读取。除非服务器在本机或你自己的网络中，否则请使用 https://。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="118"/>
        <source>Continue a cut reply by</source>
        <translation>中断回复的续写方式</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="119"/>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="123"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="176"/>
        <source>The keychain is not available (%1). The key is kept for this session only and is never written to disk.</source>
        <translation>钥匙串不可用（%1）。密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="202"/>
        <source>Add a provider with Add…; its API key is kept in your system&apos;s keychain.</source>
        <translation>用“添加…”添加一个服务商；它的 API 密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="272"/>
        <source>Looking in the keychain…</source>
        <translation>正在查找钥匙串…</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="314"/>
        <source>Saving to the keychain…</source>
        <translation>正在保存到钥匙串…</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="328"/>
        <source>A key is stored in the keychain.</source>
        <translation>钥匙串中已保存密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="331"/>
        <source>No key stored.</source>
        <translation>未保存密钥。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="334"/>
        <source>No keychain is available on this system. A key you save is kept for this session only and is never written to disk.</source>
        <translation>此系统上没有可用的钥匙串。你保存的密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="338"/>
        <source>The keychain refused access: %1</source>
        <translation>钥匙串拒绝访问：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="341"/>
        <source>The keychain is not available (%1). A key you save is kept for this session only and is never written to disk.</source>
        <translation>钥匙串不可用（%1）。你保存的密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="37"/>
        <source>Fetch list</source>
        <translation>获取列表</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="59"/>
        <source>A stream that sends nothing for this long is reconnected.</source>
        <translation>数据流在这段时间内无任何数据时将重新连接。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="62"/>
        <source>How long a reply may take to start (reasoning models think first).</source>
        <translation>回复开始前可等待的时间（推理模型会先思考）。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="88"/>
        <source>Ask the provider which models it offers</source>
        <translation>向服务商查询可用模型</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="90"/>
        <location filename="../../ui/settingsdialog.cpp" line="122"/>
        <source>Extra headers</source>
        <translation>附加请求头</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="91"/>
        <source>Name: value, one per line</source>
        <translation>名称: 值，每行一个</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="92"/>
        <source>Sent with every request. Kept in the settings file: put keys in API key, which goes to the keychain.</source>
        <translation>随每个请求发送，保存在设置文件中：密钥请填写在“API 密钥”中，它只保存在钥匙串里。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="120"/>
        <source>First token timeout</source>
        <translation>首个词元超时</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="121"/>
        <source>Attempts per reply</source>
        <translation>每条回复的尝试次数</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="300"/>
        <source>Models offered: %1</source>
        <translation>可用模型：%1</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="287"/>
        <source>Enter the base URL first.</source>
        <translation>请先填写基础 URL。</translation>
    </message>
    <message>
        <location filename="../../ui/settingsdialog.cpp" line="291"/>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 查询模型…</translation>
    </message>
</context>
<context>
    <name>tether::ui::Sidebar</name>
    <message>
        <location filename="../../ui/sidebar.cpp" line="40"/>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="43"/>
        <source>New chat (%1)</source>
        <translation>新建对话（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="49"/>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="51"/>
        <source>Search (%1)</source>
        <translation>搜索 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="59"/>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="75"/>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="86"/>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="87"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="96"/>
        <source>Providers…</source>
        <translation>服务商…</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="100"/>
        <source>Providers and keys (%1)</source>
        <translation>服务商与密钥 (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="106"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="150"/>
        <source>No message matches “%1”.</source>
        <translation>没有消息匹配“%1”。</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="183"/>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="183"/>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <location filename="../../ui/sidebar.cpp" line="200"/>
        <source>Deleted “%1”</source>
        <translation>已删除“%1”</translation>
    </message>
</context>
<context>
    <name>tether::ui::TimelineDialog</name>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="20"/>
        <source>Reading the journal…</source>
        <translation>正在读取日志…</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="22"/>
        <source>Timeline of reply %1</source>
        <translation>回复 %1 的时间线</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="24"/>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="26"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="26"/>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="26"/>
        <source>Took</source>
        <translation>耗时</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="26"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="26"/>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="26"/>
        <source>Then</source>
        <translation>随后</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="45"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="48"/>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="50"/>
        <source>resume from the last event</source>
        <translation>从最后一个事件恢复</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="52"/>
        <source>poll the stored response</source>
        <translation>轮询已保存的回复</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="54"/>
        <source>continue from the saved text (%1)</source>
        <translation>从已保存的文本继续（%1）</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="60"/>
        <source> (text discarded by Regenerate)</source>
        <translation>（文本已因重新生成而丢弃）</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="63"/>
        <source>retry after %1</source>
        <translation>%1 后重试</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="65"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="67"/>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="80"/>
        <source>No attempt was made yet (the reply is waiting for the network).</source>
        <translation>尚未尝试（回复正在等待网络）。</translation>
    </message>
    <message>
        <location filename="../../ui/timelinedialog.cpp" line="95"/>
        <source>Attempts: %1 · drops or errors: %2</source>
        <translation>尝试：%1 · 断开或错误：%2</translation>
    </message>
</context>
<context>
    <name>tether::ui::Transcript</name>
    <message>
        <location filename="../../ui/transcript.cpp" line="102"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="106"/>
        <location filename="../../ui/transcript.cpp" line="279"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="108"/>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="121"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="180"/>
        <source>Thinking · 1 word</source>
        <translation>思考 · 1 个词</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="181"/>
        <source>Thinking · %1 words</source>
        <translation>思考 · %1 个词</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="242"/>
        <source>streaming</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="244"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="247"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="250"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="263"/>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="265"/>
        <source>first token %1 ms</source>
        <translation>首个词元 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="267"/>
        <source>%1 tokens/s</source>
        <translation>每秒 %1 个词元</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="269"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="270"/>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="271"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="275"/>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="276"/>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="280"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="293"/>
        <source>Code copied.</source>
        <translation>代码已复制。</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="300"/>
        <source>Message copied.</source>
        <translation>消息已复制。</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="140"/>
        <source>Show 1 earlier message</source>
        <translation>显示 1 条更早的消息</translation>
    </message>
    <message>
        <location filename="../../ui/transcript.cpp" line="141"/>
        <source>Show %1 earlier messages</source>
        <translation>显示 %1 条更早的消息</translation>
    </message>
</context>
</TS>
