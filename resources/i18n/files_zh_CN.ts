<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DownloadPanel</name>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>FILE_ID returned by the upload</source>
        <translation>上传返回的 FILE_ID</translation>
    </message>
    <message>
        <source>HASH_VALUE returned by the upload (MD5)</source>
        <translation>上传返回的 HASH_VALUE（MD5）</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Put type=sign in the sign</source>
        <translation>type=sign 参与签名</translation>
    </message>
    <message>
        <source>Download to the chosen file (Ctrl+Return)</source>
        <translation>下载到所选文件（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the downloaded file with its usual program</source>
        <translation>用默认程序打开下载的文件</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>The sign sent with the last download (nonce %1).</source>
        <translation>上一次下载实际发送的签名（nonce %1）。</translation>
    </message>
    <message>
        <source>Downloading with a fresh nonce: its sign is shown here when the transfer ends. Below, the preview with a sample nonce.</source>
        <translation>正在用新的 nonce 下载：传输结束后在这里显示它的签名。下面是用示例 nonce 的预览。</translation>
    </message>
    <message>
        <source>Preview with a sample nonce: each download draws a fresh nonce, and the sign really sent is shown here after the transfer. FILE_ID and HASH_VALUE are not signed.</source>
        <translation>用示例 nonce 的预览：每次下载都会生成新的 nonce，传输后这里显示实际发送的签名。FILE_ID 和 HASH_VALUE 不参与签名。</translation>
    </message>
    <message>
        <source>No sign ticket yet: the client fetches one before sending.</source>
        <translation>尚无签名票据：发送前会先自动获取。</translation>
    </message>
    <message>
        <source>Save the download as</source>
        <translation>下载另存为</translation>
    </message>
    <message>
        <source>FILE_ID and HASH_VALUE are both needed (the upload returns them).</source>
        <translation>需要同时填写 FILE_ID 和 HASH_VALUE（上传接口会返回）。</translation>
    </message>
    <message>
        <source>Choose where to save the file.</source>
        <translation>请选择文件的保存位置。</translation>
    </message>
    <message>
        <source>Not downloaded: no sign ticket was fetched or pasted.</source>
        <translation>未下载：没有获取或粘贴签名票据。</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>MD5 of the saved file: %1</source>
        <translation>已保存文件的 MD5：%1</translation>
    </message>
    <message>
        <source>Saved %1 (%2 bytes); its MD5 equals HASH_VALUE.</source>
        <translation>已保存 %1（%2 字节）；其 MD5 与 HASH_VALUE 一致。</translation>
    </message>
    <message>
        <source>Saved %1, but its MD5 %2 differs from HASH_VALUE %3: the file is not the one that was uploaded, or it was damaged on the way.</source>
        <translation>已保存 %1，但其 MD5 %2 与 HASH_VALUE %3 不一致：文件不是上传的那个，或在传输中损坏。</translation>
    </message>
    <message>
        <source>The platform answered JSON instead of the file; nothing was saved.</source>
        <translation>平台返回的是 JSON 而不是文件；未保存任何文件。</translation>
    </message>
</context>
<context>
    <name>FileDropList</name>
    <message>
        <source>Drop files here, or use Add files…</source>
        <translation>把文件拖到这里，或点“添加文件…”</translation>
    </message>
</context>
<context>
    <name>FilePicker</name>
    <message>
        <source>Add files…</source>
        <translation>添加文件…</translation>
    </message>
    <message>
        <source>Choose files to upload; you can also drop them here</source>
        <translation>选择要上传的文件；也可以直接拖放到这里</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Drop files here</source>
        <translation>把文件拖放到这里</translation>
    </message>
    <message>
        <source>Choose files to upload</source>
        <translation>选择要上传的文件</translation>
    </message>
    <message>
        <source>%1 (checking…)</source>
        <translation>%1（检查中…）</translation>
    </message>
    <message>
        <source>⚠ %1 — empty file (0 bytes)</source>
        <translation>⚠ %1 — 空文件（0 字节）</translation>
    </message>
    <message>
        <source>%1: empty (0 bytes). It will be sent as it is; the platform may refuse it.</source>
        <translation>%1：空文件（0 字节）。将按原样发送，平台可能拒绝。</translation>
    </message>
</context>
<context>
    <name>FilesCopyButton</name>
    <message>
        <source>Copy %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <source>Copy %1 of the selected row</source>
        <translation>复制所选行的 %1</translation>
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
    <name>FilesTab</name>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Upload with notice</source>
        <translation>上传并通知</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Add files to upload…</source>
        <translation>添加要上传的文件…</translation>
    </message>
    <message>
        <source>Start the transfer</source>
        <translation>开始传输</translation>
    </message>
    <message>
        <source>Cancel the transfer</source>
        <translation>取消传输</translation>
    </message>
