<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallSender</name>
    <message>
        <source>Not sent: the service path must be system/service_code without spaces.</source>
        <translation>未发送：服务路径须为 system/service_code，且不能有空格。</translation>
    </message>
    <message>
        <source>Not sent: the body file is still being put into the editor.</source>
        <translation>未发送：请求体文件仍在载入编辑器。</translation>
    </message>
    <message>
        <source>Not sent: no token or ticket was fetched or pasted.</source>
        <translation>未发送：没有获取或粘贴 token 或票据。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Cancelled. If the request had already left, the platform may still carry it out; an answer that comes later goes to the history only.</source>
        <translation>已取消。如果请求已经发出，平台仍可能执行它；之后到达的应答只记入历史。</translation>
    </message>
    <message>
        <source>Fetching a sign ticket…</source>
        <translation>正在获取签名票据…</translation>
    </message>
    <message>
        <source>Sign ticket fetched.</source>
        <translation>已获取签名票据。</translation>
    </message>
</context>
<context>
    <name>CheckSignDialog</name>
    <message>
        <source>Check a sign from elsewhere</source>
        <translation>核对外部签名</translation>
    </message>
    <message>
        <source>Full request URL (with app_id, nonce, version, sign, type)</source>
        <translation>完整请求 URL（含 app_id、nonce、version、sign、type）</translation>
    </message>
    <message>
        <source>Sign ticket used (starts with this environment&apos;s)</source>
        <translation>签名所用的 ticket（默认为当前环境的）</translation>
    </message>
    <message>
        <source>Paste the sign ticket the other side used</source>
        <translation>粘贴对方签名时使用的 sign ticket</translation>
    </message>
    <message>
        <source>Body exactly as it was sent</source>
        <translation>与实际发送完全一致的请求体</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核对</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核对…</translation>
    </message>
    <message>
        <source>The sign does not match, and no known mistake reproduces it (another ticket or another body?).</source>
        <translation>签名不一致，且没有已知错误能复现它（票据或请求体不同？）。</translation>
    </message>
    <message>
        <source>This cannot be checked:</source>
        <translation>无法核对：</translation>
    </message>
    <message>
        <source>The sign matches: it was computed by the rules with this ticket.</source>
        <translation>签名一致：它是按规则用这个 ticket 计算的。</translation>
    </message>
    <message>
        <source>The sign does not match. A known mistake reproduces it exactly:</source>
        <translation>签名不一致。以下已知错误可以精确复现它：</translation>
    </message>
    <message>
        <source>Expected sign: {sign}</source>
        <translation>应得 sign：{sign}</translation>
    </message>
    <message>
        <source>Given sign: {sign}</source>
        <translation>给出的 sign：{sign}</translation>
    </message>
    <message>
        <source>Expected sign string (ticket masked): {s}</source>
        <translation>应得签名串（票据已遮盖）：{s}</translation>
    </message>
