<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallbacksTab</name>
    <message>
        <source>Verifier</source>
        <translation>验签</translation>
    </message>
    <message>
        <source>Responder</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Listener</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Test my endpoint</source>
        <translation>测试我的接口</translation>
    </message>
    <message>
        <source>Send signed test callbacks to your own endpoint and grade its answers</source>
        <translation>向您自己的接口发送签名的测试回调，并评判它的应答</translation>
    </message>
    <message>
        <source>Start or stop the callback listener</source>
        <translation>启动或停止回调监听</translation>
    </message>
    <message>
        <source>Start or stop the callback listener (Ctrl+Shift+L)</source>
        <translation>启动或停止回调监听（Ctrl+Shift+L）</translation>
    </message>
    <message>
        <source>Verify a callback</source>
        <translation>验证回调</translation>
    </message>
    <message>
        <source>Open the callback verifier (Ctrl+Shift+V)</source>
        <translation>打开回调验签（Ctrl+Shift+V）</translation>
    </message>
</context>
<context>
    <name>EmptyHint</name>
    <message>
        <source>1. Paste the whole JSON body on the left (Ctrl+V), or open the &lt;i&gt;Fields&lt;/i&gt; tab to check Plain, Signature and Timestamp one by one.&lt;br&gt;2. Plain is decoded at once; with a salt, the SHA256 Signature and the Timestamp window are checked too.&lt;br&gt;3. The verdict appears here, with the code a partner should answer.</source>
        <translation>1. 在左侧粘贴完整的 JSON 报文（Ctrl+V），或打开&lt;i&gt;分字段&lt;/i&gt;页逐项核对 Plain、Signature 和 Timestamp。&lt;br&gt;2. Plain 会立即解码；设置盐值后，还会校验 SHA256 Signature 和时间戳窗口。&lt;br&gt;3. 验签结论显示在这里，并给出合作方应答的返回码。</translation>
    </message>
    <message>
        <source>A callback body looks like this:</source>
        <translation>回调报文形如：</translation>
    </message>
    <message>
        <source>Try it: paste a sample</source>
        <translation>试一试：粘贴示例报文</translation>
    </message>
    <message>
        <source>Fill the body with a sample callback signed just now with the salt chosen above</source>
        <translation>用上方所选盐值即时签名一条示例回调，并填入报文框</translation>
    </message>
