"""Exports of a request: cURL, Python and Java programs, a support bundle for the bank.

Pure functions over plain data (no Qt, no I/O). The sign covers the body text byte for byte
(PROTOCOL P4.5), so every export carries the body so that no quoting layer can change one byte.
The cURL command replays one signed URL, and its nonce is single-use (P4.1); the Python and Java
programs sign at run time with a fresh nonce, so they run any number of times
(``export_python``, ``export_java``). The ticket and the key passwords are left out unless the
caller asks for them for this one export; the programs then read them from variables.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from workbench.core.credentials import mask
from workbench.core.environment import CA_BUNDLE, CERT_P12, CERT_PEM, TlsConfig
from workbench.core.export_java import java_program
from workbench.core.export_program import (
    API_BASE_ENV,
    JAVA_CLASS,
    KEY_PASSWORD_ENV,
    P12_PASSWORD_ENV,
    ProgramSpec,
    spec_from_url,
)
from workbench.core.export_python import python_program
from workbench.core.sign import SOURCE_TICKET, SignResult


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
    key_password_env: str = KEY_PASSWORD_ENV  # where a program or command reads a left-out secret
    p12_password_env: str = P12_PASSWORD_ENV

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


class _Shell(str):
    """A command-line word already written for the shell (a variable reference): not quoted."""


def _password(value: str, variable: str, include_secrets: bool) -> str:
    """The password itself, or a reference to the variable that holds it."""
    return value if include_secrets else _Shell(f'"${{{variable}}}"')


def _quote(word: str) -> str:
    return word if isinstance(word, _Shell) else shlex.quote(word)


# --- cURL ----------------------------------------------------------------------------------


def _curl_cert_name(path: str) -> str:
    r"""``path`` as curl's ``--cert`` reads it: that option is "file[:password]", with ``\:`` and
    ``\\`` unescaped in the file part (a folder named "certs:2026" was cut at its colon, and the
    rest taken for the password). Paths with neither character are given as they are."""
    return path.replace("\\", "\\\\").replace(":", "\\:")


def curl_snippet(req: ExportRequest, *, include_secrets: bool = False) -> str:
    """A POSIX shell command. The body goes through ``printf '%s'`` (a shell builtin, so no
    argument-length limit) into ``--data-binary @-``, which sends stdin unchanged: a here-document
    would add a newline, and ``--data`` would strip them."""
    lines: list[str] = [
        "# Single-use: the platform accepts this nonce once (guide 4.3). Sending it again, or",
        "# replaying a request that was already sent, gets 60840002. For another request export",
        "# again, or use the Python or Java export: they sign with a fresh nonce on every run.",
        f"# The API host can be changed with the variable {API_BASE_ENV}.",
    ]
    if req.body:
        text = req.body.decode("utf-8", "surrogateescape")
        lines.append(f"printf '%s' {shlex.quote(text)} |")
    args = ["curl", "-sS", "-X", req.method]
    tls = req.tls
    if tls.cert_mode == CERT_PEM and tls.cert_path:
        args += ["--cert", _curl_cert_name(tls.cert_path)]
        if tls.key_path:
            args += ["--key", tls.key_path]
        if req.key_password:
            args += ["--pass", _password(req.key_password, req.key_password_env, include_secrets)]
    elif tls.cert_mode == CERT_P12 and tls.p12_path:
        password = _password(req.p12_password, req.p12_password_env, include_secrets)
        cert = _Shell(_quote(f"{_curl_cert_name(tls.p12_path)}:") + _quote(password))
        args += ["--cert-type", "P12", "--cert", cert]
    if tls.ca_mode == CA_BUNDLE and tls.ca_path:
        args += ["--cacert", tls.ca_path]
    if not tls.verify:
        args.append("--insecure")
    for key, value in _content_headers(req).items():
        args += ["-H", f"{key}: {value}"]
    if req.body:
        args += ["--data-binary", "@-"]
    args.append(req.url)
    quoted = [_quote(a) for a in args]
    quoted[-1] = _curl_url(req.url)
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


def _curl_url(url: str) -> str:
    """The URL with its scheme and host taken from ``$WEBANK_API_BASE`` when that is set."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    if not parts.netloc or not url.startswith(base):
        return shlex.quote(url)
    rest = url[len(base) :]
    return f'"${{{API_BASE_ENV}:-{base}}}"' + shlex.quote(rest)


# --- Python and Java: complete programs that sign at run time ---------------------------------


def program_spec(req: ExportRequest) -> ProgramSpec:
    """The inputs of ``req`` for a program that signs anew (PROTOCOL P4.1: one nonce, one use)."""
    spec = spec_from_url(req.url, req.body)
    if spec is None:
        raise ValueError(f"not a business request: {req.url}")
    spec.ticket = req.ticket
    spec.tls = req.tls
    spec.key_password = req.key_password
    spec.p12_password = req.p12_password
    spec.key_password_env = req.key_password_env
    spec.p12_password_env = req.p12_password_env
    return spec


def python_snippet(req: ExportRequest, *, include_secrets: bool = False) -> str:
    """A standard-library Python program that signs with a fresh nonce on every run."""
    return python_program(program_spec(req), include_secrets=include_secrets)


def java_snippet(
    req: ExportRequest, *, include_secrets: bool = False, class_name: str = JAVA_CLASS
) -> str:
    """One public Java class (``{class_name}.java``) that signs the guide's way on every run."""
    return java_program(program_spec(req), include_secrets=include_secrets, class_name=class_name)


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
