"""Preflight: is the environment reachable, step by step (DNS, TCP, TLS with the client
certificate, then a token fetch), each step with a plain sentence. A generator, so a worker can
forward each step as it completes; it stops at the first failing step.

The token fetch kicks out a partner server using the same app_id (PROTOCOL P3): pass
``fetch_token=False`` against a bank environment unless the user agreed.
"""

from __future__ import annotations

import base64
import contextlib
import socket
import ssl
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from workbench.client.book import CredentialBook
from workbench.client.errors import ClientError
from workbench.client.failures import tls_failure
from workbench.client.tls import build_context, ca_description, identity_of, load_identity
from workbench.core.credentials import Clock
from workbench.core.environment import CA_BUNDLE, EnvironmentConfig, EnvironmentSecrets, TlsConfig
from workbench.core.text import Text


@dataclass(frozen=True)
class PreflightStep:
    name: str  # "dns", "tcp", "tls", "token"
    ok: bool
    text: Text
    detail: str = ""


def preflight(
    env: EnvironmentConfig,
    secrets: EnvironmentSecrets,
    *,
    fetch_token: bool = True,
    clock: Clock | None = None,
    book: CredentialBook | None = None,
) -> Iterator[PreflightStep]:
    if env.api_base and not env.api_base.lower().startswith("https://"):
        # "host:port" alone would read as a path with no host; "http://" skips TLS (PROTOCOL P8)
        yield PreflightStep(
            "dns",
            False,
            Text(
                f"The API host address {env.api_base} must start with https://.",
                f"API 主机地址 {env.api_base} 必须以 https:// 开头。",
            ),
        )
        return
    try:
        parts = urlsplit(env.api_base)  # raises on an unclosed "[" of an IPv6 address
        host, port = parts.hostname or "", parts.port or 443
    except ValueError as exc:
        yield PreflightStep(
            "dns",
            False,
            Text(
                f"The API host address {env.api_base} has an invalid port or host name.",
                f"API 主机地址 {env.api_base} 的端口或主机名无效。",
            ),
            str(exc),
        )
        return
    if not host:
        yield PreflightStep(
            "dns", False, Text("The environment has no API host.", "该环境未配置 API 主机。")
        )
        return
    where = f"{host}:{port}"
    if env.proxy:
        connected = yield from _through_proxy(env, host, port)
    else:
        connected = yield from _direct(env, host, port)
    if connected is None:
        return
    sock = connected
    with sock:
        step = _tls_step(env, secrets, sock, host, where)
    yield step
    if not step.ok or not fetch_token:
        return
    from workbench.client.platform import PlatformClient

    client = PlatformClient(env, secrets, clock=clock, book=book)
    try:
        result = client.fetch_access_token()
    except ClientError as exc:
        yield PreflightStep("token", False, exc.text, exc.detail)
        return
    finally:
        client.close()
    cred = result.credentials[0]
    yield PreflightStep(
        "token",
        True,
        Text(
            f"Access token received, valid {cred.expire_in_s} s.",
            f"已获取 access_token，有效期 {cred.expire_in_s} 秒。",
        ),
    )