</context>
<context>
    <name>EndpointTestView</name>
    <message>
        <source>Your callback URL:</source>
        <translation>您的回调地址：</translation>
    </message>
    <message>
        <source>transName:</source>
        <translation>transName：</translation>
    </message>
    <message>
        <source>CA of your endpoint:</source>
        <translation>接口的 CA：</translation>
    </message>
    <message>
        <source>https://your-server.example.com/webank/callback</source>
        <translation>https://your-server.example.com/webank/callback</translation>
    </message>
    <message>
        <source>ConformanceCheck (one your endpoint knows)</source>
        <translation>ConformanceCheck（请填您的接口认识的值）</translation>
    </message>
    <message>
        <source>optional: a PEM file, when not a public CA</source>
        <translation>可选：不是公共 CA 时填写 PEM 文件</translation>
    </message>
    <message>
        <source>Allow plain http (a dedicated line or a local test)</source>
        <translation>允许明文 HTTP（专线或本地测试）</translation>
    </message>
    <message>
        <source>Test my endpoint</source>
        <translation>测试我的接口</translation>
    </message>
    <message>
        <source>Send {n} callbacks (every encoding trap, wrong signatures, old and future timestamps, unreadable Plain, missing fields) and grade each answer.</source>
        <translation>发送 {n} 个回调（各种编码陷阱、错误签名、过旧和未来的时间戳、无法解析的 Plain、缺少字段），并评判每个应答。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Open the report</source>
        <translation>打开报告</translation>
    </message>
    <message>
        <source>Save the report as…</source>
        <translation>报告另存为…</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>用例</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>应答应为</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>实际应答</translation>
    </message>
    <message>
        <source>Answer signed</source>
        <translation>应答签名</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Type your callback URL.</source>
        <translation>请输入您的回调地址。</translation>
    </message>
    <message>
        <source>Choose the salt above (the environment's, or type one): the callbacks are signed with it.</source>
        <translation>请在上方选择盐值（环境的盐值，或手动输入）：回调用它签名。</translation>
    </message>
    <message>
        <source>Sending signed callbacks to your endpoint…</source>
        <translation>正在向您的接口发送签名回调…</translation>
    </message>
    <message>
        <source>correct</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong or missing</source>
        <translation>错误或缺失</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>{ms} ms</source>
        <translation>{ms} 毫秒</translation>
    </message>
    <message>
        <source> The report is saved in {path}.</source>
        <translation>报告已保存在 {path}。</translation>
    </message>
    <message>
        <source> Stopped before the end.</source>
        <translation>在结束前已停止。</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>HTML report (*.html)</source>
        <translation>HTML 报告 (*.html)</translation>
    </message>
</context>
<context>
    <name>LogDetail</name>
    <message>
        <source>Show in the verifier</source>
        <translation>在验签页查看</translation>
    </message>
    <message>
        <source>Check a sign…</source>
        <translation>核对签名…</translation>
    </message>
    <message>
        <source>Line {n}: {kind}, {verdict}</source>
        <translation>第 {n} 行：{kind}，{verdict}</translation>
    </message>
    <message>
        <source> (escaped inside a JSON string)</source>
        <translation>（转义在 JSON 字符串中）</translation>
    </message>
    <message>
        <source>The timestamp was judged against the time on the log line; the verifier judges it against now.</source>
        <translation>此处按日志行上的时间判断时间戳；验签页按当前时间判断。</translation>
    </message>
    <message>
        <source>No body was found next to this URL: paste it in Check a sign.</source>
        <translation>此 URL 旁边没有找到报文：请在“核对签名”中粘贴。</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>malformed</source>
        <translation>格式错误</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未验签</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>platform error</source>
        <translation>平台错误</translation>
    </message>
    <message>
        <source>callback</source>
        <translation>回调</translation>
    </message>
    <message>
        <source>partner answer</source>
        <translation>合作方应答</translation>
    </message>
    <message>
        <source>signed request</source>
        <translation>签名请求</translation>
    </message>
    <message>
        <source>platform answer</source>
        <translation>平台应答</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source> (escaped)</source>
        <translation>（转义）</translation>
    </message>
    <message>
        <source>Check a sign…</source>
        <translation>核对签名…</translation>
    </message>
    <message>
        <source>line {n}: {code}</source>
        <translation>第 {n} 行：{code}</translation>
    </message>
    <message>
        <source>answers line {n}</source>
        <translation>应答第 {n} 行</translation>
    </message>
    <message>
        <source>Open this URL and its body in Check a sign</source>
        <translation>在“核对签名”中打开此 URL 及其报文</translation>
    </message>
</context>
<context>
    <name>LogSummary</name>
    <message>
        <source>{n} callbacks</source>
        <translation>{n} 条回调</translation>
    </message>
    <message>
        <source>{n} partner answers</source>
        <translation>{n} 条合作方应答</translation>
    </message>
    <message>
        <source>{n} signed requests</source>
        <translation>{n} 个签名请求</translation>
    </message>
    <message>
        <source>{n} platform answers</source>
        <translation>{n} 条平台应答</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Lines read: {lines}. Found: {parts}.</source>
        <translation>已读 {lines} 行。找到：{parts}。</translation>
    </message>
    <message>
        <source>Callbacks: {verdicts}; {n} without an answer.</source>
        <translation>回调：{verdicts}；{n} 条没有应答。</translation>
    </message>
    <message>
        <source>SeqNo seen more than once (a retry, or a late answer): {s}</source>
        <translation>重复出现的 SeqNo（银行重试，或应答过迟）：{s}</translation>
    </message>
    <message>
        <source>{n} callbacks fail only on a timestamp whole or half hours off their log line: the log may be written in another zone (choose it in Log times in).</source>
        <translation>{n} 条回调只因时间戳与日志行相差整数小时（或半小时）而未通过：日志可能写在另一个时区（请在“日志时间的时区”中选择）。</translation>
    </message>
</context>
<context>
    <name>LogView</name>
    <message>
        <source>Open log file…</source>
        <translation>打开日志文件…</translation>
    </message>
    <message>
        <source>Paste log text</source>
        <translation>粘贴日志文本</translation>
    </message>
    <message>
        <source>Read the log text that is on the clipboard (Ctrl+V)</source>
        <translation>读取剪贴板中的日志文本（Ctrl+V）</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Verdict:</source>
        <translation>结论：</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>transName:</source>
        <translation>transName：</translation>
    </message>
    <message>
        <source>Search (SeqNo, order number, URL…)</source>
        <translation>搜索（SeqNo、订单号、URL…）</translation>
    </message>
    <message>
        <source>Open a log file, paste log text, or drop a file here. Every callback, partner answer, signed request URL and platform answer in it is listed with its line, on one line, pretty-printed or escaped inside another JSON string.</source>
        <translation>打开日志文件、粘贴日志文本，或把文件拖到这里。其中的每条回调、合作方应答、带签名的请求 URL 和平台应答都会连同行号列出，无论是单行、多行缩进，还是转义在另一个 JSON 字符串中。</translation>
    </message>
    <message>
        <source>All verdicts</source>
        <translation>全部结论</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>The clipboard holds no text.</source>
        <translation>剪贴板中没有文本。</translation>
    </message>
    <message>
        <source>Reading the log…</source>
        <translation>正在读取日志…</translation>
    </message>
    <message>
        <source>Reading the log… {p}%</source>
        <translation>正在读取日志… {p}%</translation>
    </message>
    <message>
        <source>Nothing found in {n} lines: no callback, partner answer, signed request URL or platform answer.</source>
        <translation>在 {n} 行中什么也没找到：没有回调、合作方应答、带签名的请求 URL 或平台应答。</translation>
    </message>
    <message>
        <source>Cancelled. The table still shows the log read before.</source>
        <translation>已取消。表格仍显示之前读取的日志。</translation>
    </message>
    <message>
        <source>Export the scan as CSV</source>
        <translation>将扫描结果导出为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Writing the CSV file…</source>
        <translation>正在写入 CSV 文件…</translation>
    </message>
    <message>
        <source>Saved {path}.</source>
        <translation>已保存 {path}。</translation>
    </message>
    <message>
        <source>Open a log file</source>
        <translation>打开日志文件</translation>
    </message>
    <message>
        <source>Logs (*.log *.txt *.json);;All files (*)</source>
        <translation>日志 (*.log *.txt *.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>LogZoneBox</name>
    <message>
        <source>Log times in:</source>
        <translation>日志时间的时区：</translation>
    </message>
    <message>
        <source>This computer's zone ({zone})</source>
        <translation>本机时区（{zone}）</translation>
    </message>
    <message>
        <source>The zone of the log's times written without one: each callback's Timestamp is judged against the time on its log line. Times that carry a zone keep it.</source>
        <translation>日志中未写时区的时间按此时区读取：每条回调的 Timestamp 都以其日志行上的时间为准来判断。自带时区的时间仍按其自带的时区读取。</translation>
    </message>
</context>
<context>
    <name>ReceiverView</name>
    <message>
        <source>Local callback listener</source>
        <translation>本地回调监听</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Path:</source>
        <translation>路径：</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>协议：</translation>
    </message>
    <message>
        <source>Certificate (PEM):</source>
        <translation>证书（PEM）：</translation>
    </message>
    <message>
        <source>Private key (PEM):</source>
        <translation>私钥（PEM）：</translation>
    </message>
    <message>
        <source>Key password:</source>
        <translation>私钥密码：</translation>
    </message>
    <message>
        <source>Body limit:</source>
        <translation>报文上限：</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source> KB</source>
        <translation> KB</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>only if the key is encrypted (not saved)</source>
        <translation>仅私钥加密时需要（不保存）</translation>
    </message>
    <message>
        <source>Stop listener</source>
        <translation>停止监听</translation>
    </message>
    <message>
        <source>Start listener</source>
        <translation>启动监听</translation>
    </message>
    <message>
        <source>Received callbacks</source>
        <translation>收到的回调</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>应答</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>本地时间</translation>
    </message>
    <message>
        <source>Open in verifier</source>
        <translation>在验签页打开</translation>
    </message>
    <message>
        <source>Show the selected callback in the verifier (Enter or a double-click does the same)</source>
        <translation>在验签页中打开所选回调（按 Enter 或双击效果相同）</translation>
    </message>
    <message>
        <source>Valid callback: the signature matches and the timestamp is inside the window.</source>
        <translation>回调有效：签名一致，时间戳在窗口内。</translation>
    </message>
    <message>
        <source>Not checked: no salt was set when it arrived.</source>
        <translation>未验签：收到时尚未设置盐值。</translation>
    </message>
    <message>
        <source>signed</source>
        <translation>已签名</translation>
    </message>
    <message>
        <source>unsigned</source>
        <translation>未签名</translation>
    </message>
    <message>
        <source>with a bad signature</source>
        <translation>签名错误</translation>
    </message>
    <message>
        <source>garbled</source>
        <translation>乱码</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>空报文</translation>
    </message>
    <message>
        <source>Answered HTTP {status} with {code} {meaning} ({mode}).</source>
        <translation>已应答 HTTP {status}，返回码 {code} {meaning}（{mode}）。</translation>
    </message>
    <message>
        <source>Enter or double-click: open it in the verifier.</source>
        <translation>按 Enter 或双击：在验签页中打开。</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Not listening.</source>
        <translation>未在监听。</translation>
    </message>
    <message>
        <source>HTTPS needs a certificate and a private key.</source>
        <translation>HTTPS 需要证书和私钥。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Listening on {url}</source>
        <translation>正在监听 {url}</translation>
    </message>
    <message>
        <source>Could not start: {why}</source>
        <translation>无法启动：{why}</translation>
    </message>
    <message>
        <source>Stopped; the port is free.</source>
        <translation>已停止，端口已释放。</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>not checked (no salt)</source>
        <translation>未校验（无盐值）</translation>
    </message>
    <message>
        <source>Choose a PEM file</source>
        <translation>选择 PEM 文件</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key *.cer);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key *.cer);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>ResponderView</name>
    <message>
        <source>Build:</source>
        <translation>生成：</translation>
    </message>
    <message>
        <source>The partner's answer (response)</source>
        <translation>合作方应答（响应）</translation>
    </message>
    <message>
        <source>A callback request, as the bank sends it</source>
        <translation>回调请求（与微众发送的一致）</translation>
    </message>
    <message>
        <source>Partner code:</source>
        <translation>应答码：</translation>
    </message>
    <message>
        <source>Business JSON:</source>
        <translation>业务 JSON：</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>A new SeqNo from the current time</source>
        <translation>按当前时间生成新的 SeqNo</translation>
    </message>
    <message>
        <source>Build signed envelope</source>
        <translation>生成签名报文</translation>
    </message>
    <message>
        <source>Encode, sign with the salt and a fresh Timestamp (Ctrl+Return)</source>
        <translation>编码，并用盐值和新的 Timestamp 签名（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Signed envelope (the HTTP body):</source>
        <translation>签名报文（HTTP 报文体）：</translation>
    </message>
    <message>
        <source>No salt: choose the environment's salt or type one above.</source>
        <translation>没有盐值：请在上方选择环境的盐值或手动输入。</translation>
    </message>
    <message>
        <source>Checked by the verifier: valid with this salt.</source>
        <translation>已用验签器检查：使用该盐值验签通过。</translation>
    </message>
    <message>
        <source>Signed, but the business JSON is not valid JSON: the other side will answer 0103.</source>
        <translation>已签名，但业务 JSON 不是合法 JSON：对方会应答 0103。</translation>
    </message>
