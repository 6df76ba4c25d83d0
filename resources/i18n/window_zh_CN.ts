<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>CodeExplanation</name>
    <message>
        <source>Code {code} is not in the platform's tables.</source>
        <translation>错误码 {code} 不在开放平台的错误码表中。</translation>
    </message>
    <message>
        <source>Usual cause:</source>
        <translation>常见原因：</translation>
    </message>
</context>
<context>
    <name>CopyButton</name>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy to the clipboard</source>
        <translation>复制到剪贴板</translation>
    </message>
</context>
<context>
    <name>CredentialRow</name>
    <message>
        <source>Access token</source>
        <translation>access_token 令牌</translation>
    </message>
    <message>
        <source>Sign ticket</source>
        <translation>sign 票据</translation>
    </message>
    <message>
        <source>Previous sign ticket</source>
        <translation>上一个 sign 票据</translation>
    </message>
    <message>
        <source>User ticket</source>
        <translation>user 票据</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>used</source>
        <translation>已使用</translation>
    </message>
    <message>
        <source>pasted</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>superseded: 5-minute overlap</source>
        <translation>已被替换：5 分钟重叠期</translation>
    </message>
    <message>
        <source>Received {time}</source>
        <translation>获取于 {time}</translation>
    </message>
    <message>
        <source>Server expire_time {time}</source>
        <translation>服务器 expire_time {time}</translation>
    </message>
    <message>
        <source>Server expire_time {raw}</source>
        <translation>服务器 expire_time {raw}</translation>
    </message>
    <message>
        <source>Clock skew: unknown</source>
        <translation>时钟偏差：未知</translation>
    </message>
    <message>
        <source>Clock skew: none (server and local agree)</source>
        <translation>时钟偏差：无（服务器与本地一致）</translation>
    </message>
    <message>
        <source>Clock skew: server {d} ahead</source>
        <translation>时钟偏差：服务器快 {d}</translation>
    </message>
    <message>
        <source>Clock skew: server {d} behind</source>
        <translation>时钟偏差：服务器慢 {d}</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} 天</translation>
    </message>
