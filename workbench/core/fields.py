"""The guide's own description of every field a user types or reads (tooltips, help notes).

The Chinese text is the guide's wording (its parameter tables: "name / comment / value"); the
English is a faithful rendering. Keys are the protocol's own names, as on the wire.
"""

from __future__ import annotations

from workbench.core.text import Text

GUIDE_FIELDS: dict[str, Text] = {
    # guide 2 and 4.5: the hosts (only they, secret and salt differ between test and production)
    "api_host": Text(
        "API host: test and production differ only in host, secret and callback salt; URL paths "
        "stay the same (dev: https://f-capapi-v2.test.webank.com).",
        "域名：测试和生产只有域名、secret、回调加密的盐值会变，url路径保持不变"
        "（dev域名：https://f-capapi-v2.test.webank.com）。",
    ),
    "file_host": Text(
        "File host: the cap-up host is only for file upload and download; one-way TLS, no client "
        "certificate (dev: https://f-capup.test.webank.com).",
        "cap-up 域名专门用来文件上传下载，域名为单向认证方式，无需加载客户端证书"
        "（dev域名：https://f-capup.test.webank.com）。",
    ),
    # PROTOCOL P2 (guide 4.1)
    "app_id": Text(
        "app_id: application ID, assigned by the WeBank open platform (the same in test and "
        "production).",
        "app_id：应用ID，微众开放平台分配（生产和测试一致）。",
    ),
    "secret": Text(
        "secret: application secret, assigned by the WeBank open platform (differs between test "
        "and production).",
        "secret：应用密钥，微众开放平台分配（生产和测试不一致）。",
    ),
    "grant_type": Text(
        "grant_type: authorisation type, client_credential.",
        "grant_type：授权类型，client_credential。",
    ),
    "version": Text("version: version number, 2.0.0.", "version：版本号，2.0.0。"),
    "file_version": Text(
        "version: version number, 1.0.0 for file upload and download.",
        "version：版本号，文件上传下载为 1.0.0。",
    ),
    "access_token": Text(
        "access_token: the access token of the app_id, from the token call; valid 3600 s.",
        "access_token：app_id的访问令牌，token接口获取的值，有效期3600秒。",
    ),
    "expire_time": Text(
        "expire_time: absolute time at which it expires, in milliseconds (the server's clock).",
        "expire_time：失效的绝对时间戳，单位毫秒（服务器时钟）。",
    ),
    "expire_in": Text(
        "expire_in: maximum lifetime in seconds (3600 by default; user tickets 300).",
        "expire_in：最大生存时间，单位秒，默认为3600秒（用户纬度300秒）。",
    ),
    "transactionTime": Text(
        "transactionTime: the time the server generated it.", "transactionTime：生成时间。"
    ),
    # PROTOCOL P3 (guide 4.2)
    "ticket_type": Text(
        "type: ticket type (appendix 1): sign signs request data; user is for the user-level "
        "ticket (login state). Several types are separated by English commas.",
        "type：ticket类型（见附录1）：sign 用于签名请求数据；user 用于获取用户维度ticket，"
        "用于登录态同步。"
        "一次输入多个type用英文逗号分隔。",
    ),
    "sign_ticket": Text(
        "sign ticket: signs server-side requests; valid 3600 s; the previous one stays valid 5 "
        "minutes after a new one is issued.",
        "sign ticket：用于后台接入对请求数据签名，有效期3600秒；获取新的ticket后，"
        "上一个ticket五分钟后失效。",
    ),
    "user_ticket": Text(
        "user ticket: for H5 page access; valid 300 s, single use.",
        "user ticket：主要用于页面接入，有效期300秒，单次有效。",
    ),
    "user_data": Text(
        "user_data: user information, a JSON string, required when type is user.",
        "user_data：用户信息，type为user时必填json字符串。",
    ),
    "mechant_id": Text(
        "mechant_id: merchant ID, required when type is user (spelled so on the wire).",
        "mechant_id：商户ID，type为user时必填。",
    ),
    "USER_ID": Text(
        "USER_ID: the platform's user ID (required, String).",
        "USER_ID：平台用户ID（必填，String）。",
    ),
    "ID_TYPE": Text(
        "ID_TYPE: ID document type (optional, String).", "ID_TYPE：证件类型（可选，String）。"
    ),
    "ID_NO": Text(
        "ID_NO: ID document number (optional, String).", "ID_NO：证件号码（可选，String）。"
    ),
    "USER_NAME": Text("USER_NAME: name (optional, String).", "USER_NAME：姓名（可选，String）。"),
    "MOBILE": Text("MOBILE: mobile number (optional, String).", "MOBILE：手机号（可选，String）。"),
    "UNION_ID": Text(
        "UNION_ID: WeChat union id (optional, String).", "UNION_ID：微信union id（可选，String）。"
    ),
    "EXTEND_INFO": Text(
        "EXTEND_INFO: extension field (optional, a JSON string) for fields a given need requires.",
        "EXTEND_INFO：扩展字段（可选，jsonString），可根据具体需求塞一些字段。",
    ),
    # PROTOCOL P4 (guide 4.3)
    "nonce": Text(
        "nonce: random number, a 32-character string (letters + digits).",
        "nonce：随机数，32位字符串（字母+数字）。",
    ),
    "sign": Text(
        "sign: signature: app_id, version, type, ticket, nonce and the HTTP body's JSON string "
        "sorted lexicographically, concatenated, SHA1, 40 characters, upper case.",
        "sign：签名，将app_id、version、type、ticket、nonce连同httpbody的json字符串进行字典序排序，"
        "拼接后进行SHA1编码，40位字符串，统一使用大写。",
    ),
    "type": Text(
        "type: synchronous data type; optional, may be empty.",
        "type：同步数据类型，可选填，可为空。",
    ),
    "service_path": Text(
        "URL path api/s/xxx/{service_code}: service_code is the interface ID in the business "
        "system's interface document. POST only.",
        "URL路径 api/s/xxx/{service_code}：service_code为业务系统接口文档里具体的接口ID。"
        "只支持使用POST。",
    ),
    "body": Text(
        "All business fields encoded as one JSON string; the whole string is the POST body and "
        "takes part in the sign. UTF-8.",
        "业务接口字段全部以Json格式编码成一个字符串，并将整个字符串作为POST Body并参与签名。"
        "UTF-8编码。",
    ),
    # PROTOCOL P5
    "jsonData": Text(
        "jsonData: the business system's answer, a JSON string; read its CODE when code is "
        "60840000.",
        "jsonData：业务系统返回内容（json字符串）；code为60840000时，"
        "可进一步取jsonData里面的业务系统返回码进行判断。",
    ),
    "BizSeqNo": Text(
        "BizSeqNo: WeBank's serial number, for looking up a single transaction.",
        "BizSeqNo：微众流水号，供查询定位单笔交易使用。",
    ),
    "ConsumerSeqNo": Text(
        "ConsumerSeqNo: WeBank's serial number, for looking up a single transaction.",
        "ConsumerSeqNo：微众流水号，供查询定位单笔交易使用。",
    ),
    "code": Text(
        "code: platform-layer return code; 60840000 means the platform layer is fine.",
        "code：开放平台层返回码；60840000表示开放平台层正常。",
    ),
    # PROTOCOL P6 (guide 4.5)
    "fileType": Text(
        "fileType: file type, see the file type dictionary.",
        "fileType：文件类型，具体参考文件类型字典。",
    ),
    "fileFormat": Text(
        "fileFormat: file format, jpg/png/zip and so on.", "fileFormat：文件格式，jpg/png/zip等。"
    ),
    "fileId": Text(
        "fileId: file ID, the FILE_ID returned by the upload.",
        "fileId：文件ID，上传时返回的FILE_ID。",
    ),
    "hashValue": Text(
        "hashValue: hash value, the HASH_VALUE returned by the upload.",
        "hashValue：Hash值，上传时返回HASH_VALUE。",
    ),
    "contentType": Text(
        "contentType: HTTP Content-Type; image/jpeg when not given.",
        "contentType：HttpContentType，不传默认image/jpeg。",
    ),
    "bizPath": Text(
        "bizPath: assigned per need, in /up/s/{bizPath}/uploadJson and /uploadForm.",
        "bizPath：根据需求分配，用于 /up/s/{bizPath}/uploadJson 与 /uploadForm。",
    ),
    "bizContent": Text(
        "bizContent: notice message, a JSON string defined by the business system (optional).",
        "bizContent：通知报文内容，JSON格式字符串，由具体业务系统定义内容（可选）。",
    ),
    "file": Text(
        "file: file content: binary stream (form-data, several files) or Base64 string (JSON, one "
        "file).",
        "file：文件内容：二进制流文件（form-data，可多文件）或Base64编码字符串（JSON，"
        "只支持单文件）。",
    ),
    "fileName": Text(
        "fileName: file name (required for uploadJson).", "fileName：文件名（uploadJson必填）。"
    ),
    # PROTOCOL P7 (guide 5.2)
    "transName": Text(
        "transName: interface ID, agreed between WeBank's business system and the partner.",
        "transName：字段标示接口ID，由微众业务系统与合作方约定。",
    ),
    "Plain": Text(
        "Plain: the business message body (WeBank's request or the partner's answer), JSON then "
        "URL-encoded.",
        "Plain：业务报文体（微众的业务请求内容或合作方的响应内容），"
        "转成标准JSON字符串后用UrlEncode编码。",
    ),
    "Timestamp": Text(
        "Timestamp: the timestamp taken when signing.", "Timestamp：签名时取的时间戳。"
    ),
    "SeqNo": Text("SeqNo: the request's unique serial number.", "SeqNo：请求的唯一流水编号。"),
    "Signature": Text(
        "Signature: the signature of the Plain field: SHA256(Plain + assigned salt + Timestamp).",
        "Signature：对Plain字段的签名：SHA256(Plain + 分配盐值 + 时间戳)。",
    ),
    "salt": Text(
        "salt: the callback salt assigned by WeBank (differs between test and production).",
        "salt：微众分配的回调签名盐值（测试与生产不一致）。",
    ),
}


def guide_tooltip(name: str, lang: str = "en") -> str:
    """The guide's description of ``name`` in ``lang``, or "" when the guide does not define it."""
    text = GUIDE_FIELDS.get(name)
    return text(lang) if text else ""