</context>
<context>
    <name>RulesEditor</name>
    <message>
        <source>Answer rules per transName (* = all others)</source>
        <translation>按 transName 的应答规则（* 表示其余全部）</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>应答码</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Answer form</source>
        <translation>应答形式</translation>
    </message>
    <message>
        <source>signed envelope</source>
        <translation>签名报文</translation>
    </message>
    <message>
        <source>unsigned (bare JSON)</source>
        <translation>不签名（裸 JSON）</translation>
    </message>
    <message>
        <source>wrong signature</source>
        <translation>错误签名</translation>
    </message>
    <message>
        <source>garbage (not JSON)</source>
        <translation>乱码（非 JSON）</translation>
    </message>
    <message>
        <source>empty body</source>
        <translation>空报文</translation>
    </message>
    <message>
        <source>as the verdict says</source>
        <translation>按验签结论</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
</context>
<context>
    <name>SaltBox</name>
    <message>
        <source>Guide 5.5: timestamps older or newer than this are answered with 0012</source>
        <translation>指南 5.5：早于或晚于该范围的时间戳应答 0012</translation>
    </message>
    <message>
        <source>Salt:</source>
        <translation>盐值：</translation>
    </message>
    <message>
        <source>Active environment's salt</source>
        <translation>当前环境的盐值</translation>
    </message>
    <message>
        <source>Typed salt</source>
        <translation>手动输入盐值</translation>
    </message>
    <message>
        <source>No salt (decode only)</source>
        <translation>无盐值（只解码）</translation>
    </message>
    <message>
        <source>callback salt (kept in memory only)</source>
        <translation>回调盐值（仅保存在内存中）</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show or hide the typed salt</source>
        <translation>显示或隐藏输入的盐值</translation>
    </message>
    <message>
        <source>Timestamp window ±</source>
        <translation>时间戳窗口 ±</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>from {env} (set)</source>
        <translation>来自 {env}（已设置）</translation>
    </message>
    <message>
        <source>{env} has no salt yet: set it in the environment, or type one</source>
        <translation>{env} 尚未设置盐值：请在环境中设置，或手动输入</translation>
    </message>
