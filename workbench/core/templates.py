"""Request templates for the composer: the guide's samples and the sandbox's services.

Pure data, no I/O: the sandbox adds its own services at run time (the composer asks it), and the
bodies here are exact texts, because the sign covers the text as written (PROTOCOL P4.5).
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.text import Text

# The guide's section 4.4 body, exactly as the guide prints it (keys in its order, ", " and ": ").
GUIDE_10002_BODY = (
    '{"REQUEST_TIME": "20190829163531", "SERVICE_CODE": "10002", '
    '"WX_OPEN_ID": "oAUZp5LGZWCXKP1k7m8N16TK1aC8", "SF_SUC_TIME": "20191124003946", '
    '"ID_NO": "411528199110024452", "DEVICE_TYPE": "1", "DEVICE_LOGIN_COUNT": "0", '
    '"MERCHANT_ID": "260125411000001", "WX_UNION_ID": "otkO4v0ieKtCBqq8f4jaiifu7jzA"}'
)


@dataclass(frozen=True)
class RequestTemplate:
    """A starting point: where to send and what to send."""

    system: str
    service_code: str
    body: str
    title: Text
    type: str | None = None  # the protocol's own name

    @property
    def path(self) -> str:
        return f"{self.system}/{self.service_code}"


GUIDE_TEMPLATES: tuple[RequestTemplate, ...] = (
    RequestTemplate(
        "yh",
        "10002",
        GUIDE_10002_BODY,
        Text("Guide 4.4: credit query (yh/10002)", "指南 4.4：授信查询（yh/10002）"),
    ),
    RequestTemplate(
        "test",
        "1001124639",
        '{"TEST": "ping"}',
        Text("Guide appendix 8: network test path", "指南附录 8：联调测试路径"),
    ),
)


# the sandbox describes its services in English (it has no language); the window's menu in Chinese
_SANDBOX_ZH = {
    ("sandbox", "echo"): "回显：原样返回收到的请求体",
    ("yh", "10002"): "指南 4.4 示例：授信查询（yh/10002）",
    ("test", "10011"): "指南附录 8 联调测试路径（test/10011）",
    ("test", "1001124639"): "联调测试路径，test/10011 的旧别名",
}


def sandbox_templates(
    services: list[tuple[str, str, str]], sample: dict[tuple[str, str], str | None]
) -> list[RequestTemplate]:
    """Templates for the running sandbox's services (``Sandbox.services()`` and samples)."""
    out = []
    for system, code, description in services:
        body = sample.get((system, code)) or "{}"
        zh = _SANDBOX_ZH.get((system, code), description)
        out.append(RequestTemplate(system, code, body, Text(description, zh)))
    return out


def split_path(path: str) -> tuple[str, str] | None:
    """``system/service_code`` into its two parts, or None when it is not two plain segments.

    Spaces and other characters that would need URL escaping are refused rather than encoded:
    the platform's paths are plain ASCII, and a silently encoded path would hide a typo.
    """
    text = path.strip().strip("/")
    if text.startswith("api/s/"):
        text = text[len("api/s/") :]
    parts = text.split("/")
    if len(parts) != 2 or not all(parts):
        return None
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    if any(c not in allowed for p in parts for c in p):
        return None
    return parts[0], parts[1]
