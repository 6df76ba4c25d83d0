<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GuideController</name>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Walkthrough</source>
        <translation>新手引导(&amp;W)</translation>
    </message>
    <message>
        <source>A short tour on the sandbox: token, request, callback</source>
        <translation>在沙箱上快速走一遍：令牌、请求、回调</translation>
    </message>
    <message>
        <source>&amp;Protocol notes</source>
        <translation>协议说明(&amp;P)</translation>
    </message>
    <message>
        <source>Fields, rules and code tables ({key})</source>
        <translation>字段、规则与返回码表（{key}）</translation>
    </message>
</context>
<context>
    <name>NotesWindow</name>
    <message>
        <source>Protocol notes</source>
        <translation>协议说明</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>搜索(&amp;S)：</translation>
    </message>
    <message>
        <source>a field, a code, a word…</source>
        <translation>字段、返回码或任意词…</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>返回码</translation>
    </message>
    <message>
        <source>Guide&apos;s message</source>
        <translation>指南原文</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Usual cause and fix</source>
        <translation>常见原因与处理</translation>
    </message>
    <message>
        <source>File types (fileType)</source>
        <translation>文件类型（fileType）</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>The notes could not be read: {reason}</source>
        <translation>无法读取协议说明：{reason}</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>{current} of {total}</source>
        <translation>第 {current} / {total} 处</translation>
    </message>
</context>
<context>
    <name>WalkthroughPanel</name>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
    <message>
        <source>This tour uses the &lt;b&gt;local sandbox&lt;/b&gt;, a stand-in for the bank that runs on this computer: nothing reaches WeBank. Choose the sandbox in the environment box of the status bar if another environment is active.</source>
        <translation>本引导使用&lt;b&gt;本地沙箱&lt;/b&gt;：它在本机上模拟微众开放平台，任何请求都不会发往微众。如果当前是其他环境，请在状态栏的环境下拉框中选择沙箱。</translation>
    </message>
    <message>
        <source>Fetch a token</source>
        <translation>获取令牌</translation>
    </message>
    <message>
        <source>Fetch the access token, then the sign ticket. Each shows how long it stays valid. Against a real environment, fetching here kicks out a partner server that uses the same app_id: paste a token from that server instead.</source>
        <translation>先获取 access_token，再获取 sign ticket，两者都会显示剩余有效期。在真实环境中，在这里获取会把使用同一 app_id 的合作方服务器“踢掉”：请改为粘贴该服务器上的令牌。</translation>
    </message>
    <message>
        <source>Compose a request</source>
        <translation>编写请求</translation>
    </message>
    <message>
        <source>Pick the guide&apos;s sample request. The sign string and the sign follow every keystroke: the body is signed exactly as it will be sent.</source>
        <translation>选择指南中的示例请求。签名串和 sign 随每次输入实时更新：Body 按实际发送的原文签名。</translation>
    </message>
    <message>
        <source>Send it</source>
        <translation>发送请求</translation>
    </message>
    <message>
        <source>Send the request. The answer shows both layers: the platform&apos;s code and msg, and the business answer decoded from jsonData. BizSeqNo and ConsumerSeqNo have copy buttons for WeBank&apos;s support.</source>
        <translation>发送请求。响应分两层显示：平台层的 code 和 msg，以及从 jsonData 解析出的业务响应。BizSeqNo 和 ConsumerSeqNo 旁有复制按钮，便于联系微众排查。</translation>
    </message>
    <message>
        <source>Upload a file</source>
        <translation>上传文件</translation>
    </message>
    <message>
        <source>Drop a file on the upload area or pick one. The sign inputs are shown before it goes; the HASH_VALUE the platform returns is checked against the MD5 computed while the file streams. Download it back by its FILE_ID and hash.</source>
        <translation>把文件拖到上传区域，或点选一个文件。发送前会显示参与签名的值；平台返回的 HASH_VALUE 会与传输过程中计算的 MD5 比对。再按 FILE_ID 和哈希值把它下载回来。</translation>
    </message>
    <message>
        <source>Verify a callback</source>
        <translation>校验回调</translation>
    </message>
    <message>
        <source>Have the sandbox send a signed test callback, or paste one. The verifier checks the Signature with the salt and the age of the Timestamp, and decodes Plain.</source>
        <translation>让沙箱发送一条已签名的测试回调，或粘贴一条回调报文。校验器会用盐值校验 Signature、检查 Timestamp 的时差，并解码 Plain。</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>End the tour (Esc). Help ▸ Walkthrough shows it again.</source>
        <translation>结束引导（Esc）。可通过“帮助 ▸ 新手引导”再次打开。</translation>
    </message>
    <message>
        <source>Step {n} of {total}</source>
        <translation>第 {n} 步，共 {total} 步</translation>
    </message>
    <message>
        <source>&amp;Finish</source>
        <translation>完成(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一步(&amp;N)</translation>
    </message>
</context>
</TS>