</context>
<context>
    <name>SenderView</name>
    <message>
        <source>Replay the selected callback to a URL</source>
        <translation>将选中的回调重放到指定地址</translation>
    </message>
    <message>
        <source>https://your-server/callback</source>
        <translation>https://your-server/callback</translation>
    </message>
    <message>
        <source>Replay to URL</source>
        <translation>重放到地址</translation>
    </message>
    <message>
        <source>Your endpoint's answer to the test callback.</source>
        <translation>你的接口对测试回调的应答。</translation>
    </message>
    <message>
        <source>Send the selected received callback again, byte for byte, and check the answer with the salt</source>
        <translation>按原字节重新发送选中的回调，并用盐值校验应答</translation>
    </message>
    <message>
        <source>Send a test callback from the sandbox</source>
        <translation>由沙箱发送测试回调</translation>
    </message>
    <message>
        <source>Business JSON:</source>
        <translation>业务 JSON：</translation>
    </message>
    <message>
        <source>To URL:</source>
        <translation>目标地址：</translation>
    </message>
    <message>
        <source>empty: the local listener</source>
        <translation>留空：本地监听</translation>
    </message>
    <message>
        <source>Send a test callback</source>
        <translation>发送测试回调</translation>
    </message>
    <message>
        <source>The sandbox signs the business JSON with its salt and POSTs it; its report checks the answer</source>
        <translation>沙箱用它的盐值签名业务 JSON 并 POST 出去，报告中校验应答</translation>
    </message>
    <message>
        <source>Select a received callback in the list first.</source>
        <translation>请先在列表中选择一条收到的回调。</translation>
    </message>
    <message>
        <source>Enter the URL to replay to.</source>
        <translation>请输入重放的目标地址。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>signature valid ✓</source>
        <translation>签名有效 ✓</translation>
    </message>
    <message>
        <source>answer not valid ✗: {why}</source>
        <translation>应答无效 ✗：{why}</translation>
    </message>
    <message>
        <source>HTTP {status} in {ms} ms; answer code {code}; {sig}</source>
        <translation>HTTP {status}，耗时 {ms} 毫秒；应答码 {code}；{sig}</translation>
    </message>
    <message>
        <source>Start the listener, or enter the URL to send to.</source>
        <translation>请启动监听，或输入目标地址。</translation>
    </message>
    <message>
        <source>The sandbox is sending…</source>
        <translation>沙箱正在发送…</translation>
    </message>
    <message>
        <source>Delivered: HTTP {status} in {ms} ms, answer {code}, its signature verified ✓</source>
        <translation>已送达：HTTP {status}，耗时 {ms} 毫秒，应答 {code}，应答签名校验通过 ✓</translation>
    </message>
    <message>
        <source>the answer's signature does not verify</source>
        <translation>应答签名校验失败</translation>
    </message>
    <message>
        <source>The sandbox's report: {why}</source>
        <translation>沙箱报告：{why}</translation>
    </message>
    <message>
        <source>(The sandbox signs with its own salt: switch to the sandbox environment so that the listener uses it.)</source>
        <translation>（沙箱使用自己的盐值签名：请切换到沙箱环境，让监听使用同一盐值。）</translation>
    </message>
    <message>
        <source>(The listener checks and signs with the salt chosen above, which is not the sandbox's: choose the environment's salt.)</source>
        <translation>（监听使用上方选择的盐值验签和签名，它不是沙箱的盐值：请选择环境的盐值。）</translation>
    </message>
