"""Snippets that replay a request exactly as it was sent: cURL, Python, Java, a support bundle.

Pure functions over plain data (no Qt, no I/O). "Exactly" is the point: the sign covers the body
text byte for byte (PROTOCOL P4.5), so every snippet carries the body so that no quoting layer can
change one byte. The ticket and the key passwords are masked unless the caller asks for them for
this one export.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field

from workbench.core.credentials import mask
from workbench.core.environment import CA_BUNDLE, CERT_P12, CERT_PEM, TlsConfig
from workbench.core.sign import SOURCE_TICKET, SignResult

PLACEHOLDER_TICKET = "<SIGN_TICKET>"
PLACEHOLDER_PASSWORD = "<KEY_PASSWORD>"


@dataclass
class ExportRequest:
    """What a snippet needs: the request as sent, how to reach the host, and the sign inputs."""

    method: str
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    sign: SignResult | None = None
    tls: TlsConfig = field(default_factory=TlsConfig)
    key_password: str = ""
    p12_password: str = ""

    @property
    def ticket(self) -> str:
        if self.sign is None:
            return ""
        return next((v.text for v in self.sign.ordered if v.source == SOURCE_TICKET), "")


@dataclass
class ExportResponse:
    """What came back, for the support bundle."""

    status: int = 0
    elapsed_ms: float = 0.0
    body_text: str = ""
    platform_code: str = ""
    platform_msg: str = ""
    biz_code: str = ""
    biz_desc: str = ""
    biz_seq_no: str = ""
    consumer_seq_no: str = ""
    retried: bool = False
    error: str = ""


def _content_headers(req: ExportRequest) -> dict[str, str]:
    """The headers worth replaying (requests' own Host/Content-Length/Accept-Encoding are not)."""
    skip = {"host", "content-length", "accept-encoding", "connection", "user-agent", "accept"}
    out = {k: v for k, v in req.headers.items() if k.lower() not in skip}
    if req.body and not any(k.lower() == "content-type" for k in out):
        out["Content-Type"] = "application/json"
    return out


def _password(value: str, include_secrets: bool) -> str:
    return value if include_secrets else PLACEHOLDER_PASSWORD


# --- cURL ----------------------------------------------------------------------------------


def curl_snippet(req: ExportRequest, *, include_secrets: bool = False) -> str:
    """A POSIX shell command. The body goes through ``printf '%s'`` (a shell builtin, so no
    argument-length limit) into ``--data-binary @-``, which sends stdin unchanged: a here-document
    would add a newline, and ``--data`` would strip them."""
    lines: list[str] = []
    if req.body:
        text = req.body.decode("utf-8", "surrogateescape")
        lines.append(f"printf '%s' {shlex.quote(text)} |")
    args = ["curl", "-sS", "-X", req.method]
    tls = req.tls
    if tls.cert_mode == CERT_PEM and tls.cert_path:
        args += ["--cert", tls.cert_path]
        if tls.key_path:
            args += ["--key", tls.key_path]
        if req.key_password:
            args += ["--pass", _password(req.key_password, include_secrets)]
    elif tls.cert_mode == CERT_P12 and tls.p12_path:
        args += [
            "--cert-type",
            "P12",
            "--cert",
            f"{tls.p12_path}:{_password(req.p12_password, include_secrets)}",
        ]
    if tls.ca_mode == CA_BUNDLE and tls.ca_path:
        args += ["--cacert", tls.ca_path]
    if not tls.verify:
        args.append("--insecure")
    for key, value in _content_headers(req).items():
        args += ["-H", f"{key}: {value}"]
    if req.body:
        args += ["--data-binary", "@-"]
    args.append(req.url)
    quoted = [shlex.quote(a) for a in args]
    # one option per line, so the command stays readable
    parts: list[str] = [quoted[0] + " " + " ".join(quoted[1:4])]
    i = 4
    while i < len(quoted) - 1:
        if (
            quoted[i].startswith("-")
            and i + 1 < len(quoted) - 1
            and not quoted[i + 1].startswith("-")
        ):
            parts.append(f"{quoted[i]} {quoted[i + 1]}")
            i += 2
        else:
            parts.append(quoted[i])
            i += 1
    parts.append(quoted[-1])
    lines.append(" \\\n  ".join(parts))
    return "\n".join(lines) + "\n"


# --- Python --------------------------------------------------------------------------------


def _py_body_literal(body: bytes) -> str:
    try:
        return repr(body.decode("utf-8")) + '.encode("utf-8")'
    except UnicodeDecodeError:
        return repr(body)


def python_snippet(req: ExportRequest, *, include_secrets: bool = False) -> str:
    """A script using requests that sends the same bytes to the same URL."""
    tls = req.tls
    out = [
        "# Replays the request exactly as the workbench sent it (same URL, same body bytes).",
        "# The platform refuses a nonce it has already seen: for a new request, sign again.",
        "import requests",
        "",
        f"URL = {req.url!r}",
        f"BODY = {_py_body_literal(req.body)}",
        f"HEADERS = {_content_headers(req)!r}",
    ]
    cert = "None"
    if tls.cert_mode == CERT_PEM and tls.cert_path:
        cert = repr((tls.cert_path, tls.key_path)) if tls.key_path else repr(tls.cert_path)
        if req.key_password:
            out.append("# The key is encrypted: requests needs an unencrypted PEM key.")
    elif tls.cert_mode == CERT_P12:
        out.append(
            f"# The client certificate is PKCS#12 ({tls.p12_path}): requests cannot read it;"
        )
        out.append("# convert it to PEM (openssl pkcs12 -in cert.p12 -out cert.pem -nodes).")
    verify = repr(tls.ca_path) if tls.ca_mode == CA_BUNDLE and tls.ca_path else "True"
    if not tls.verify:
        verify = "False"
    out += [
        "",
        f"resp = requests.request({req.method!r}, URL, data=BODY, headers=HEADERS,",
        f"                        cert={cert}, verify={verify}, timeout=30)",
        "print(resp.status_code)",
        "print(resp.text)",
        "",
    ]
    return "\n".join(out)


# --- Java ----------------------------------------------------------------------------------


def java_string(text: str) -> str:
    """A Java string literal holding exactly ``text`` (non-ASCII as ``\\uXXXX`` UTF-16 units)."""
    out = ['"']
    for unit_hi, unit_lo in zip(
        *[iter(text.encode("utf-16-be", "surrogatepass"))] * 2, strict=True
    ):
        unit = unit_hi << 8 | unit_lo
        ch = chr(unit)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif 0x20 <= unit < 0x7F:
            out.append(ch)
        else:
            out.append(f"\\u{unit:04X}")
    out.append('"')
    return "".join(out)


def java_snippet(
    req: ExportRequest, *, include_secrets: bool = False, class_name: str = "SignDemo"
) -> str:
    """The guide's SignUtils approach: a values list, ``Collections.sort``, SHA-1, upper hex."""
    values = []
    if req.sign is not None:
        for v in req.sign.ordered:
            if v.source == SOURCE_TICKET:
                text = v.text if include_secrets else PLACEHOLDER_TICKET
                values.append(f"        values.add({java_string(text)}); // ticket")
            else:
                values.append(f"        values.add({java_string(v.text)}); // {v.source}")
    lines = [
        "import java.nio.charset.StandardCharsets;",
        "import java.security.MessageDigest;",
        "import java.util.ArrayList;",
        "import java.util.Collections;",
        "import java.util.List;",
        "",
        f"public class {class_name} {{",
        "    // PROTOCOL P4: values sorted as Java sorts Strings, joined, SHA-1, upper-case hex.",
        "    static String sign(List<String> values) throws Exception {",
        "        values.removeAll(Collections.singleton(null));",
        "        Collections.sort(values);",
        "        StringBuilder sb = new StringBuilder();",
        "        for (String v : values) sb.append(v);",
        '        MessageDigest md = MessageDigest.getInstance("SHA-1");',
        "        byte[] digest = md.digest(sb.toString().getBytes(StandardCharsets.UTF_8));",
        "        StringBuilder hex = new StringBuilder();",
        '        for (byte b : digest) hex.append(String.format("%02X", b));',
        "        return hex.toString();",
        "    }",
        "",
        "    public static void main(String[] args) throws Exception {",
        "        List<String> values = new ArrayList<>();",
        *values,
        f"        String url = {java_string(req.url)};",
        "        System.out.println(sign(values));",
        "        System.out.println(url);",
        "    }",
        "}",
        "",
    ]
    return "\n".join(lines)


# --- support bundle ------------------------------------------------------------------------


def support_bundle(
    req: ExportRequest, resp: ExportResponse | None, *, env_name: str, include_secrets: bool = False
) -> str:
    """Plain text for a ticket to the bank's support: what was sent, signed and answered."""
    ticket = req.ticket
    lines = [
        "WeBank open platform — request report",
        f"Environment: {env_name}",
        "",
        "== Request ==",
        f"{req.method} {req.url}",
    ]
    lines += [f"{k}: {v}" for k, v in _content_headers(req).items()]
    lines += ["", req.body.decode("utf-8", "replace"), ""]
    if req.sign is not None:
        lines.append("== Sign inputs (sorted as Java sorts them) ==")
        for v in req.sign.ordered:
            text = v.text
            if v.source == SOURCE_TICKET and not include_secrets:
                text = mask(text)
            if len(text) > 200:
                text = text[:200] + f"… ({len(v.text)} characters)"
            lines.append(f"{v.source}: {text}")
        shown = req.sign.sign_string if include_secrets else req.sign.masked_sign_string()
        if ticket and not include_secrets:
            lines.append("(ticket masked)")
        lines += ["", "Sign string:", shown, f"sign (SHA1, upper hex): {req.sign.sign}", ""]
    lines.append("== Response ==")
    if resp is None:
        lines.append("(not sent)")
    else:
        if resp.error:
            lines.append(f"Error: {resp.error}")
        if resp.status:
            lines.append(f"HTTP {resp.status} in {resp.elapsed_ms:.0f} ms")
        if resp.retried:
            lines.append("The ticket was refreshed and the call retried once (60841017/60841018).")
        if resp.platform_code:
            lines.append(f"code: {resp.platform_code} {resp.platform_msg}")
        if resp.biz_code:
            lines.append(f"CODE: {resp.biz_code} {resp.biz_desc}")
        lines.append(f"BizSeqNo: {resp.biz_seq_no}")
        lines.append(f"ConsumerSeqNo: {resp.consumer_seq_no}")
        if resp.body_text:
            lines += ["", _pretty(resp.body_text)]
    return "\n".join(lines) + "\n"


def _pretty(text: str) -> str:
    try:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    except ValueError:
        return text