</context>
<context>
    <name>NoticePanel</name>
    <message>
        <source>Interface</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>Upload with notice</source>
        <translation>上传并通知</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>uploadJson: one file sent as base64 in JSON; uploadForm: one or more files as multipart form data</source>
        <translation>uploadJson：单个文件以 base64 放在 JSON 中发送；uploadForm：一个或多个文件以 multipart 表单发送</translation>
    </message>
    <message>
        <source>assigned by WeBank per business, e.g. cgy</source>
        <translation>由微众按业务分配，例如 cgy</translation>
    </message>
    <message>
        <source>from the file&apos;s extension</source>
        <translation>按文件的扩展名</translation>
    </message>
    <message>
        <source>Optional notice JSON for the business system, e.g. {&quot;orderNo&quot;: &quot;123&quot;}</source>
        <translation>可选：发给业务系统的通知 JSON，例如 {&quot;orderNo&quot;: &quot;123&quot;}</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Upload with notice (Ctrl+Return)</source>
        <translation>上传并通知（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Download this file</source>
        <translation>下载此文件</translation>
    </message>
    <message>
        <source>Type the bizPath WeBank assigned (…/up/s/{bizPath}/…).</source>
        <translation>请填写微众分配的 bizPath（…/up/s/{bizPath}/…）。</translation>
    </message>
    <message>
        <source>bizContent is not valid JSON: %1 (line %2, column %3).</source>
        <translation>bizContent 不是合法的 JSON：%1（第 %2 行，第 %3 列）。</translation>
    </message>
    <message>
        <source>Add a readable file.</source>
        <translation>请添加一个可读取的文件。</translation>
    </message>
    <message>
        <source>uploadJson takes exactly one file: remove the others or choose uploadForm.</source>
        <translation>uploadJson 只支持一个文件：请移除其他文件或改用 uploadForm。</translation>
    </message>
    <message>
        <source>Not sent: more than one chosen file is named %1, and the platform&apos;s answer tells files apart only by name; rename one or upload them in separate calls.</source>
        <translation>未发送：所选文件中有多个名为 %1 的文件，而平台应答只按文件名区分文件；请重命名其中一个，或分开上传。</translation>
    </message>
    <message>
        <source>uploadJson sends the file as base64 inside one JSON body, which is held in memory: for large files prefer uploadForm.</source>
        <translation>uploadJson 把文件以 base64 放在一个 JSON 请求体里，会整体占用内存：大文件请改用 uploadForm。</translation>
    </message>
    <message>
        <source>A file changed on disk while it was uploading: what the platform stored may not be what is on disk now.</source>
        <translation>有文件在上传过程中被修改：平台保存的内容可能与磁盘上现在的文件不同。</translation>
    </message>
    <message>
        <source>Not sent: no sign ticket was fetched or pasted.</source>
        <translation>未发送：没有获取或粘贴签名票据。</translation>
    </message>
    <message>
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The sign that was sent.</source>
        <translation>实际发送的签名。</translation>
    </message>
    <message>
        <source>Uploaded; every hashValue equals the local MD5.</source>
        <translation>已上传；所有 hashValue 均与本地 MD5 一致。</translation>
    </message>
    <message>
        <source>The platform answered without a fileList.</source>
        <translation>平台的应答中没有 fileList。</translation>
    </message>
    <message>
        <source>Uploaded, but a hashValue differs from the local MD5.</source>
        <translation>已上传，但有 hashValue 与本地 MD5 不一致。</translation>
    </message>
</context>
<context>
    <name>SignTable</name>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Value (sorted)</source>
        <translation>值（已排序）</translation>
    </message>
    <message>
        <source>Sign string:</source>
        <translation>签名串：</translation>
    </message>
    <message>
        <source>sign (SHA1):</source>
        <translation>sign（SHA1）：</translation>
    </message>
</context>
<context>
    <name>TransferBar</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the transfer (Esc)</source>
        <translation>停止传输（Esc）</translation>
    </message>
    <message>
        <source>Waiting to start…</source>
        <translation>等待开始…</translation>
    </message>
    <message>
        <source>file %1 of %2: %3</source>
        <translation>第 %1/%2 个文件：%3</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