</context>
<context>
    <name>EnvironmentForm</name>
    <message>
        <source>API host</source>
        <translation>API 主机</translation>
    </message>
    <message>
        <source>File host</source>
        <translation>文件主机</translation>
    </message>
    <message>
        <source>App secret</source>
        <translation>应用密钥</translation>
    </message>
    <message>
        <source>Callback salt</source>
        <translation>回调盐值</translation>
    </message>
    <message>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <source>File API version</source>
        <translation>文件接口版本</translation>
    </message>
    <message>
        <source>Business path (bizPath)</source>
        <translation>业务路径（bizPath）</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>客户端证书</translation>
    </message>
    <message>
        <source>Certificate (PEM)</source>
        <translation>证书（PEM）</translation>
    </message>
    <message>
        <source>Private key (PEM)</source>
        <translation>私钥（PEM）</translation>
    </message>
    <message>
        <source>Key password</source>
        <translation>私钥密码</translation>
    </message>
    <message>
        <source>PKCS#12 file</source>
        <translation>PKCS#12 文件</translation>
    </message>
    <message>
        <source>PKCS#12 password</source>
        <translation>PKCS#12 密码</translation>
    </message>
    <message>
        <source>Trusted CA</source>
        <translation>信任的 CA</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>CA 证书包</translation>
    </message>
    <message>
        <source>Verify certificates of</source>
        <translation>校验证书</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>Read timeout</source>
        <translation>读取超时</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>开放平台</translation>
    </message>
    <message>
        <source>Mutual TLS</source>
        <translation>双向 TLS</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>required: the API host, https://…</source>
        <translation>必填：API 主机，https://…</translation>
    </message>
    <message>
        <source>required: the file host, https://…</source>
        <translation>必填：文件主机，https://…</translation>
    </message>
    <message>
        <source>none (e.g. http://proxy.example:8080)</source>
        <translation>无（例如 http://proxy.example:8080）</translation>
    </message>
    <message>
        <source>Check the API host's certificate</source>
        <translation>校验 API 主机证书</translation>
    </message>
    <message>
        <source>Check the file host's certificate</source>
        <translation>校验文件主机证书</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>PEM certificate and key</source>
        <translation>PEM 证书和私钥</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>System store</source>
        <translation>系统证书库</translation>
    </message>
    <message>
        <source>CA bundle file</source>
        <translation>CA 证书包文件</translation>
    </message>
    <message>
        <source>TLS verification is OFF: anyone on the network path could read or change these requests, including the secret and tickets. Turn it back on as soon as you can.</source>
        <translation>TLS 校验已关闭：网络路径上的任何人都可能读取或篡改这些请求，包括密钥和票据。请尽快重新开启。</translation>
    </message>
    <message>
        <source>The local sandbox's hosts, app_id, secret and certificates come from the running sandbox and cannot be edited here; only its timeouts can.</source>
        <translation>本地沙箱的主机、app_id、密钥和证书来自正在运行的沙箱，不能在此修改；只能修改其超时设置。</translation>
    </message>
</context>
<context>
    <name>EnvironmentNames</name>
    <message>
        <source>Local sandbox</source>
        <translation>本地沙箱</translation>
    </message>
    <message>
        <source>dev</source>
        <translation>开发</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>生产</translation>
    </message>
</context>
<context>
    <name>EnvironmentTab</name>
    <message>
        <source>Reading the secrets…</source>
        <translation>正在读取密钥…</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Duplicate…</source>
        <translation>复制…</translation>
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
        <source>Use this environment</source>
        <translation>使用此环境</translation>
    </message>
    <message>
        <source>Check connection</source>
        <translation>检查连接</translation>
    </message>
    <message>
        <source>Also fetch a token</source>
        <translation>同时获取令牌</translation>
    </message>
    <message>
        <source>Fetching a token kicks out other systems that use this app_id.</source>
        <translation>获取令牌会踢掉使用同一 app_id 的其他系统。</translation>
    </message>
    <message>
        <source>(in use)</source>
        <translation>（使用中）</translation>
    </message>
    <message>
        <source>Secrets are kept for this session only: no keyring is available ({reason}).</source>
        <translation>密钥仅在本次会话中保存：没有可用的密钥环（{reason}）。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Name in use</source>
        <translation>名称已存在</translation>
    </message>
    <message>
        <source>There is already an environment called {name}.</source>
        <translation>已存在名为 {name} 的环境。</translation>
    </message>
    <message>
        <source>New environment</source>
        <translation>新建环境</translation>
    </message>
    <message>
        <source>My environment</source>
        <translation>我的环境</translation>
    </message>
    <message>
        <source>Duplicate environment</source>
        <translation>复制环境</translation>
    </message>
    <message>
        <source>{name} copy</source>
        <translation>{name} 副本</translation>
    </message>
    <message>
        <source>Rename environment</source>
        <translation>重命名环境</translation>
    </message>
    <message>
        <source>Delete environment</source>
        <translation>删除环境</translation>
    </message>
    <message>
        <source>Delete {name} and its stored secrets?</source>
        <translation>删除 {name} 及其保存的密钥？</translation>
    </message>
    <message>
        <source>Checking the connection…</source>
        <translation>正在检查连接…</translation>
    </message>
    <message>
        <source>Not checked: no token was fetched.</source>
        <translation>未检查：没有获取 token。</translation>
    </message>
    <message>
        <source>The connection works.</source>
        <translation>连接正常。</translation>
    </message>
    <message>
        <source>The connection does not work yet: see the steps above.</source>
        <translation>连接尚不可用：请查看上面的各个步骤。</translation>
    </message>
</context>
<context>
    <name>KickOutWarning</name>
    <message>
        <source>Fetching replaces the current token</source>
        <translation>获取将替换当前令牌</translation>
    </message>
    <message>
        <source>Tokens and tickets are global per app_id. Fetching one here for {env} (app_id {app_id}) kicks out any other system using the same app_id: its sign ticket stops working within 5 minutes.</source>
        <translation>令牌和票据按 app_id 全局唯一。在此为 {env}（app_id {app_id}）获取，会踢掉使用同一 app_id 的其他系统：其 sign 票据将在 5 分钟内失效。</translation>
    </message>
    <message>
        <source>If a partner server is running with this app_id, paste its current token or ticket instead of fetching a new one.</source>
        <translation>如果有合作方服务器正在使用此 app_id，请粘贴它当前的令牌或票据，而不要重新获取。</translation>
    </message>
    <message>
        <source>Fetch anyway</source>
        <translation>仍然获取</translation>
    </message>
    <message>
        <source>Paste a token/ticket instead</source>
        <translation>改为粘贴令牌/票据</translation>
    </message>
</context>
<context>
    <name>LazyTab</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>WeBank open platform workbench</source>
        <translation>微众银行开放平台调试工作台</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <source>Tokens &amp;&amp; tickets</source>
        <translation>令牌和票据</translation>
    </message>
    <message>
        <source>Composer</source>
        <translation>请求编辑</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Callbacks</source>
        <translation>回调</translation>
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
        <source>Quit ({key})</source>
        <translation>退出（{key}）</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>The active environment: requests, tokens and files go to it</source>
        <translation>当前环境：请求、令牌和文件都发往此环境</translation>
    </message>
    <message>
        <source>Active environment</source>
        <translation>当前环境</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>&lt;b&gt;WeBank open platform workbench&lt;/b&gt; {version}&lt;br&gt;&lt;br&gt;Sign, send, transfer and verify requests of the WeBank credit open platform, against the bank's environments or a local sandbox.</source>
        <translation>&lt;b&gt;微众银行开放平台调试工作台&lt;/b&gt; {version}&lt;br&gt;&lt;br&gt;针对银行各环境或本地沙箱，对微众银行信贷开放平台的请求进行签名、发送、文件传输和验签。</translation>
    </message>
    <message>
        <source>mTLS (PEM)</source>
        <translation>双向 TLS（PEM）</translation>
    </message>
    <message>
        <source>mTLS (PKCS#12)</source>
        <translation>双向 TLS（PKCS#12）</translation>
    </message>
    <message>
        <source>no client certificate</source>
        <translation>无客户端证书</translation>
    </message>
    <message>
        <source>CA: {file}</source>
        <translation>CA：{file}</translation>
    </message>
    <message>
        <source>CA: system store</source>
        <translation>CA：系统证书库</translation>
    </message>
    <message>
        <source>TLS verification OFF</source>
        <translation>TLS 校验已关闭</translation>
    </message>
    <message>
        <source>Local sandbox at {address}</source>
        <translation>本地沙箱地址：{address}</translation>
    </message>
    <message>
        <source>Sandbox: running</source>
        <translation>沙箱：运行中</translation>
    </message>
    <message>
        <source>Sandbox: starting…</source>
        <translation>沙箱：正在启动…</translation>
    </message>
    <message>
        <source>Sandbox: failed</source>
        <translation>沙箱：启动失败</translation>
    </message>
    <message>
        <source>Sandbox: stopped</source>
        <translation>沙箱：已停止</translation>
    </message>
</context>
<context>
    <name>MaskedValue</name>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show or hide the full value</source>
        <translation>显示或隐藏完整值</translation>
    </message>
</context>
<context>
    <name>PasteDialog</name>
    <message>
        <source>Paste a token or ticket</source>
        <translation>粘贴令牌或票据</translation>
    </message>
    <message>
        <source>A pasted value is used as it is and never refreshed here, so the system it came from keeps working.</source>
        <translation>粘贴的值将原样使用，本工具不会刷新它，因此其来源系统可继续正常工作。</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Expires in (seconds)</source>
        <translation>有效期（秒）</translation>
    </message>
    <message>
        <source>Expires at (local time)</source>
        <translation>过期时间（本地时间）</translation>
    </message>
    <message>
        <source>Expires at (sandbox clock)</source>
        <translation>过期时间（沙箱时钟）</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>access_token 令牌</translation>
    </message>
    <message>
        <source>Sign ticket</source>
        <translation>sign 票据</translation>
    </message>
    <message>
        <source>User ticket</source>
        <translation>user 票据</translation>
    </message>
    <message>
        <source>Paste the value first.</source>
        <translation>请先粘贴值。</translation>
    </message>
    <message>
        <source>That expiry time has already passed.</source>
        <translation>该过期时间已经过去。</translation>
    </message>
</context>
<context>
    <name>PathField</name>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>PlaceholderTab</name>
    <message>
        <source>This part of the workbench could not be opened (%1).</source>
        <translation>工作台的这一部分无法打开（%1）。</translation>
    </message>
    <message>
        <source>This part of the workbench is not available in this build.</source>
        <translation>此版本不包含工作台的这一部分。</translation>
    </message>
</context>
<context>
    <name>ProfileInUse</name>
    <message>
        <source>WeBank open platform workbench</source>
        <translation>微众银行开放平台调试工作台</translation>
    </message>
    <message>
        <source>This profile is already open in another workbench window.</source>
        <translation>此配置已在另一个工作台窗口中打开。</translation>
    </message>
    <message>
        <source>Profile folder: %1</source>
        <translation>配置文件夹：%1</translation>
    </message>
    <message>
        <source>Switch to that window, or open another profile folder here.</source>
        <translation>请切换到那个窗口，或在这里打开另一个配置文件夹。</translation>
    </message>
    <message>
        <source>Open another profile…</source>
        <translation>打开另一个配置…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Choose a profile folder</source>
        <translation>选择配置文件夹</translation>
    </message>
</context>
<context>
    <name>ProfileNotice</name>
    <message>
        <source>WeBank open platform workbench</source>
        <translation>微众银行开放平台调试工作台</translation>
    </message>
    <message>
        <source>Part of your profile could not be used and was set aside. Nothing was deleted.</source>
        <translation>配置中有部分内容无法使用，已另存一旁，没有删除任何内容。</translation>
    </message>
</context>
<context>
    <name>SandboxReportView</name>
    <message>
        <source>Sandbox report</source>
        <translation>沙箱报告</translation>
    </message>
    <message>
        <source>Point your own server at the local sandbox and run your flow. Every request is graded as the bank would grade it; refusals name the slip behind them, and patterns the bank objects to are listed as findings.</source>
        <translation>让您自己的服务器连接本地沙箱并跑一遍业务流程。每个请求都按银行的标准评判；被拒的请求会指出背后的原因，银行会反对的调用模式列为发现的问题。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Save the report as…</source>
        <translation>报告另存为…</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Slips behind a refusal</source>
        <translation>被拒原因</translation>
    </message>
    <message>
        <source>Reading the sandbox's log…</source>
        <translation>正在读取沙箱日志…</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>被拒</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>No pattern the bank objects to was found.</source>
        <translation>没有发现银行会反对的调用模式。</translation>
    </message>
    <message>
        <source>{n} request(s), {refused} refused, {findings} finding(s).</source>
        <translation>共 {n} 个请求，{refused} 个被拒，{findings} 项问题。</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>HTML report (*.html)</source>
        <translation>HTML 报告 (*.html)</translation>
    </message>
    <message>
        <source>The report is saved in {path}.</source>
        <translation>报告已保存在 {path}。</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>TokensTab</name>
    <message>
        <source>Fetch access token</source>
        <translation>获取 access_token</translation>
    </message>
    <message>
        <source>Fetch sign ticket</source>
        <translation>获取 sign 票据</translation>
    </message>
    <message>
        <source>Refresh token and sign ticket</source>
        <translation>刷新令牌和 sign 票据</translation>
    </message>
    <message>
        <source>Paste a token/ticket…</source>
        <translation>粘贴令牌/票据…</translation>
    </message>
    <message>
        <source>Fetch both again, now</source>
        <translation>立即重新获取两者</translation>
    </message>
    <message>
        <source>Refresh automatically every 20 minutes</source>
        <translation>每 20 分钟自动刷新</translation>
    </message>
    <message>
        <source>One single refresher fetches the token and the sign ticket together every 20 minutes, as the platform advises. On by default only for the local sandbox.</source>
        <translation>按开放平台的建议，由唯一的刷新器每 20 分钟同时获取令牌和 sign 票据。仅本地沙箱默认开启。</translation>
    </message>
    <message>
        <source>Move the sandbox clock forward:</source>
        <translation>将沙箱时钟拨快：</translation>
    </message>
    <message>
        <source>+{n} min</source>
        <translation>+{n} 分钟</translation>
    </message>
    <message>
        <source>Sandbox report…</source>
        <translation>沙箱报告…</translation>
    </message>
    <message>
        <source>How your own client's requests to the sandbox would fare with the bank</source>
        <translation>您自己的客户端发往沙箱的请求在银行那里会得到怎样的结果</translation>
    </message>
    <message>
        <source>bank environment</source>
        <translation>银行环境</translation>
    </message>
    <message>
        <source>Times below are on the sandbox clock, which can be moved forward.</source>
        <translation>下面的时间是沙箱时钟的时间（沙箱时钟可以向前拨）。</translation>
    </message>
    <message>
        <source>Times below are this computer's local time.</source>
        <translation>下面的时间是本机的本地时间。</translation>
    </message>
    <message>
        <source>Credentials of the &lt;b&gt;local sandbox&lt;/b&gt;, app_id {app_id}</source>
        <translation>&lt;b&gt;本地沙箱&lt;/b&gt;的凭据，app_id {app_id}</translation>
    </message>
    <message>
        <source>Credentials of &lt;b&gt;{name}&lt;/b&gt; ({where}), app_id {app_id}</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt;（{where}）的凭据，app_id {app_id}</translation>
    </message>
    <message>
        <source>A fetch is already running: wait for it to finish.</source>
        <translation>已有一个获取任务在进行，请等待其完成。</translation>
    </message>
    <message>
        <source>Pasted. It will be used as it is and not refreshed automatically.</source>
        <translation>已粘贴。它将原样使用，不会自动刷新。</translation>
    </message>
    <message>
        <source>Fetching…</source>
        <translation>正在获取…</translation>
    </message>
    <message>
        <source>Received {n} credential(s).</source>
        <translation>已收到 {n} 个凭据。</translation>
    </message>
    <message>
        <source>Received {n} credential(s) for {env}, not the one shown.</source>
        <translation>已为{env}收到 {n} 个凭据（不是当前显示的环境）。</translation>
    </message>
    <message>
        <source>The fetch for {env} failed: {reason}</source>
        <translation>为{env}获取失败：{reason}</translation>
    </message>
    <message>
        <source>Refreshed the token and sign ticket automatically.</source>
        <translation>已自动刷新令牌和 sign 票据。</translation>
    </message>
</context>
<context>
    <name>UserTicketForm</name>
    <message>
        <source>User ticket (H5 login, single use, 300 s)</source>
        <translation>user 票据（H5 登录，一次性，300 秒）</translation>
    </message>
    <message>
        <source>required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>optional JSON, e.g. {"channel": "app"}</source>
        <translation>可选 JSON，例如 {"channel": "app"}</translation>
    </message>
    <message>
        <source>Fetch user ticket</source>
        <translation>获取 user 票据</translation>
    </message>
    <message>
        <source>USER_ID is required.</source>
        <translation>USER_ID 为必填项。</translation>
    </message>
    <message>
        <source>mechant_id is required.</source>
        <translation>mechant_id 为必填项。</translation>
    </message>
    <message>
        <source>EXTEND_INFO is not valid JSON (line {line}, column {column}).</source>
        <translation>EXTEND_INFO 不是合法的 JSON（第 {line} 行，第 {column} 列）。</translation>
    </message>
</context>
</TS>