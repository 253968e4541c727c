<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MarkdownStream</name>
    <message>
        <source>code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Welcome to **Tether**. This reply comes from the built-in demo, through the same engine as a real provider:

1. Every chunk is saved to your journal *before* it appears on screen.
2. If the connection drops — this demo drops it once, halfway through this reply — Tether reconnects and continues the same reply, without losing or repeating a word.
3. If Tether itself is closed mid-reply, it finishes the reply next time.

Add a provider in **Providers…** (Ctrl+,): OpenAI, Ollama, LM Studio, llama.cpp, vLLM… Your API key stays in the system keychain. The same engine answers in a terminal:

```sh
# every reply is kept, and resumed after a crash
tether-cli send --base-url http://localhost:11434/v1 --model llama3.2 &quot;Hello&quot;
tether-cli search &quot;keychain&quot;
```</source>
        <translation>欢迎使用 **Tether**。这条回复来自内置演示，经过与真实服务商相同的引擎：

1. 每个片段都会先保存到你的日志中，*然后*才显示在屏幕上。
2. 如果连接中断（本演示会在回复进行到一半时中断一次），Tether 会重新连接并继续同一条回复，不丢失也不重复任何一个字。
3. 如果 Tether 本身在回复途中被关闭，它会在下次启动时完成这条回复。

在**服务商…**（Ctrl+,）中添加服务商：OpenAI、Ollama、LM Studio、llama.cpp、vLLM… 你的 API 密钥保存在系统钥匙串中。在终端里回答你的也是同一个引擎：

```sh
# 每条回复都会保存，崩溃后继续
tether-cli send --base-url http://localhost:11434/v1 --model llama3.2 &quot;你好&quot;
tether-cli search &quot;钥匙串&quot;
```</translation>
    </message>
    <message numerus="yes">
        <source>The demo received %n picture(s) with your message; a real model would describe them.

</source>
        <translation>
            <numerusform>演示服务器随消息收到了 %n 张图片；真实的模型会描述它们。