</context>
<context>
    <name>VerdictWords</name>
    <message>
        <source>Valid: the signature matches and the timestamp is inside the window ({age}).</source>
        <translation>有效：签名一致，时间戳在窗口内（{age}）。</translation>
    </message>
    <message>
        <source>Malformed: {what}</source>
        <translation>报文错误：{what}</translation>
    </message>
    <message>
        <source>Timestamp outside the ±{n} min window: {age}.</source>
        <translation>时间戳超出 ±{n} 分钟窗口：{age}。</translation>
    </message>
    <message>
        <source>Timestamp is not a number of milliseconds.</source>
        <translation>Timestamp 不是毫秒数。</translation>
    </message>
    <message>
        <source>The signature was not checked, so no answer code is suggested.</source>
        <translation>签名未经校验，因此不建议应答码。</translation>
    </message>
    <message>
        <source>A partner answers {code}: {meaning}</source>
        <translation>合作方应答 {code}：{meaning}</translation>
    </message>
    <message>
        <source>Type the callback salt above to check the signature. Plain is decoded below.</source>
        <translation>请在上方输入回调盐值以校验签名。Plain 解码结果见下方。</translation>
    </message>
    <message>
        <source>This environment has no callback salt yet: set it, or type one above, to check the signature. Plain is decoded below.</source>
        <translation>当前环境还没有回调盐值：请设置，或在上方输入一个，以校验签名。Plain 解码结果见下方。</translation>
    </message>
    <message>
        <source>Not checked: no salt was chosen. Plain is decoded below.</source>
        <translation>未校验：没有选择盐值。Plain 解码结果见下方。</translation>
    </message>
    <message>
        <source>The signature does not match: it was signed with a different salt (see below).</source>
        <translation>签名不一致：对方使用了不同的盐值签名（见下方）。</translation>
    </message>
    <message>
        <source>The signature does not match. A known slip reproduces it (below).</source>
        <translation>签名不一致。一个已知错误可以复现它（见下方）。</translation>
    </message>
    <message>
        <source>The signature does not match. Possible causes are listed below.</source>
        <translation>签名不一致。可能的原因列在下方。</translation>
    </message>