</context>
<context>
    <name>ComposerDialogs</name>
    <message>
        <source>Cannot export: the service path must be system/service_code.</source>
        <translation>无法导出：服务路径须为 system/service_code。</translation>
    </message>
    <message>
        <source>Open body file</source>
        <translation>打开请求体文件</translation>
    </message>
    <message>
        <source>JSON or text (*.json *.txt);;All files (*)</source>
        <translation>JSON 或文本 (*.json *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Putting {name} into the editor…</source>
        <translation>正在将 {name} 载入编辑器…</translation>
    </message>
    <message>
        <source>{name} has CR line ends; the editor keeps LF only, so LF is what is signed and sent.</source>
        <translation>{name} 含 CR 换行符；编辑器只保留 LF，因此签名和发送的都是 LF。</translation>
    </message>
    <message>
        <source>Loaded {name}.</source>
        <translation>已载入 {name}。</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
</context>
<context>
    <name>ComposerTab</name>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export current draft…</source>
        <translation>导出当前草稿…</translation>
    </message>
    <message>
        <source>Export last sent request…</source>
        <translation>导出上次发送的请求…</translation>
    </message>
    <message>
        <source>Check a sign…</source>
        <translation>核对签名…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Put back the draft that was replaced</source>
        <translation>恢复被替换的草稿</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>The service path must be system/service_code: two parts of letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos;, no spaces (e.g. yh/10002).</source>
        <translation>服务路径须为 system/service_code：两段，由字母、数字、&apos;-&apos;、&apos;_&apos; 或 &apos;.&apos; 组成，不能有空格（如 yh/10002）。</translation>
    </message>
    <message>
        <source>Template loaded in place of your draft: Undo puts it back.</source>
        <translation>已用模板替换了你的草稿：点“撤销”可以恢复。</translation>
    </message>
    <message>
        <source>app_id and version belong to the environment: change them in the Environments tab.</source>
        <translation>app_id 和 version 属于环境配置：请在“环境”页修改。</translation>
    </message>
    <message>
        <source>Reopened from history with its nonce, which the platform has seen: press New nonce before sending it again.</source>
        <translation>已从历史重新打开，nonce 沿用原值，平台已见过它：再次发送前请点“新 nonce”。</translation>
    </message>
    <message>
        <source>Undo puts your draft back.</source>
        <translation>点“撤销”可以恢复你的草稿。</translation>
    </message>
    <message>
        <source>Its body was too long to keep in history: the editor keeps the body it had.</source>
        <translation>其请求体过长，未保存在历史记录中：编辑器保留原有的请求体。</translation>
    </message>
    <message>
        <source>Values in its body that look like a token or ticket were masked in history: check the body before sending.</source>
        <translation>其请求体中形似 token 或 ticket 的值在历史记录中已打码：发送前请检查请求体。</translation>
    </message>
    <message>
        <source>Your draft is back.</source>
        <translation>你的草稿已恢复。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>There is no sign ticket yet: the cURL command is signed without one, and the platform refuses it (60841017). Fetch a ticket first; the Python and Java programs read one from WEBANK_SIGN_TICKET when they run.</source>
        <translation>还没有签名票据：cURL 命令的签名中没有 ticket，平台会拒绝（60841017）。请先获取 ticket；Python 和 Java 程序运行时会从 WEBANK_SIGN_TICKET 读取。</translation>
    </message>
    <message>
        <source>Export request</source>
        <translation>导出请求</translation>
    </message>
    <message>
        <source>cURL</source>
        <translation>cURL</translation>
    </message>
    <message>
        <source>From the last request sent (the exact URL and body bytes). The cURL command repeats its nonce, which the platform has already seen; the Python and Java programs sign anew on every run.</source>
        <translation>来自最近发送的请求（URL 与请求体字节完全一致）。cURL 命令会重复其 nonce，而平台已经见过该 nonce；Python 和 Java 程序每次运行都会重新签名。</translation>
    </message>
    <message>
        <source>It was sent to the environment %1, which has since been deleted or renamed: the export uses that environment&apos;s settings as they were when the request was sent.</source>
        <translation>该请求发往环境 %1，而该环境此后已被删除或改名：导出使用的是发送该请求时该环境的设置。</translation>
    </message>
    <message>
        <source>It was sent to %1, not to the active environment: the export uses the settings %1 had when the request was sent.</source>
        <translation>该请求发往 %1，而不是当前环境：导出使用的是发送该请求时 %1 的设置。</translation>
    </message>
    <message>
        <source>From the current draft. The cURL command is signed now with a nonce it alone may use (the composer takes a fresh one); the Python and Java programs sign anew on every run.</source>
        <translation>来自当前草稿。cURL 命令现在用一个只归它使用的 nonce 签名（编辑器随即换用新的 nonce）；Python 和 Java 程序每次运行都会重新签名。</translation>
    </message>
    <message>
        <source>Python program (signs on every run)</source>
        <translation>Python 程序（每次运行时签名）</translation>
    </message>
    <message>
        <source>Java program (the guide&apos;s SignUtils, signs on every run)</source>
        <translation>Java 程序（指南中的 SignUtils，每次运行时签名）</translation>
    </message>
    <message>
        <source>Support bundle (for WeBank support)</source>
        <translation>技术支持材料（提交给微众）</translation>
    </message>
    <message>
        <source>Include secrets (ticket, key passwords) in this export</source>
        <translation>本次导出包含机密（票据、私钥密码）</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>This request is not a business call: only cURL can replay it.</source>
        <translation>该请求不是业务调用：只能用 cURL 重放。</translation>
    </message>
    <message>
        <source>Save export</source>
        <translation>保存导出内容</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Search path, body, codes…</source>
        <translation>搜索路径、请求体、返回码…</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Times are this computer&apos;s local time.</source>
        <translation>时间均为本机的本地时间。</translation>
    </message>
    <message>
        <source>Load the selected request into the editor (or double-click it)</source>
        <translation>将选中的请求载入编辑器（或双击）</translation>
    </message>
    <message>
        <source>(answer after Cancel)</source>
        <translation>（取消后到达的应答）</translation>
    </message>
</context>
<context>
    <name>RequestEditor</name>
    <message>
        <source>Service path</source>
        <translation>服务路径</translation>
    </message>
    <message>
        <source>system/service_code, e.g. yh/10002</source>
        <translation>system/service_code，如 yh/10002</translation>
    </message>
    <message>
        <source>Sent to /api/s/system/service_code</source>
        <translation>发送到 /api/s/system/service_code</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>app_id and version come from the active environment</source>
        <translation>app_id 和 version 取自当前环境</translation>
    </message>
    <message>
        <source>nonce</source>
        <translation>nonce</translation>
    </message>
    <message>
        <source>New nonce</source>
        <translation>新 nonce</translation>
    </message>
    <message>
        <source>type</source>
        <translation>type</translation>
    </message>
    <message>
        <source>Send type</source>
        <translation>发送 type</translation>
    </message>
    <message>
        <source>Unticked: no type in the URL and none in the sign</source>
        <translation>不勾选：URL 中不带 type，也不参与签名</translation>
    </message>
    <message>
        <source>Body (JSON, signed exactly as written)</source>
        <translation>请求体（JSON，按原文签名）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式化</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>Open body file…</source>
        <translation>打开请求体文件…</translation>
    </message>
    <message>
        <source>Indents the JSON: the text changes, so the sign does</source>
        <translation>缩进 JSON：文本改变，签名也随之改变</translation>
    </message>
    <message>
        <source>Removes the spaces between the JSON's tokens (values stay as written): the text changes, so the sign does</source>
        <translation>去掉 JSON 各元素之间的空白（值保持原样）：文本改变，签名也随之改变</translation>
    </message>
    <message>
        <source>Environment {name} · app_id {app_id} · version {version}</source>
        <translation>环境 {name} · app_id {app_id} · 版本 {version}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Not JSON (at line:column {where}): left as it is.</source>
        <translation>不是 JSON（行：列 {where}）：保持原样。</translation>
    </message>
    <message>
        <source>The body is empty: it is signed as an empty string, which adds nothing.</source>
        <translation>请求体为空：按空字符串签名，不贡献任何内容。</translation>
    </message>
    <message>
        <source>The body holds U+FFFD replacement characters: text that was not valid UTF-8 was pasted, and those characters are what will be signed and sent.</source>
        <translation>请求体含 U+FFFD 替换字符：粘贴的文本不是有效的 UTF-8，签名和发送的将是这些替换字符。</translation>
    </message>
    <message>
        <source>Not valid JSON at line {line}, column {col} ({msg}). It is still signed and sent exactly as written.</source>
        <translation>第 {line} 行第 {col} 列不是有效 JSON（{msg}）。仍会按原文签名并发送。</translation>
    </message>
    <message>
        <source>Valid JSON</source>
        <translation>JSON 有效</translation>
    </message>
    <message>
        <source>A line of this body is very long, so lines wrap and no colours are shown; it is still signed and sent exactly as written, on one line.</source>
        <translation>正文中有一行很长，因此自动折行显示，且不着色；签名和发送的仍是原样的一行文本。</translation>
    </message>
    <message>
        <source>A nonce should be 32 letters and digits; the platform will likely refuse this one (60840002).</source>
        <translation>nonce 应为 32 位字母和数字；平台很可能拒绝这个值（60840002）。</translation>
    </message>
</context>
<context>
    <name>ResponsePane</name>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Platform code</source>
        <translation>平台返回码</translation>
    </message>
    <message>
        <source>Business code</source>
        <translation>业务返回码</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Body</source>
        <translation>响应体</translation>
    </message>
    <message>
        <source>jsonData (decoded)</source>
        <translation>jsonData（已解码）</translation>
    </message>
    <message>
        <source>Headers</source>
        <translation>响应头</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>the sign ticket on screen was missing or no longer usable, so a new one was fetched and the request signed with it.</source>
        <translation>屏幕上的签名票据缺失或已不可用，因此已获取新的票据并用它签名。</translation>
    </message>
    <message>
        <source>HTTP {status} with a page that is not a platform answer: something in front of the platform (a gateway or proxy) failed.</source>
        <translation>HTTP {status}，返回的页面不是平台应答：平台前面的某个环节（网关或代理）出错了。</translation>
    </message>
    <message>
        <source>The answer was cut off (incomplete JSON): the platform may still have carried out the request, so check before sending it again.</source>
        <translation>应答被截断（JSON 不完整）：平台可能已经执行了该请求，再次发送前请先核实。</translation>
    </message>
    <message>
        <source>The answer is not a platform answer (no JSON code).</source>
        <translation>响应不是平台格式（没有 JSON code 字段）。</translation>
    </message>
    <message>
        <source>The platform accepted the request.</source>
        <translation>平台已受理请求。</translation>
    </message>
    <message>
        <source>Sending… The answer will show here; the previous one was cleared.</source>
        <translation>正在发送…应答将显示在这里；上一次的应答已清除。</translation>
    </message>
    <message>
        <source>From the history: no answer was stored for this request.</source>
        <translation>来自历史记录：这次请求没有保存应答。</translation>
    </message>
    <message>
        <source>The platform refused the request: {code} {msg}</source>
        <translation>平台拒绝了请求：{code} {msg}</translation>
    </message>
    <message>
        <source>From the history: the answer stored for the request sent at {when} (local time), not a new one.</source>
        <translation>来自历史记录：这是 {when}（本地时间）发送的请求所保存的应答，不是新的应答。</translation>
    </message>
    <message>
        <source>the first attempt got {first} (the ticket was no longer valid), so a new sign ticket was fetched, the request re-signed and sent once more (guide 4.3). What is shown is the answer to the second attempt.</source>
        <translation>第一次请求返回 {first}（票据已失效），因此已获取新的签名票据，重新签名并再发送一次（指南 4.3）。显示的是第二次请求的应答。</translation>
    </message>
    <message>
        <source>Re-signed: {why}</source>
        <translation>已重新签名：{why}</translation>
    </message>
    <message>
        <source>The sign sent ({sent}) is not the one on screen when Send was pressed ({screen}): {why}</source>
        <translation>发送的签名（{sent}）不是按下“发送”时屏幕上的签名（{screen}）：{why}</translation>
    </message>
    <message>
        <source>{status} {reason} · {ms} ms</source>
        <translation>{status} {reason} · {ms} 毫秒</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>SignView</name>
    <message>
        <source>The values below, sorted and joined, are what SHA1 signs.</source>
        <translation>下列值排序并拼接后，即为 SHA1 签名的签名串。</translation>
    </message>
    <message>
        <source>No sign ticket yet — fetch one</source>
        <translation>还没有签名票据——请先获取</translation>
    </message>
    <message>
        <source>Fetch sign ticket</source>
        <translation>获取签名票据</translation>
    </message>
    <message>
        <source>Fetches an access token and a sign ticket for the active environment</source>
        <translation>为当前环境获取 access_token 和签名票据</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Sign string (sorted values, no separator)</source>
        <translation>签名串（排序后直接拼接）</translation>
    </message>
    <message>
        <source>Reveal ticket</source>
        <translation>显示票据</translation>
    </message>
    <message>
        <source>sign (SHA1)</source>
        <translation>sign（SHA1）</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>{preview} ({n} characters)</source>
        <translation>{preview}（{n} 个字符）</translation>
    </message>
    <message>
        <source>(empty: adds nothing)</source>
        <translation>（空：不贡献内容）</translation>
    </message>
</context>
</TS>