</context>
<context>
    <name>UploadPanel</name>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Upload parameters</source>
        <translation>上传参数</translation>
    </message>
    <message>
        <source>from each file&apos;s extension</source>
        <translation>按各文件的扩展名</translation>
    </message>
    <message>
        <source>fileFormat, e.g. jpg, png, zip, pdf</source>
        <translation>fileFormat，例如 jpg、png、zip、pdf</translation>
    </message>
    <message>
        <source>Put type=sign in the sign</source>
        <translation>type=sign 参与签名</translation>
    </message>
    <message>
        <source>The guide is unclear whether type enters the sign of file calls; switch it to explore a sign mismatch.</source>
        <translation>接入指引未说明文件接口的 type 是否参与签名；可切换此项排查签名不一致。</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>Upload the files (Ctrl+Return)</source>
        <translation>上传文件（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Download this file</source>
        <translation>下载此文件</translation>
    </message>
    <message>
        <source>Fill the download form with the selected row</source>
        <translation>用所选行填写下载表单</translation>
    </message>
    <message>
        <source>Uploading with a fresh nonce: its sign is shown here when the transfer ends. Below, the preview with a sample nonce.</source>
        <translation>正在用新的 nonce 上传：传输结束后在这里显示它的签名。下面是用示例 nonce 的预览。</translation>
    </message>
    <message>
        <source>Preview with a sample nonce: each upload draws a fresh nonce, and the sign really sent is shown here after the transfer. The file bytes are never signed.</source>
        <translation>使用示例 nonce 预览：每次上传都会生成新的 nonce，传输后这里显示实际发送的签名。文件内容不参与签名。</translation>
    </message>
    <message>
        <source>No sign ticket yet: the client fetches one before sending.</source>
        <translation>尚无签名票据：发送前会先自动获取。</translation>
    </message>
    <message>
        <source>Add at least one readable file first.</source>
        <translation>请先添加至少一个可读取的文件。</translation>
    </message>
    <message>
        <source>Not sent: no sign ticket was fetched or pasted.</source>
        <translation>未发送：没有获取或粘贴签名票据。</translation>
    </message>
    <message>
        <source>Uploading…</source>
        <translation>正在上传…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>%1 changed on disk while it was uploading, which is likely why it failed: upload it again once it is no longer being written.</source>
        <translation>%1 在上传过程中被修改，这很可能是上传失败的原因：请等它写完后重新上传。</translation>
    </message>
    <message>
        <source>The sign sent with the last upload (nonce %1).</source>
        <translation>上次上传实际发送的签名（nonce %1）。</translation>
    </message>
    <message>
        <source>%1 of %2 files failed. %3</source>
        <translation>%2 个文件中有 %1 个失败。%3</translation>
    </message>
    <message>
        <source>Cancelled: %1 file(s) were uploaded before the cancel.</source>
        <translation>已取消：取消前已上传 %1 个文件。</translation>
    </message>
    <message>
        <source>Uploaded; HASH_VALUE equals the local MD5.</source>
        <translation>已上传；HASH_VALUE 与本地 MD5 一致。</translation>
    </message>
    <message>
        <source>Uploaded, but HASH_VALUE differs from the local MD5: the platform stored other bytes than were read here.</source>
        <translation>已上传，但 HASH_VALUE 与本地 MD5 不一致：平台保存的内容与本地读取的不同。</translation>
    </message>
    <message>
        <source>%1 changed on disk while it was uploading (size or modification time differs): what the platform stored may not be what is on disk now.</source>
        <translation>%1 在上传过程中被修改（大小或修改时间不同）：平台保存的内容可能与磁盘上现在的文件不同。</translation>
    </message>
</context>
<context>
    <name>UploadResultsTable</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Local MD5</source>
        <translation>本地 MD5</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>equal</source>
        <translation>一致</translation>
    </message>
    <message>
        <source>different</source>
        <translation>不一致</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
</context>
<context>
    <name>UploadedFilesList</name>
    <message>
        <source>Filter by name, FILE_ID or hash</source>
        <translation>按文件名、FILE_ID 或哈希筛选</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Uploaded</source>
        <translation>上传于</translation>
    </message>
    <message>
        <source>Files uploaded in %1 (times are local time)</source>
        <translation>在 %1 中上传过的文件（时间为本地时间）</translation>
    </message>
    <message>
        <source>Download again</source>
        <translation>重新下载</translation>
    </message>
    <message>
        <source>Fill the download form with this file (or double-click the row)</source>
        <translation>用此文件填写下载表单（或双击该行）</translation>
    </message>
</context>
</TS>