</context>
<context>
    <name>VerifierView</name>
    <message>
        <source>Whole body (JSON envelope)</source>
        <translation>完整报文（JSON）</translation>
    </message>
    <message>
        <source>Fields</source>
        <translation>分字段</translation>
    </message>
    <message>
        <source>Paste the callback body here: {"Plain": "...", "Signature": "...", "Timestamp": "...", "transName": "...", "SeqNo": "..."}</source>
        <translation>在此粘贴回调报文：{"Plain": "...", "Signature": "...", "Timestamp": "...", "transName": "...", "SeqNo": "..."}</translation>
    </message>
    <message>
        <source>Plain exactly as in the body (URL-encoded)</source>
        <translation>与报文中完全一致的 Plain（URL 编码）</translation>
    </message>
    <message>
        <source>epoch milliseconds</source>
        <translation>毫秒时间戳</translation>
    </message>
    <message>
        <source>Plain, decoded</source>
        <translation>Plain 解码结果</translation>
    </message>
    <message>
        <source>Signature (SHA256, lower-case hex)</source>
        <translation>Signature（SHA256，小写十六进制）</translation>
    </message>
    <message>
        <source>Plain + salt + Timestamp:</source>
        <translation>Plain + 盐值 + Timestamp：</translation>
    </message>
    <message>
        <source>Computed:</source>
        <translation>计算值：</translation>
    </message>
    <message>
        <source>Given:</source>
        <translation>报文值：</translation>
    </message>
    <message>
        <source>Answer it in the responder</source>
        <translation>在应答页应答</translation>
    </message>
    <message>
        <source>Open the responder with this transName, SeqNo and the code a partner would answer</source>
        <translation>用该 transName、SeqNo 和合作方应回的应答码打开应答页</translation>
    </message>
    <message>
        <source>Checking the {n} pasted characters: they appear here once checked…</source>
        <translation>正在校验粘贴的 {n} 个字符，校验完成后显示在此处…</translation>
    </message>
    <message>
        <source>Checking {n} characters…</source>
        <translation>正在校验 {n} 个字符…</translation>
    </message>
    <message>
        <source>This input could not be checked: {why}</source>
        <translation>无法校验此输入：{why}</translation>
    </message>
    <message>
        <source>Paste a callback body, or fill in the fields: the verdict appears here.</source>
        <translation>粘贴回调报文或填写各字段，验签结论会显示在这里。</translation>
    </message>
    <message>
        <source>Timestamp {ts} is {when}: {age}.</source>
        <translation>Timestamp {ts} 即 {when}：{age}。</translation>
    </message>
    <message>
        <source>No salt is chosen above: the sample is only decoded.</source>
        <translation>上方未选择盐值：示例报文只做解码。</translation>
    </message>
    <message>
        <source>The salt above is empty: the sample will not match until one is set.</source>
        <translation>上方盐值为空：设置盐值前示例报文无法验签通过。</translation>
    </message>
    <message>
        <source>Signed with the salt chosen above, so it checks as valid.</source>
        <translation>使用上方所选盐值签名，验签结果应为有效。</translation>
    </message>
    <message>
        <source>(no salt: not computed)</source>
        <translation>（无盐值：未计算）</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
</context>
</TS>