</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::ArchiveActions</name>
    <message>
        <source>&amp;Import ChatGPT export…</source>
        <translation>导入 ChatGPT 导出文件(&amp;I)…</translation>
    </message>
    <message>
        <source>Import conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <source>ChatGPT or Tether export (*.zip *.json);;All files (*)</source>
        <translation>ChatGPT 或 Tether 导出文件 (*.zip *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;Export conversation…</source>
        <translation>导出对话(&amp;E)…</translation>
    </message>
    <message>
        <source>Export &amp;all conversations…</source>
        <translation>导出全部对话(&amp;A)…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>JSON, to import again (*.json)</source>
        <translation>JSON，可再次导入 (*.json)</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message numerus="yes">
        <source>Importing… %n conversation(s)</source>
        <translation>
            <numerusform>正在导入… %n 个对话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new conversation(s)</source>
        <translation>
            <numerusform>已导入 %n 个新对话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>with %n message(s).</source>
        <translation>
            <numerusform>（共 %n 条消息）。</numerusform>
        </translation>
    </message>
    <message>
        <source>Updated: %1. Already here: %2. Skipped: %3.</source>
        <translation>已更新：%1。已存在：%2。已跳过：%3。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n conversation(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个对话导出到 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::AttachmentTray</name>
    <message>
        <source>Attached files</source>
        <translation>附加的文件</translation>
    </message>
    <message>
        <source>The clipboard holds no picture Tether can read.</source>
        <translation>剪贴板中没有 Tether 能读取的图片。</translation>
    </message>
    <message>
        <source>Pasted image %1.png</source>
        <translation>粘贴的图片 %1.png</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <source>Remove attachment %1</source>
        <translation>移除附件 %1</translation>
    </message>
</context>
<context>
    <name>tether::ui::Composer</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Enter sends (Shift+Enter for a new line)</source>
        <translation>Enter 发送（Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Stop (Esc)</source>
        <translation>停止 (Esc)</translation>
    </message>
    <message>
        <source>Message %1 (Enter to send, Shift+Enter for a new line)</source>
        <translation>给 %1 发消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <source>Message %1 (Ctrl+Enter to send)</source>
        <translation>给 %1 发消息（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>附加…</translation>
    </message>
    <message>
        <source>Attach images, text files or PDFs (Ctrl+Shift+A); or drop or paste them into the message</source>
        <translation>附加图片、文本文件或 PDF（Ctrl+Shift+A）；也可拖放或粘贴到消息中</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Images, text and PDFs (*.png *.jpg *.jpeg *.webp *.gif *.txt *.md *.pdf *.json *.csv *.c *.cpp *.h *.py *.js *.ts *.rs *.go *.java *.sh *.xml *.yaml *.yml *.html *.css);;All files (*)</source>
        <translation>图片、文本和 PDF (*.png *.jpg *.jpeg *.webp *.gif *.txt *.md *.pdf *.json *.csv *.c *.cpp *.h *.py *.js *.ts *.rs *.go *.java *.sh *.xml *.yaml *.yml *.html *.css);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（Enter）</translation>
    </message>
</context>
<context>
    <name>tether::ui::ConversationHeader</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>The model this conversation talks to (Ctrl+Shift+M)</source>
        <translation>此对话使用的模型（Ctrl+Shift+M）</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Add a system prompt</source>
        <translation>添加系统提示词</translation>
    </message>
    <message>
        <source>The conversation&apos;s settings were not saved: %1</source>
        <translation>对话设置未能保存：%1</translation>
    </message>
    <message>
        <source>The provider&apos;s models could not be listed: %1</source>
        <translation>无法列出服务商的模型：%1</translation>
    </message>
    <message>
        <source>System prompt and parameters</source>
        <translation>系统提示词和参数</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Start this chat from a preset: its model, prompt and parameters</source>
        <translation>从预设开始此对话：使用其模型、提示词和参数</translation>
    </message>
    <message>
        <source>Prompt and parameters ✓</source>
        <translation>提示词和参数 ✓</translation>
    </message>
    <message>
        <source>Instructions sent first with every message, and the parameters</source>
        <translation>每条消息之前先发送的指示，以及参数</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>No preset</source>
        <translation>无预设</translation>
    </message>
</context>
<context>
    <name>tether::ui::ConversationListModel</name>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
</context>
<context>
    <name>tether::ui::ConversationSettingsDialog</name>
    <message>
        <source>Conversation settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Sent first with every message of this conversation. Leave it empty for none.</source>
        <translation>在此对话的每条消息之前先发送。留空则不发送。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>Max output tokens</source>
        <translation>最大输出词元数</translation>
    </message>
    <message>
        <source>Reasoning effort</source>
        <translation>推理强度</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Max output tokens:</source>
        <translation>最大输出词元数(&amp;M)：</translation>
    </message>
    <message>
        <source>&amp;Reasoning effort:</source>
        <translation>推理强度(&amp;R)：</translation>
    </message>
    <message>
        <source>Default leaves it to the provider; only what is set is sent.</source>
        <translation>“默认”表示由服务商决定；只发送已设置的参数。</translation>
    </message>
    <message>
        <source>Preset name</source>
        <translation>预设名称</translation>
    </message>
    <message>
        <source>Name, to start new chats with these settings</source>
        <translation>名称，用于以这些设置开始新对话</translation>
    </message>
    <message>
        <source>Save as &amp;preset</source>
        <translation>另存为预设(&amp;P)</translation>
    </message>
    <message>
        <source>System prompt:</source>
        <translation>系统提示词：</translation>
    </message>
</context>
<context>
    <name>tether::ui::ConversationView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>waiting for the network</source>
        <translation>等待网络</translation>
    </message>
    <message>
        <source>Start a conversation</source>
        <translation>开始对话</translation>
    </message>
    <message>
        <source>Write below and press Enter.</source>
        <translation>在下方输入并按 Enter。</translation>
    </message>
    <message>
        <source>Ctrl+N new chat · Ctrl+F search every message&lt;br&gt;Ctrl+Shift+M choose the model · Ctrl+Shift+P system prompt and parameters</source>
        <translation>Ctrl+N 新对话 · Ctrl+F 搜索所有消息&lt;br&gt;Ctrl+Shift+M 选择模型 · Ctrl+Shift+P 系统提示词和参数</translation>
    </message>
    <message>
        <source>Each reply is saved as it arrives: a dropped connection or a crash loses nothing.</source>
        <translation>每条回复在到达时即被保存：断线或崩溃都不会丢失任何内容。</translation>
    </message>
</context>
<context>
    <name>tether::ui::ElicitationDialog</name>
    <message>
        <source>“%1” asks</source>
        <translation>“%1”的提问</translation>
    </message>
    <message>
        <source>The tool server &lt;b&gt;%1&lt;/b&gt; asks:</source>
        <translation>工具服务器 &lt;b&gt;%1&lt;/b&gt; 询问：</translation>
    </message>
    <message>
        <source>It wants to open this page in your browser:
%1</source>
        <translation>它想在浏览器中打开此页面：
%1</translation>
    </message>
    <message>
        <source>Open Page</source>
        <translation>打开页面</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>接受</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>拒绝</translation>
    </message>
</context>
<context>
    <name>tether::ui::GenerationTracker</name>
    <message>
        <source>a provider</source>
        <translation>某个提供商</translation>
    </message>
    <message>
        <source>A reply sent through “%1” (%2), which is no longer set up, was left as it is. Open it and choose Continue to decide.</source>
        <translation>一条通过“%1”（%2）发送的回复未被继续，因为该提供商已不再配置。打开它并选择“继续”来决定。</translation>
    </message>
    <message>
        <source>attempt %1 of %2: %3</source>
        <translation>第 %1 次尝试，共 %2 次：%3</translation>
    </message>
    <message>
        <source> · %1 of %2 requests left</source>
        <translation> · 剩余 %1/%2 次请求</translation>
    </message>
    <message>
        <source>waiting for the network</source>
        <translation>等待网络</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <source>A reply sent through “%1” (%2), which is no longer set up, asked for tools; its calls were left waiting. A new message in that conversation goes on without them.</source>
        <translation>一条通过“%1”（%2）发送的回复请求了工具，但该提供商已不再配置；这些调用仍在等待。在该对话中发送新消息即可在没有它们的情况下继续。</translation>
    </message>
    <message>
        <source>reconnecting in %1 s · %2</source>
        <translation>%1 秒后重新连接 · %2</translation>
    </message>
</context>
<context>
    <name>tether::ui::HelpMenu</name>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Open &amp;Data Folder</source>
        <translation>打开数据文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;About Tether</source>
        <translation>关于 Tether(&amp;A)</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <source>Search every message</source>
        <translation>搜索所有消息</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Send (Shift+Enter: a new line)</source>
        <translation>发送（Shift+Enter：换行）</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Stop the reply, or leave the search</source>
        <translation>停止回复，或退出搜索</translation>
    </message>
    <message>
        <source>Choose the model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <source>System prompt and parameters</source>
        <translation>系统提示词和参数</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Regenerate the last reply</source>
        <translation>重新生成最后一条回复</translation>
    </message>
    <message>
        <source>Previous / next alternative</source>
        <translation>上一个 / 下一个备选回复</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>F2 / Delete</source>
        <translation>F2 / Delete</translation>
    </message>
    <message>
        <source>Rename / delete the selected conversation</source>
        <translation>重命名 / 删除所选对话</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About Tether</source>
        <translation>关于 Tether</translation>
    </message>
    <message>
        <source>A chat client for OpenAI-compatible APIs that never loses a reply.</source>
        <translation>一款面向 OpenAI 兼容 API、从不丢失回复的聊天客户端。</translation>
    </message>
    <message>
        <source>&lt;p&gt;Free software under the GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Your data&lt;/b&gt; stays on this computer: the conversations in&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;; the settings in&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;;&lt;br&gt;API keys in the system keychain, never in a file.&lt;/p&gt;</source>
        <translation>&lt;p&gt;自由软件，依据 GNU 通用公共许可证第 3 版或更高版本发布。&lt;/p&gt;&lt;p&gt;&lt;b&gt;你的数据&lt;/b&gt;保存在这台电脑上：对话在&lt;br&gt;&lt;tt&gt;%1&lt;/tt&gt;；设置在&lt;br&gt;&lt;tt&gt;%2&lt;/tt&gt;；&lt;br&gt;API 密钥在系统钥匙串中，从不写入文件。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Open Data Folder</source>
        <translation>打开数据文件夹</translation>
    </message>
</context>
<context>
    <name>tether::ui::KeyPromptDialog</name>
    <message>
        <source>API Key for %1</source>
        <translation>%1 的 API 密钥</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Tether needs the API key of “%1” to go on.&lt;/b&gt;&lt;/p&gt;&lt;p&gt;It cannot read it: %2.&lt;/p&gt;&lt;p&gt;The key you enter is kept in memory until Tether quits, never written to disk.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Tether 需要“%1”的 API 密钥才能继续。&lt;/b&gt;&lt;/p&gt;&lt;p&gt;它无法读取该密钥：%2。&lt;/p&gt;&lt;p&gt;你输入的密钥只保存在内存中，直到 Tether 退出，从不写入磁盘。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Use This Key</source>
        <translation>使用此密钥</translation>
    </message>
    <message>
        <source>Not Now</source>
        <translation>暂不</translation>
    </message>
</context>
<context>
    <name>tether::ui::MainWindow</name>
    <message>
        <source>Tether</source>
        <translation>Tether</translation>
    </message>
    <message>
        <source>Cannot open the journal: %1</source>
        <translation>无法打开日志：%1</translation>
    </message>
    <message>
        <source>Try the demo: send anything (Enter). Add a real provider in Providers…</source>
        <translation>试试演示：随便发送点什么（Enter）。在“服务商…”中添加真实服务商</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Editing: Enter resends and replaces this message and what followed it; Esc cancels.</source>
        <translation>正在编辑：按 Enter 重新发送并替换这条消息及其后的内容；按 Esc 取消。</translation>
    </message>
    <message>
        <source>Unencrypted connection</source>
        <translation>未加密的连接</translation>
    </message>
    <message>
        <source>%1 is reached over http://, without encryption. Your API key and your messages would cross the network readable by anyone on the way.

Use https:// in Providers… unless you trust every network between you and this server.</source>
        <translation>%1 通过 http:// 访问，没有加密。你的 API 密钥和消息在传输途中任何人都能读取。

除非你信任你与该服务器之间的每一段网络，否则请在“提供商…”中改用 https://。</translation>
    </message>
    <message>
        <source>Send Anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Not sent: the connection is not encrypted.</source>
        <translation>未发送：连接未加密。</translation>
    </message>
    <message>
        <source>a provider</source>
        <translation>某个提供商</translation>
    </message>
    <message>
        <source>Continue the reply</source>
        <translation>继续回复</translation>
    </message>
    <message>
        <source>“%1”, the provider this reply was sent through, is no longer set up.

Continue it at its old address, %2, without an API key?</source>
        <translation>发送这条回复的提供商“%1”已不再配置。

要在它原来的地址 %2 继续，且不附带 API 密钥吗？</translation>
    </message>
    <message>
        <source>Continue There</source>
        <translation>在原地址继续</translation>
    </message>
    <message>
        <source>Continuing at %1, without a key.</source>
        <translation>正在 %1 继续，不附带密钥。</translation>
    </message>
    <message>
        <source>Back online.</source>
        <translation>网络已恢复。</translation>
    </message>
    <message>
        <source>Offline: messages are kept and sent when the network returns.</source>
        <translation>离线：消息已保存，网络恢复后发送。</translation>
    </message>
    <message>
        <source>Edit cancelled.</source>
        <translation>已取消编辑。</translation>
    </message>
    <message>
        <source>Offline: the message waits for the network.</source>
        <translation>离线：消息等待网络恢复。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Let the Model &amp;Name New Chats</source>
        <translation>由模型为新对话命名(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>回复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Attach Files…</source>
        <translation>附加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Previous Alternative</source>
        <translation>上一个版本(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next Alternative</source>
        <translation>下一个版本(&amp;N)</translation>
    </message>
    <message>
        <source>Regenerating: the earlier reply stays as an alternative.</source>
        <translation>正在重新生成：之前的回复保留为另一个版本。</translation>
    </message>
    <message>
        <source>Still reading the attached files…</source>
        <translation>仍在读取附加的文件…</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Tool &amp;Servers…</source>
        <translation>工具服务器(&amp;S)…</translation>
    </message>
    <message>
        <source>The model wants to use a tool: allow or deny it above.</source>
        <translation>模型想要使用一个工具：请在上方允许或拒绝。</translation>
    </message>
    <message>
        <source>Running %1…</source>
        <translation>正在运行 %1…</translation>
    </message>
    <message>
        <source>Asking the tool servers for their tools…</source>
        <translation>正在向工具服务器查询可用工具…</translation>
    </message>
    <message>
        <source>The tool server “%1” is not available, its tools are not offered: %2</source>
        <translation>工具服务器“%1”不可用，未提供其工具：%2</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>未发送。</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Providers…</source>
        <translation>服务商(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Sync…</source>
        <translation>同步(&amp;S)…</translation>
    </message>
    <message>
        <source>Sync &amp;Now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>first token after %1 ms</source>
        <translation>首个词元用时 %1 毫秒</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>每秒 %1 个词元</translation>
    </message>
    <message>
        <source>Waiting for the API key…</source>
        <translation>正在等待 API 密钥…</translation>
    </message>
</context>
<context>
    <name>tether::ui::ProviderSession</name>
    <message>
        <source>The demo could not start a local server.</source>
        <translation>演示无法启动本地服务器。</translation>
    </message>
    <message>
        <source>The keychain could not give the key of “%1”: %2</source>
        <translation>钥匙串无法提供“%1”的密钥：%2</translation>
    </message>
    <message>
        <source>No API key for “%1”: %2. Continue asks for it again.</source>
        <translation>“%1”没有 API 密钥：%2。点“继续”会再次询问。</translation>
    </message>
    <message>
        <source>the keychain is not available (%1)</source>
        <translation>钥匙串不可用（%1）</translation>
    </message>
    <message>
        <source>the keychain did not give it (%1)</source>
        <translation>钥匙串未提供密钥（%1）</translation>
    </message>
</context>
<context>
    <name>tether::ui::SafeBrowser</name>
    <message>
        <source>Tether opens only web and mail links. This one was not opened:
%1</source>
        <translation>Tether 只打开网页和邮件链接。此链接未打开：
%1</translation>
    </message>
    <message>
        <source>Open link?</source>
        <translation>打开链接？</translation>
    </message>
    <message>
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
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Your message in “%1”</source>
        <translation>你在“%1”中的消息</translation>
    </message>
    <message>
        <source>A reply in “%1”</source>
        <translation>“%1”中的回复</translation>
    </message>
</context>
<context>
    <name>tether::ui::ServerPrompts</name>
    <message>
        <source>Signed in to the tool server “%1”.</source>
        <translation>已登录工具服务器“%1”。</translation>
    </message>
    <message>
        <source>Sign in to “%1”</source>
        <translation>登录“%1”</translation>
    </message>
    <message>
        <source>The tool server “%1” no longer accepts your sign-in. Sign in again to go on using it.</source>
        <translation>工具服务器“%1”不再接受你的登录。请重新登录以继续使用。</translation>
    </message>
    <message>
        <source>The tool server “%1” asks you to sign in.</source>
        <translation>工具服务器“%1”要求你登录。</translation>
    </message>
    <message>
        <source>Tether opens the sign-in page in your browser. Come back here once it says you are signed in; what waits for the server goes on by itself.</source>
        <translation>Tether 会在浏览器中打开登录页面。页面显示登录成功后回到这里；等待该服务器的操作会自动继续。</translation>
    </message>
    <message>
        <source>Sign In in Browser</source>
        <translation>在浏览器中登录</translation>
    </message>
    <message>
        <source>Copy Link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Waiting for the sign-in to “%1” in the browser (%2 minutes at most)…</source>
        <translation>正在等待在浏览器中登录“%1”（最多 %2 分钟）…</translation>
    </message>
    <message>
        <source>No browser could be opened here; the sign-in link to “%1” is copied: paste it into a browser.</source>
        <translation>此处无法打开浏览器；“%1”的登录链接已复制：请将其粘贴到浏览器中。</translation>
    </message>
</context>
<context>
    <name>tether::ui::SettingsDialog</name>
    <message>
        <source>Save key</source>
        <translation>保存密钥</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>删除密钥</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Provider profiles</source>
        <translation>服务商配置</translation>
    </message>
    <message>
        <source>Chat Completions</source>
        <translation>Chat Completions</translation>
    </message>
    <message>
        <source>Responses API</source>
        <translation>Responses API</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>⚠ Not encrypted (http://): the API key and every message can be read on the way. Use https:// unless the server is on this computer or your own network.</source>
        <translation>⚠ 未加密（http://）：API 密钥和每条消息在传输途中都可能被读取。除非服务器在本机或你自己的网络中，否则请使用 https://。</translation>
    </message>
    <message>
        <source>Continue a cut reply by</source>
        <translation>中断回复的续写方式</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>The keychain is not available (%1). The key is kept for this session only and is never written to disk.</source>
        <translation>钥匙串不可用（%1）。密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <source>Add a provider with Add…; its API key is kept in your system&apos;s keychain.</source>
        <translation>用“添加…”添加一个服务商；它的 API 密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Looking in the keychain…</source>
        <translation>正在查找钥匙串…</translation>
    </message>
    <message>
        <source>Saving to the keychain…</source>
        <translation>正在保存到钥匙串…</translation>
    </message>
    <message>
        <source>A key is stored in the keychain.</source>
        <translation>钥匙串中已保存密钥。</translation>
    </message>
    <message>
        <source>No key stored.</source>
        <translation>未保存密钥。</translation>
    </message>
    <message>
        <source>No keychain is available on this system. A key you save is kept for this session only and is never written to disk.</source>
        <translation>此系统上没有可用的钥匙串。你保存的密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <source>The keychain refused access: %1</source>
        <translation>钥匙串拒绝访问：%1</translation>
    </message>
    <message>
        <source>The keychain is not available (%1). A key you save is kept for this session only and is never written to disk.</source>
        <translation>钥匙串不可用（%1）。你保存的密钥仅在本次会话中保留，绝不会写入磁盘。</translation>
    </message>
    <message>
        <source>Fetch list</source>
        <translation>获取列表</translation>
    </message>
    <message>
        <source>A stream that sends nothing for this long is reconnected.</source>
        <translation>数据流在这段时间内无任何数据时将重新连接。</translation>
    </message>
    <message>
        <source>How long a reply may take to start (reasoning models think first).</source>
        <translation>回复开始前可等待的时间（推理模型会先思考）。</translation>
    </message>
    <message>
        <source>Ask the provider which models it offers</source>
        <translation>向服务商查询可用模型</translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation>附加请求头</translation>
    </message>
    <message>
        <source>Name: value, one per line</source>
        <translation>名称: 值，每行一个</translation>
    </message>
    <message>
        <source>Sent with every request. Kept in the settings file: put keys in API key, which goes to the keychain.</source>
        <translation>随每个请求发送，保存在设置文件中：密钥请填写在“API 密钥”中，它只保存在钥匙串里。</translation>
    </message>
    <message>
        <source>First token timeout</source>
        <translation>首个词元超时</translation>
    </message>
    <message>
        <source>Attempts per reply</source>
        <translation>每条回复的尝试次数</translation>
    </message>
    <message>
        <source>Models offered: %1</source>
        <translation>可用模型：%1</translation>
    </message>
    <message>
        <source>Enter the base URL first.</source>
        <translation>请先填写基础 URL。</translation>
    </message>
    <message>
        <source>Asking %1 for its models…</source>
        <translation>正在向 %1 查询模型…</translation>
    </message>
    <message>
        <source>A key is kept for this session only: there is no keychain. It is never written to disk.</source>
        <translation>密钥只在本次会话中保留：没有可用的钥匙串。它从不写入磁盘。</translation>
    </message>
</context>
<context>
    <name>tether::ui::Sidebar</name>
    <message>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <source>New chat (%1)</source>
        <translation>新建对话（%1）</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Search (%1)</source>
        <translation>搜索 (%1)</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Providers…</source>
        <translation>服务商…</translation>
    </message>
    <message>
        <source>Providers and keys (%1)</source>
        <translation>服务商与密钥 (%1)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>No message matches “%1”.</source>
        <translation>没有消息匹配“%1”。</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Deleted “%1”</source>
        <translation>已删除“%1”</translation>
    </message>
    <message>
        <source>No conversations yet.
Your chats appear here, kept on this computer and searchable offline.</source>
        <translation>还没有对话。
你的对话会显示在这里，保存在这台电脑上，离线也能搜索。</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to Top</source>
        <translation>置顶</translation>
    </message>
</context>
<context>
    <name>tether::ui::SyncDialog</name>
    <message>
        <source>This address is http://: your WebDAV password would cross the network unencrypted (your history itself stays encrypted with the passphrase). Use https://.</source>
        <translation>此地址为 http://：您的 WebDAV 密码将以未加密的方式在网络上传输（历史记录本身仍由口令加密）。请使用 https://。</translation>
    </message>
    <message>
        <source>Sync &amp;automatically: after each reply and every few minutes</source>
        <translation>自动同步(&amp;A)：每条回复之后以及每隔几分钟</translation>
    </message>
    <message>
        <source>Sync &amp;Now</source>
        <translation>立即同步(&amp;N)</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>One history on every device, through your own WebDAV folder (Nextcloud, ownCloud, Synology, Apache, nginx, rclone). Each device adds its own files and never overwrites another&apos;s. Everything is encrypted on this computer with your passphrase: the server cannot read a word.</source>
        <translation>通过你自己的 WebDAV 文件夹（Nextcloud、ownCloud、Synology、Apache、nginx、rclone），在每台设备上拥有同一份历史。每台设备只添加自己的文件，绝不覆盖其他设备的文件。所有内容都在本机用你的口令加密：服务器读不到一个字。</translation>
    </message>
    <message>
        <source>(saved; type to replace)</source>
        <translation>（已保存；输入新值即可替换）</translation>
    </message>
    <message>
        <source>the same on every device</source>
        <translation>每台设备上都相同</translation>
    </message>
    <message>
        <source>The passphrase never leaves your devices. Without it the synced copy cannot be read, by anyone: keep it somewhere safe.</source>
        <translation>口令永远不会离开你的设备。没有它，任何人都无法读取同步的副本：请妥善保管。</translation>
    </message>
    <message>
        <source>WebDAV &amp;folder:</source>
        <translation>WebDAV 文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Pass&amp;phrase:</source>
        <translation>口令(&amp;H)：</translation>
    </message>
    <message>
        <source>The folder must be an https:// (or http://) address.</source>
        <translation>文件夹必须是 https://（或 http://）地址。</translation>
    </message>
    <message>
        <source>Choose a passphrase: it encrypts everything before it leaves this computer.</source>
        <translation>请设置一个口令：所有内容在离开本机之前都会用它加密。</translation>
    </message>
</context>
<context>
    <name>tether::ui::SyncSession</name>
    <message>
        <source>Sync cannot read its password from the keychain: %1</source>
        <translation>同步无法从钥匙串读取密码：%1</translation>
    </message>
    <message>
        <source>The keychain did not keep the sync secrets (%1); they are kept until Tether quits.</source>
        <translation>钥匙串未能保存同步密钥（%1）；它们将保留到 Tether 退出为止。</translation>
    </message>
    <message>
        <source>Sync is set up; it runs after each reply and every few minutes.</source>
        <translation>同步已设置；它会在每条回复之后以及每隔几分钟运行一次。</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <source>Sync needs its passphrase: set it in Settings ▸ Sync.</source>
        <translation>同步需要口令：请在“设置 ▸ 同步”中设置。</translation>
    </message>
    <message>
        <source>Syncing: sending %1%</source>
        <translation>正在同步：发送 %1%</translation>
    </message>
    <message>
        <source>Syncing: receiving %1%</source>
        <translation>正在同步：接收 %1%</translation>
    </message>
    <message>
        <source>Synced at %1.</source>
        <translation>已于 %1 同步。</translation>
    </message>
    <message>
        <source>Sync failed: %1</source>
        <translation>同步失败：%1</translation>
    </message>
    <message>
        <source>Syncing: %1 Trying again in %2 s (attempt %3 of %4).</source>
        <translation>正在同步：%1 %2 秒后重试（第 %3 次，共 %4 次）。</translation>
    </message>
</context>
<context>
    <name>tether::ui::SyncStatus</name>
    <message>
        <source>Sync…</source>
        <translation>同步…</translation>
    </message>
    <message>
        <source>Settings ▸ Sync</source>
        <translation>设置 ▸ 同步</translation>
    </message>
</context>
<context>
    <name>tether::ui::TimelineDialog</name>
    <message>
        <source>Reading the journal…</source>
        <translation>正在读取日志…</translation>
    </message>
    <message>
        <source>Timeline of reply %1</source>
        <translation>回复 %1 的时间线</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Took</source>
        <translation>耗时</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>随后</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>resume from the last event</source>
        <translation>从最后一个事件恢复</translation>
    </message>
    <message>
        <source>poll the stored response</source>
        <translation>轮询已保存的回复</translation>
    </message>
    <message>
        <source>continue from the saved text (%1)</source>
        <translation>从已保存的文本继续（%1）</translation>
    </message>
    <message>
        <source> (text discarded by Regenerate)</source>
        <translation>（文本已因重新生成而丢弃）</translation>
    </message>
    <message>
        <source>retry after %1</source>
        <translation>%1 后重试</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>running</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>No attempt was made yet (the reply is waiting for the network).</source>
        <translation>尚未尝试（回复正在等待网络）。</translation>
    </message>
    <message>
        <source>Attempts: %1 · drops or errors: %2</source>
        <translation>尝试：%1 · 断开或错误：%2</translation>
    </message>
</context>
<context>
    <name>tether::ui::ToolApprovalPanel</name>
    <message>
        <source>Open Its Conversation</source>
        <translation>打开所属对话</translation>
    </message>
    <message>
        <source>Allow &amp;Once</source>
        <translation>允许一次(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Always Allow This Tool</source>
        <translation>始终允许此工具(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>拒绝(&amp;D)</translation>
    </message>
    <message>
        <source>⚠ This call was running when Tether stopped: the tool may or may not have acted. Run it again?</source>
        <translation>⚠ Tether 停止时此调用正在运行：该工具可能已经执行，也可能没有。要再次运行吗？</translation>
    </message>
    <message>
        <source>Arguments of the tool call</source>
        <translation>工具调用的参数</translation>
    </message>
    <message>
        <source>Run this tool of this server from now on without asking; revocable in Tools → Tool Servers.</source>
        <translation>今后运行此服务器的这个工具时不再询问；可在“工具 → 工具服务器”中撤销。</translation>
    </message>
    <message>
        <source>The tool is not run; the model is told it was declined.</source>
        <translation>不运行该工具；模型会被告知调用已被拒绝。</translation>
    </message>
    <message>
        <source>The model wants to run “%1” from the tool server “%2” with these arguments:</source>
        <translation>模型想要以下列参数运行工具服务器“%2”的“%1”：</translation>
    </message>
    <message numerus="yes">
        <source>%n more call(s) waiting</source>
        <translation>
            <numerusform>还有 %n 个调用在等待</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>tether::ui::ToolServersDialog</name>
    <message>
        <source>This server is reached over http://: its headers (a token, a key) cross the network unencrypted. Use https://.</source>
        <translation>此服务器通过 http:// 访问：它的请求头（令牌、密钥）将以未加密的方式在网络上传输。请使用 https://。</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;voke</source>
        <translation>撤销(&amp;V)</translation>
    </message>
    <message>
        <source>Tool Servers</source>
        <translation>工具服务器</translation>
    </message>
    <message>
        <source>Tool servers</source>
        <translation>工具服务器</translation>
    </message>
    <message>
        <source>Tools of the selected server</source>
        <translation>所选服务器的工具</translation>
    </message>
    <message>
        <source>Tools always allowed</source>
        <translation>始终允许的工具</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Paste Configuration…</source>
        <translation>粘贴配置(&amp;P)…</translation>
    </message>
    <message>
        <source>The mcpServers JSON of Claude Desktop, Cursor or LM Studio</source>
        <translation>Claude Desktop、Cursor 或 LM Studio 的 mcpServers JSON</translation>
    </message>
    <message>
        <source>&amp;Check</source>
        <translation>检查(&amp;C)</translation>
    </message>
    <message>
        <source>Start the enabled servers and list their tools again</source>
        <translation>启动已启用的服务器并重新列出其工具</translation>
    </message>
    <message>
        <source>Always allowed</source>
        <translation>始终允许</translation>
    </message>
    <message>
        <source>Tools let the model act: read files, search, send requests. Tether asks before each call unless you always allow the tool. Secret headers and environment values are kept in the keychain.</source>
        <translation>工具让模型可以执行操作：读取文件、搜索、发送请求。除非你始终允许某个工具，Tether 会在每次调用前询问。机密的请求头和环境变量值保存在钥匙串中。</translation>
    </message>
    <message>
        <source>Checked: its tools are offered to the model</source>
        <translation>勾选：向模型提供其工具</translation>
    </message>
    <message>
        <source>No tool servers yet: add one, or paste the mcpServers configuration of another app.</source>
        <translation>还没有工具服务器：添加一个，或粘贴其他应用的 mcpServers 配置。</translation>
    </message>
    <message>
        <source>“%1” is disabled: its tools are not offered.</source>
        <translation>“%1”已停用：不提供其工具。</translation>
    </message>
    <message>
        <source>Starting “%1”…</source>
        <translation>正在启动“%1”…</translation>
    </message>
    <message>
        <source>Not started yet.</source>
        <translation>尚未启动。</translation>
    </message>
    <message>
        <source>“%1” is not available: %2</source>
        <translation>“%1”不可用：%2</translation>
    </message>
    <message numerus="yes">
        <source>“%1” (%2) offers %n tool(s).</source>
        <translation>
            <numerusform>“%1”（%2）提供 %n 个工具。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (offered as %2)</source>
        <translation>%1（以 %2 提供）</translation>
    </message>
    <message>
        <source>“%1” from “%2”</source>
        <translation>“%2”的“%1”</translation>
    </message>
    <message>
        <source>A command run over stdio: {&quot;command&quot;: &quot;npx&quot;, &quot;args&quot;: […], &quot;env&quot;: {…}}. Or a Streamable HTTP server: {&quot;url&quot;: &quot;https://…&quot;, &quot;headers&quot;: {…}}. Secrets show as %1; leave them as they are to keep them.</source>
        <translation>通过 stdio 运行的命令：{&quot;command&quot;: &quot;npx&quot;, &quot;args&quot;: […], &quot;env&quot;: {…}}。或 Streamable HTTP 服务器：{&quot;url&quot;: &quot;https://…&quot;, &quot;headers&quot;: {…}}。机密值显示为 %1；保持不变即可保留它们。</translation>
    </message>
    <message>
        <source>Paste the mcpServers JSON of Claude Desktop, Cursor or LM Studio. Servers with the same name are replaced.</source>
        <translation>粘贴 Claude Desktop、Cursor 或 LM Studio 的 mcpServers JSON。同名的服务器将被替换。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>The server needs a name.</source>
        <translation>服务器需要一个名称。</translation>
    </message>
    <message>
        <source>This is not a JSON object.</source>
        <translation>这不是一个 JSON 对象。</translation>
    </message>
    <message>
        <source>There is no server in it.</source>
        <translation>其中没有服务器。</translation>
    </message>
    <message>
        <source>Add a Tool Server</source>
        <translation>添加工具服务器</translation>
    </message>
    <message>
        <source>Edit “%1”</source>
        <translation>编辑“%1”</translation>
    </message>
    <message>
        <source>Paste a Configuration</source>
        <translation>粘贴配置</translation>
    </message>
    <message>
        <source>Sign &amp;Out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <source>Forget the sign-in to this remote server</source>
        <translation>忘记此远程服务器的登录</translation>
    </message>
    <message>
        <source>Signed out of “%1”: its next use asks you to sign in.</source>
        <translation>已退出“%1”：下次使用时会要求你登录。</translation>
    </message>
</context>
<context>
    <name>tether::ui::ToolSession</name>
    <message>
        <source>its secrets could not be read from the keychain (%1)</source>
        <translation>无法从钥匙串读取其机密（%1）</translation>
    </message>
    <message>
        <source>they are not there</source>
        <translation>钥匙串中没有它们</translation>
    </message>
    <message>
        <source>The secrets of the tool server “%1” could not be stored in the keychain (%2); they are used until Tether quits.</source>
        <translation>工具服务器“%1”的机密无法保存到钥匙串（%2）；它们仅在 Tether 退出前使用。</translation>
    </message>
    <message>
        <source>the keychain has no value for %1</source>
        <translation>钥匙串中没有 %1 的值</translation>
    </message>
    <message>
        <source>The tool servers could not be asked for their tools: %1</source>
        <translation>无法向工具服务器查询工具：%1</translation>
    </message>
    <message>
        <source>Tools: %1</source>
        <translation>工具：%1</translation>
    </message>
</context>
<context>
    <name>tether::ui::Transcript</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>streaming</source>
        <translation>正在生成</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>first token %1 ms</source>
        <translation>首个词元 %1 毫秒</translation>
    </message>
    <message>
        <source>%1 tokens/s</source>
        <translation>每秒 %1 个词元</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Code copied.</source>
        <translation>代码已复制。</translation>
    </message>
    <message>
        <source>Message copied.</source>
        <translation>消息已复制。</translation>
    </message>
    <message numerus="yes">
        <source>Show %n earlier message(s)</source>
        <translation>
            <numerusform>显示 %n 条更早的消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Thinking · %n word(s)</source>
        <translation>
            <numerusform>思考 · %n 个词</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n token(s)</source>
        <translation>
            <numerusform>%n 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>Attached: %1 (%2)</source>
        <translation>附件：%1（%2）</translation>
    </message>
    <message>
        <source>waiting for approval</source>
        <translation>等待批准</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>the tool reported an error</source>
        <translation>工具报告了错误</translation>
    </message>
    <message>
        <source>done in %1 ms</source>
        <translation>完成，用时 %1 毫秒</translation>
    </message>
    <message>
        <source>done in %1 s</source>
        <translation>完成，用时 %1 秒</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>interrupted: it was running when Tether stopped</source>
        <translation>已中断：Tether 停止时它正在运行</translation>
    </message>
    <message>
        <source>Tool %1</source>
        <translation>工具 %1</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Picture from %1</source>
        <translation>来自 %1 的图片</translation>
    </message>
    <message>
        <source>The provider did not accept the API key.</source>
        <translation>服务商不接受这个 API 密钥。</translation>
    </message>
    <message>
        <source>Check the key in Providers, then Continue.</source>
        <translation>请在“服务商”中检查密钥，然后点“继续”。</translation>
    </message>
    <message>
        <source>The provider refused access to this model.</source>
        <translation>服务商拒绝访问此模型。</translation>
    </message>
    <message>
        <source>Check the key and the model in Providers, then Continue.</source>
        <translation>请在“服务商”中检查密钥和模型，然后点“继续”。</translation>
    </message>
    <message>
        <source>The provider does not know this address or model.</source>
        <translation>服务商不认识这个地址或模型。</translation>
    </message>
    <message>
        <source>Check the address and the model in Providers, then Continue.</source>
        <translation>请在“服务商”中检查地址和模型，然后点“继续”。</translation>
    </message>
    <message>
        <source>Nothing answers at the provider&apos;s address.</source>
        <translation>服务商的地址没有任何响应。</translation>
    </message>
    <message>
        <source>Start the server, or fix its address in Providers, then Continue.</source>
        <translation>请启动服务器，或在“服务商”中修正地址，然后点“继续”。</translation>
    </message>
    <message>
        <source>The API key is missing.</source>
        <translation>缺少 API 密钥。</translation>
    </message>
    <message>
        <source>Continue asks for it.</source>
        <translation>点“继续”会询问密钥。</translation>
    </message>
    <message>
        <source>The reply did not finish.</source>
        <translation>回复没有完成。</translation>
    </message>
    <message>
        <source>What was received is kept. Continue picks it up where it stopped.</source>
        <translation>已收到的内容都已保存。点“继续”会从中断处接着生成。</translation>
    </message>
    <message>
        <source>Providers…</source>
        <translation>服务商…</translation>
    </message>
</context>
</TS>