def _direct(
    env: EnvironmentConfig, host: str, port: int
) -> Generator[PreflightStep, None, socket.socket | None]:
    """DNS and TCP straight to the API host: the connected socket, or None after a failed step."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:  # UnicodeError: a name IDNA cannot encode
        yield PreflightStep(
            "dns",
            False,
            Text(f"The host name {host} could not be resolved.", f"无法解析主机名 {host}。"),
            str(exc),
        )
        return None
    addresses = sorted({str(i[4][0]) for i in infos})
    yield PreflightStep(
        "dns",
        True,
        Text(
            f"{host} resolves to {', '.join(addresses)}.", f"{host} 解析为 {'、'.join(addresses)}。"
        ),
    )
    where = f"{host}:{port}"
    started = time.perf_counter()
    try:
        sock = socket.create_connection((host, port), timeout=env.connect_timeout_s)
    except TimeoutError as exc:
        yield PreflightStep("tcp", False, _timed_out(env, where), str(exc))
        return None
    except OSError as exc:
        yield PreflightStep(
            "tcp",
            False,
            Text(f"Connection refused or unreachable at {where}.", f"{where} 拒绝连接或不可达。"),
            str(exc),
        )
        return None
    ms = (time.perf_counter() - started) * 1000
    yield PreflightStep(
        "tcp",
        True,
        Text(
            f"TCP connection to {where} in {ms:.0f} ms.",
            f"{ms:.0f} 毫秒内建立到 {where} 的 TCP 连接。",
        ),
    )
    return sock


def _timed_out(env: EnvironmentConfig, where: str) -> Text:
    return Text(
        f"Timed out after {env.connect_timeout_s:g} s connecting to {where}.",
        f"连接 {where} 超时（{env.connect_timeout_s:g} 秒）。",
    )


def _through_proxy(
    env: EnvironmentConfig, host: str, port: int
) -> Generator[PreflightStep, None, socket.socket | None]:
    """DNS of the proxy, then a tunnel to the API host with HTTP CONNECT, as requests does it
    when it sends through the same proxy (the API host's name is resolved by the proxy)."""
    try:
        proxy = urlsplit(env.proxy if "://" in env.proxy else f"http://{env.proxy}")
        phost, pport = proxy.hostname or "", proxy.port or 80  # as urllib3 reads it
        scheme = proxy.scheme
    except ValueError:  # a port out of range, an unclosed "[": not an address
        phost, pport, scheme = "", 0, ""
    if scheme != "http" or not phost or not pport:
        yield PreflightStep(
            "dns",
            False,
            Text(
                f"The proxy address {env.proxy} is not of the form http://host:port.",
                f"代理地址 {env.proxy} 不是 http://主机:端口 的形式。",
            ),
        )
        return None
    proxy_at = f"{phost}:{pport}"
    try:
        infos = socket.getaddrinfo(phost, pport, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        yield PreflightStep(
            "dns",
            False,
            Text(
                f"The proxy's host name {phost} could not be resolved.",
                f"无法解析代理的主机名 {phost}。",
            ),
            str(exc),
        )
        return None
    addresses = sorted({str(i[4][0]) for i in infos})
    yield PreflightStep(
        "dns",
        True,
        Text(
            f"The proxy {phost} resolves to {', '.join(addresses)}; the proxy resolves {host}.",
            f"代理 {phost} 解析为 {'、'.join(addresses)}；{host} 由代理解析。",
        ),
    )
    where = f"{host}:{port}"
    started = time.perf_counter()
    try:
        sock = socket.create_connection((phost, pport), timeout=env.connect_timeout_s)
    except TimeoutError as exc:
        yield PreflightStep("tcp", False, _timed_out(env, f"the proxy {proxy_at}"), str(exc))
        return None
    except OSError as exc:
        yield PreflightStep(
            "tcp",
            False,
            Text(
                f"Connection refused or unreachable at the proxy {proxy_at}.",
                f"代理 {proxy_at} 拒绝连接或不可达。",
            ),
            str(exc),
        )
        return None
    try:
        status, head = _connect(sock, host, port, proxy.username, proxy.password)
    except (OSError, ValueError) as exc:
        sock.close()
        yield PreflightStep(
            "tcp",
            False,
            Text(
                f"The proxy {proxy_at} did not answer the tunnel request to {where}.",
                f"代理 {proxy_at} 未应答到 {where} 的隧道请求。",
            ),
            str(exc),
        )
        return None
    if status != 200:
        sock.close()
        yield PreflightStep(
            "tcp",
            False,
            Text(
                f"The proxy {proxy_at} refused the tunnel to {where} ({head}).",
                f"代理 {proxy_at} 拒绝建立到 {where} 的隧道（{head}）。",
            ),
            head,
        )
        return None
    ms = (time.perf_counter() - started) * 1000
    yield PreflightStep(
        "tcp",
        True,
        Text(
            f"Tunnel to {where} through the proxy {proxy_at} in {ms:.0f} ms.",
            f"{ms:.0f} 毫秒内经代理 {proxy_at} 建立到 {where} 的隧道。",
        ),
    )
    return sock


def _connect(
    sock: socket.socket, host: str, port: int, user: str | None, password: str | None
) -> tuple[int, str]:
    """Send ``CONNECT host:port`` and read the proxy's answer head: (status, status line)."""
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
    if user is not None:
        pair = f"{unquote(user)}:{unquote(password or '')}".encode()
        lines.append(f"Proxy-Authorization: Basic {base64.b64encode(pair).decode('ascii')}")
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"))
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(1)  # byte by byte: nothing after the head may be taken from TLS
        if not chunk:
            raise ValueError("the proxy closed the connection")
        head += chunk
        if len(head) > 65536:
            raise ValueError("the proxy's answer head is too long")
    status_line = head.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        raise ValueError(f"not an HTTP answer: {status_line!r}")
    return int(parts[1]), status_line


def _ca_description_zh(tls: TlsConfig) -> str:
    """:func:`ca_description` in Chinese (the Chinese sentence must not carry English words)."""
    if not tls.verify:
        return "校验已关闭"
    if tls.ca_mode == CA_BUNDLE:
        return f"CA 证书包 {tls.ca_path}"
    paths = ssl.get_default_verify_paths()
    return f"系统证书库（{paths.cafile or paths.capath}）"


def _tls_step(
    env: EnvironmentConfig, secrets: EnvironmentSecrets, sock: socket.socket, host: str, where: str
) -> PreflightStep:
    try:
        identity = load_identity(env.tls, secrets.key_password, secrets.p12_password)
        ctx = build_context(env.tls, identity)
    except ClientError as exc:
        return PreflightStep("tls", False, exc.text, exc.detail)
    ours = identity_of(identity[0]) if identity else None
    shaken = False  # the handshake finished: what fails later is a read after it
    try:
        with ctx.wrap_socket(sock, server_hostname=host) as tls:
            shaken = True
            peer = tls.getpeercert() or {}
            version = tls.version()
            # Under TLS 1.3 a refused client certificate shows only after the handshake.
            tls.settimeout(0.5)
            with contextlib.suppress(TimeoutError, socket.timeout):
                tls.recv(1)
    except (ssl.SSLError, OSError) as exc:
        error = tls_failure(
            f"{type(exc).__name__}: {exc}",
            str(exc).lower(),
            where,
            identity is not None,
            env.proxy,
            after_handshake=shaken,
        )
        return PreflightStep("tls", False, error.text, error.detail)
    subject = ", ".join("=".join(x) for rdn in peer.get("subject", ()) for x in rdn)
    lines_en = [f"{version} with {where}; server: {subject or '?'}; CA: {ca_description(env.tls)}."]
    ca = _ca_description_zh(env.tls)
    lines_zh = [f"与 {where} 的 {version} 握手成功；服务器：{subject or '?'}；CA：{ca}。"]
    if ours:
        days = ours.days_left()
        lines_en.append(f"Our client certificate: {ours.subject}, expires in {days} days.")
        lines_zh.append(f"我方客户端证书：{ours.subject}，{days} 天后过期。")
    else:
        lines_en.append("No client certificate configured.")
        lines_zh.append("未配置客户端证书。")
    return PreflightStep("tls", True, Text(" ".join(lines_en), " ".join(lines_zh)))
