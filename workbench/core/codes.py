"""The code tables of the open platform (PROTOCOL P9, P7.4) and the file type dictionary (P6).

Each platform code carries the guide's own Chinese message (appendix 2), a one-line meaning and
the usual cause and fix from the guide's FAQ (section 6, "常见问题解决办法"), so that the window
and the command line can show them beside any code the platform answers with.

The business layer's own ``CODE`` inside ``jsonData`` (e.g. ``66590000``) belongs to each
business system's interface document, not to these tables: :func:`explain` returns ``[]`` for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from workbench.core.text import Text

LAYER_CREDENTIAL = "credential"  # access_token and api_ticket calls (PROTOCOL P2, P3)
LAYER_BUSINESS = "business"  # signed business calls and file calls (PROTOCOL P4 to P6)
LAYER_PARTNER = "partner"  # the partner's answer to a callback (PROTOCOL P7.4)

LAYER_NAMES: dict[str, Text] = {
    LAYER_CREDENTIAL: Text("credential call (token / ticket)", "请求凭据阶段（token / ticket）"),
    LAYER_BUSINESS: Text("business call", "正常业务请求阶段"),
    LAYER_PARTNER: Text("partner's callback answer", "合作方回调响应"),
}


@dataclass(frozen=True)
class CodeInfo:
    """One code of one table: what it means and what usually fixes it."""

    code: str
    layer: str  # LAYER_*
    guide_message: str  # the guide's own Chinese message, verbatim
    meaning: Text
    cause: Text  # the usual cause and fix (guide section 6), or "" when the guide gives none

    @property
    def success(self) -> bool:
        return self.code in ("60850000", "60840000", "0000")


_NO_FAQ = Text("", "")

_TICKET_FAQ = Text(
    "Tokens and tickets last 3600 s. 60841017: the ticket does not exist, expired, or was never "
    "fetched successfully. Fetch a new ticket at once and retry; do not rely on the timer alone. "
    "After a new ticket is issued the previous one fails 5 minutes later.",
    "token 和 ticket 的有效期均为 3600 秒。60841017 说明 ticket 不存在、过期或者未获取成功；"
    "应立即重新获取并重试，不要只依赖定时任务。获取新的 ticket 后，上一个 ticket 五分钟后失效。",
)
_SIGN_FAQ = Text(
    "Compare your sign string with the platform's (app_id, version, nonce, type, body, ticket, "
    "sorted, no separator). Usually the ticket in the sign is not the latest: another system "
    "with the same app_id fetched a new one (kick-out). Fetch a new ticket and retry.",
    "检查签名前拼接的字符串是否和微众拼接的签名字符串一致；一般原因为参与签名的 ticket 不是最新的，"
    "可能是多个系统重复获取 ticket 互踢导致。请重新获取 ticket 后重试。",
)
_INPUT_FAQ = Text(
    "Check that every parameter is present. app_id, version, nonce, sign (and type) go in the "
    "URL; the business fields go as one JSON string, UTF-8, as the whole POST body: do not wrap "
    "them in jsonData:{}.",
    "先检查参数是否完整；app_id、version 等参数放在 URL 里；业务接口字段作为整体放在 POST Body 里，"
    "格式为 UTF-8 编码的 JSON 字符串，不要加 jsonData:{} 这样的格式。",
)
_TIMEOUT_FAQ = Text(
    "The platform timed out calling the business system behind it: ask that system's developers "
    "whether their service is up.",
    "一般是开放平台调用业务系统超时，请询问业务对接开发人员系统服务是否正常。",
)
_APPID_FAQ = Text(
    "A 6084xxxx/6085xxxx code means the TLS certificate check passed and the request reached the "
    "platform, but no app_id or test access has been assigned for it: ask WeBank to set it up.",
    "出现 6084xxxx 的信息，说明验证网络证书无问题，请求已经到达前置应用，"
    "但因为没分配 appid 等接入测试信息，导致权限校验失败。",
)
_CRED_TICKET_FAQ = Text(
    "Fetch the access token again, then the ticket; a secret change or another system fetching "
    "with the same app_id invalidates the chain (secret -> token -> ticket).",
    "重新获取 access_token 再获取 ticket；更新 app secret 或其他系统用同一 app_id 获取凭据都会导致"
    "票据链失效（app secret -> access token -> ticket）。",
)


def _c(code: str, layer: str, msg: str, meaning: Text, cause: Text = _NO_FAQ) -> CodeInfo:
    return CodeInfo(code, layer, msg, meaning, cause)


# PROTOCOL P9, guide appendix 2.1
CREDENTIAL_CODES: tuple[CodeInfo, ...] = (
    _c("60850000", LAYER_CREDENTIAL, "系统处理成功", Text("Success.", "成功。")),
    _c(
        "60856999",
        LAYER_CREDENTIAL,
        "未知异常信息",
        Text("Unknown error on the platform.", "平台未知异常。"),
        Text(
            "Retry later; if it persists, give WeBank the time and app_id.",
            "稍后重试；持续出现请把时间和 app_id 提供给微众排查。",
        ),
    ),
    _c(
        "60846999",
        LAYER_CREDENTIAL,
        "未知异常信息",
        Text("Unknown error on the platform.", "平台未知异常。"),
        Text(
            "Retry later; if it persists, give WeBank the time and app_id.",
            "稍后重试；持续出现请把时间和 app_id 提供给微众排查。",
        ),
    ),
    _c(
        "60851001",
        LAYER_CREDENTIAL,
        "Type类型不存在",
        Text("The ticket type does not exist.", "ticket 类型不存在。"),
        Text(
            "Ask for type=sign or type=user (appendix 1); several types are comma-separated.",
            "type 只能是 sign 或 user（附录1），多个类型用逗号分隔。",
        ),
    ),
    _c(
        "60851007",
        LAYER_CREDENTIAL,
        "无效的请求调用",
        Text("Invalid call.", "无效的请求调用。"),
        Text(
            "Check the path, grant_type=client_credential and version=2.0.0.",
            "检查请求路径、grant_type=client_credential 和 version=2.0.0。",
        ),
    ),
    _c(
        "60851009",
        LAYER_CREDENTIAL,
        "无效的appid",
        Text("Invalid app_id.", "无效的 app_id。"),
        _APPID_FAQ,
    ),
    _c(
        "60851002",
        LAYER_CREDENTIAL,
        "无效的access_token",
        Text("Invalid access token.", "无效的 access_token。"),
        _CRED_TICKET_FAQ,
    ),
    _c(
        "60851003",
        LAYER_CREDENTIAL,
        "无效的ticket",
        Text("Invalid ticket.", "无效的 ticket。"),
        _CRED_TICKET_FAQ,
    ),
    _c(
        "60851004",
        LAYER_CREDENTIAL,
        "access_token已过期",
        Text("The access token has expired.", "access_token 已过期。"),
        Text(
            "Tokens last 3600 s: fetch a new one (one refresher, every 20 minutes).",
            "token 有效期 3600 秒，请重新获取（全局唯一定时任务，每 20 分钟刷新）。",
        ),
    ),
    _c(
        "60851005",
        LAYER_CREDENTIAL,
        "ticket已过期",
        Text("The ticket has expired.", "ticket 已过期。"),
        Text(
            "Sign tickets last 3600 s, user tickets 300 s and once: fetch a new one.",
            "sign ticket 有效期 3600 秒，user ticket 300 秒且只能用一次，请重新获取。",
        ),
    ),
    _c(
        "60851010",
        LAYER_CREDENTIAL,
        "ticket获取失败",
        Text("The ticket could not be issued.", "ticket 获取失败。"),
        Text(
            "Check the access token is current and, for type=user, that user_data is a JSON "
            "string with USER_ID.",
            "检查 access_token 是否有效；type=user 时 user_data 必须是含 USER_ID 的 JSON 字符串。",
        ),
    ),
)

# PROTOCOL P9, guide appendix 2.2
BUSINESS_CODES: tuple[CodeInfo, ...] = (
    _c(
        "60840000",
        LAYER_BUSINESS,
        "系统处理成功",
        Text(
            "The platform layer is fine; read the business answer in jsonData.",
            "开放平台层正常，可进一步取 jsonData 里的业务返回码判断。",
        ),
    ),
    _c(
        "60846999",
        LAYER_BUSINESS,
        "未知异常信息",
        Text("Unknown error on the platform.", "平台未知异常。"),
        Text(
            "Retry later; if it persists, give WeBank the BizSeqNo and the time.",
            "稍后重试；持续出现请把 BizSeqNo 和时间提供给微众排查。",
        ),
    ),
    _c(
        "60840002",
        LAYER_BUSINESS,
        "未满足接口输入要求",
        Text(
            "The request does not meet the interface's input requirements.", "未满足接口输入要求。"
        ),
        _INPUT_FAQ,
    ),
    _c(
        "60840003",
        LAYER_BUSINESS,
        "交易超时",
        Text("Transaction timed out.", "交易超时。"),
        _TIMEOUT_FAQ,
    ),
    _c(
        "60840110",
        LAYER_BUSINESS,
        "请求路径不合法",
        Text("Illegal request path.", "请求路径不合法。"),
        Text(
            "Check /api/s/{system}/{service_code}: the service id comes from the business "
            "system's developers; only the host changes between environments.",
            "检查 /api/s/{系统}/{接口ID}，接口 ID 由业务系统开发提供；切换环境只换域名。",
        ),
    ),
    _c(
        "60841017",
        LAYER_BUSINESS,
        "ticket验证失败",
        Text("Ticket check failed: missing or expired ticket.", "ticket 不存在或已失效。"),
        _TICKET_FAQ,
    ),
    _c(
        "60841018",
        LAYER_BUSINESS,
        "接入签名不正确",
        Text(
            "Wrong sign: the ticket in the sign is not the right one.",
            "接入签名不正确：参与签名的 ticket 不正确。",
        ),
        _SIGN_FAQ,
    ),
)

_PARTNER_FIX = Text(
    "Agreed between the partner and WeBank (guide 5.5).", "合作方与微众约定（5.5）。"
)

# PROTOCOL P7.4, guide 5.5 point 4
PARTNER_CODES: tuple[CodeInfo, ...] = (
    _c("0000", LAYER_PARTNER, "系统处理成功", Text("Success.", "成功。")),
    _c(
        "0001",
        LAYER_PARTNER,
        "报文格式错误",
        Text("Bad message format.", "报文格式错误。"),
        Text(
            "The envelope is not the five-field JSON (Plain, Signature, Timestamp, transName, "
            "SeqNo).",
            "报文不是 Plain、Signature、Timestamp、transName、SeqNo 五个字段的 JSON。",
        ),
    ),
    _c(
        "0002",
        LAYER_PARTNER,
        "未满足接口输入要求",
        Text("Input requirements not met.", "未满足接口输入要求。"),
        Text(
            "A business field the partner's interface requires is missing or invalid.",
            "合作方接口要求的业务字段缺失或不合法。",
        ),
    ),
    _c(
        "0103",
        LAYER_PARTNER,
        "报文解析失败",
        Text("Message parse failure.", "报文解析失败。"),
        Text(
            "Plain did not URL-decode to JSON: check the encoding is Java's URLEncoder, UTF-8.",
            "Plain 解码后不是 JSON：检查是否按 Java URLEncoder、UTF-8 编码。",
        ),
    ),
    _c(
        "0010",
        LAYER_PARTNER,
        "签名验证失败",
        Text("Signature check failed.", "签名验证失败。"),
        Text(
            "Signature must be lower-case hex SHA256 of Plain (as encoded) + salt + Timestamp; "
            "check the salt belongs to this environment.",
            "Signature 应为 SHA256(Plain 原样 + 盐值 + Timestamp) 的小写十六进制；"
            "检查盐值是否属于该环境。",
        ),
    ),
    _c(
        "0012",
        LAYER_PARTNER,
        "时间戳过期",
        Text("Timestamp expired.", "时间戳过期。"),
        Text(
            "The Timestamp (epoch milliseconds) is outside the accepted window: check both clocks.",
            "Timestamp（毫秒时间戳）超出允许的时间窗口：检查双方时钟。",
        ),
    ),
    _c(
        "0016",
        LAYER_PARTNER,
        "SSL认证失败",
        Text("SSL authentication failed.", "SSL 认证失败。"),
        Text(
            "The HTTPS connection to the partner URL failed its certificate check.",
            "到合作方地址的 HTTPS 证书校验失败。",
        ),
    ),
)

ALL_CODES: tuple[CodeInfo, ...] = CREDENTIAL_CODES + BUSINESS_CODES + PARTNER_CODES
_BY_CODE: dict[str, list[CodeInfo]] = {}
for _info in ALL_CODES:
    _BY_CODE.setdefault(_info.code, []).append(_info)

# PROTOCOL P6, guide appendix 7
FILE_TYPES: dict[str, Text] = {
    "001": Text("ID card", "身份证"),
    "002": Text("business licence", "营业执照"),
    "003": Text("account opening permit", "开户许可证"),
    "004": Text("company authorisation letter", "企业授权函"),
    "005": Text("invoice", "发票"),
    "006": Text("contract", "合同"),
    "007": Text("proof of funds", "资金证明文件"),
    "008": Text("archive (compressed file)", "压缩文件"),
    "999": Text("unknown", "未知类型"),
}


def explain(code: str, layer: str | None = None) -> list[CodeInfo]:
    """Every table entry for ``code`` (60846999 is in two tables), optionally of one layer.

    Unknown codes, including business-layer codes from inside ``jsonData``, give ``[]``.
    """
    found = _BY_CODE.get(code.strip(), [])
    return [i for i in found if layer is None or i.layer == layer]


def is_platform_failure(code: str) -> bool:
    """A 6084xxxx/6085xxxx code other than the two successes (guide 4.3, note 3.2)."""
    c = code.strip()
    return len(c) == 8 and c[:4] in ("6084", "6085") and c not in ("60840000", "60850000")


def platform_layer(code: str) -> str:
    """The P9 table a business call's platform ``code`` is read from: never the partner table.

    Business calls answer with the business-call table; a code only the credential table has
    (a 6085xxxx) is read from that one.
    """
    return LAYER_BUSINESS if explain(code, LAYER_BUSINESS) else LAYER_CREDENTIAL


@dataclass(frozen=True)
class ServiceCode:
    """What the business ``CODE`` inside ``jsonData`` means, as far as the guide says."""

    code: str
    meaning: Text
    from_guide: bool  # the guide gives this service's meaning; otherwise it only says whose it is


# (path prefix of the service, CODE, meaning): the only service codes the guide itself explains.
_GUIDE_SERVICE_CODES: tuple[tuple[str, str, Text], ...] = (
    (
        "/api/s/up/",
        "60840000",
        Text(
            "Success: the file service's own success code (guide 4.5.1).",
            "成功：文件服务自身的成功码（指南 4.5.1）。",
        ),
    ),
    (
        "/api/s/yh/",
        "66590000",
        Text(
            "Transaction succeeded, as in the guide's example answer (guide 4.3).",
            "交易成功（指南 4.3 的示例应答）。",
        ),
    ),
)


def explain_service_code(code: str, url: str = "", desc: str = "") -> ServiceCode:
    """The meaning of a business ``CODE`` from ``jsonData`` of a call to ``url`` (PROTOCOL P5).

    These codes belong to the service called, not to the platform's tables (guide appendix 2):
    the guide's own meaning when it gives one for that service, otherwise a plain statement
    that the code is the service's, with its ``DESC``. Never the partner-callback table.
    """
    try:
        path = urlsplit(url).path
    except ValueError:
        path = ""
    for prefix, known, meaning in _GUIDE_SERVICE_CODES:
        if code == known and path.startswith(prefix):
            return ServiceCode(code, meaning, True)
    service = path.rstrip("/").rsplit("/api/s/", 1)[-1] if "/api/s/" in path else ""
    where = Text(f" ({service})", f"（{service}）") if service else Text("", "")
    said = (
        Text(f' The service says: "{desc}".', f"服务返回的说明：“{desc}”。")
        if desc
        else Text("", "")
    )
    meaning = Text(
        f"CODE {code} belongs to the service called{where.en}: its meaning is in that service's "
        f"interface document, not in the platform's code tables.{said.en}",
        f"CODE {code} 属于所调用的服务{where.zh}：其含义见该服务的接口文档，"
        f"不在开放平台的返回码表中。{said.zh}",
    )
    return ServiceCode(code, meaning, False)
