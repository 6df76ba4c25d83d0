"""Raw ``requests``/``ssl`` failures turned into sentences a partner can act on (ENGINEERING.md).

The library messages are kept as ``detail`` for a "details" fold; the sentence says what happened
in the user's words: who rejected what, which host and port, after how many seconds.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.core.text import Text


def _host_port(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or "?"
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _chain(exc: BaseException) -> str:
    """Every message in the cause chain, for matching OpenSSL's reason names."""
    seen: list[str] = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 8:
        seen.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__
    for arg in getattr(exc, "args", ()):
        seen.append(str(arg))
    return " | ".join(seen)


def translate(
    exc: BaseException, url: str, *, has_client_cert: bool, connect_s: float, read_s: float
) -> ClientError:
    """The :class:`ClientError` for ``exc`` raised while talking to ``url``."""
    where = _host_port(url)
    text = _chain(exc)
    low = text.lower()
    if isinstance(exc, ClientError):
        return exc
    if isinstance(exc, requests.exceptions.ProxyError):
        return ClientError(
            E.PROXY_FAILED,
            Text(f"The proxy could not connect to {where}.", f"代理无法连接到 {where}。"),
            detail=text,
        )
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ClientError(
            E.TIMEOUT,
            Text(
                f"Timed out after {connect_s:g} s connecting to {where}.",
                f"连接 {where} 超时({connect_s:g} 秒)。",
            ),
            detail=text,
        )
    if isinstance(exc, requests.exceptions.ReadTimeout) or "read timed out" in low:
        return ClientError(
            E.TIMEOUT,
            Text(
                f"Timed out after {read_s:g} s waiting for {where} to answer.",
                f"等待 {where} 应答超时({read_s:g} 秒)。",
            ),
            detail=text,
        )
    if isinstance(exc, requests.exceptions.SSLError) or "ssl" in low:
        return _tls(text, low, where, has_client_cert)
    if isinstance(exc, requests.exceptions.ConnectionError):
        if "connection refused" in low or "errno 111" in low:
            return ClientError(
                E.CONNECTION_REFUSED,
                Text(
                    f"Connection refused at {where}: nothing listens there.",
                    f"{where} 拒绝连接:该端口没有服务在监听。",
                ),
                detail=text,
            )
        if (
            "name or service not known" in low
            or "failed to resolve" in low
            or "nodename nor servname" in low
            or "temporary failure in name resolution" in low
            or "no address associated" in low
        ):
            host = urlsplit(url).hostname
            return ClientError(
                E.DNS_FAILED,
                Text(
                    f"The host name {host} could not be resolved (DNS).",
                    f"无法解析主机名 {host}(DNS)。",
                ),
                detail=text,
            )
        if "connection reset" in low or "connection aborted" in low or "eof" in low:
            if has_client_cert:
                return ClientError(
                    E.NETWORK_OTHER,
                    Text(
                        f"{where} closed the connection (the server may have rejected your client "
                        "certificate).",
                        f"{where} 关闭了连接(服务器可能拒绝了您的客户端证书)。",
                    ),
                    detail=text,
                )
            return ClientError(
                E.CLIENT_CERT_MISSING,
                Text(
                    f"{where} closed the connection: it probably asks for a client certificate and "
                    "none is configured.",
                    f"{where} 关闭了连接:它可能要求客户端证书,而当前未配置。",
                ),
                detail=text,
            )
        return ClientError(
            E.NETWORK_OTHER,
            Text(f"Could not talk to {where}.", f"无法与 {where} 通信。"),
            detail=text,
        )
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return ClientError(
            E.BAD_ANSWER,
            Text(f"The answer from {where} was cut off.", f"来自 {where} 的应答被截断。"),
            detail=text,
        )
    if isinstance(exc, OSError):
        return ClientError(
            E.NETWORK_OTHER,
            Text(f"Could not talk to {where}.", f"无法与 {where} 通信。"),
            detail=text,
        )
    return ClientError(
        E.NETWORK_OTHER,
        Text(f"The request to {where} failed.", f"发往 {where} 的请求失败。"),
        detail=text,
    )


def _tls(text: str, low: str, where: str, has_client_cert: bool) -> ClientError:
    if "certificate_verify_failed" in low or "certificate verify failed" in low:
        if "expired" in low:
            return ClientError(
                E.CERT_EXPIRED,
                Text(
                    f"The server certificate of {where} has expired.",
                    f"{where} 的服务器证书已过期。",
                ),
                detail=text,
            )
        if "hostname mismatch" in low or "doesn't match" in low or "not valid for" in low:
            return ClientError(
                E.HOSTNAME_MISMATCH,
                Text(
                    f"The server certificate of {where} is not made out for this host name.",
                    f"{where} 的服务器证书与该主机名不符。",
                ),
                detail=text,
            )
        return ClientError(
            E.SERVER_UNTRUSTED,
            Text(
                f"The server's certificate ({where}) is not trusted by the CA you chose.",
                f"服务器 {where} 的证书不被您选择的 CA 信任。",
            ),
            detail=text,
        )
    if "alert_certificate_expired" in low or "certificate expired" in low:
        return ClientError(
            E.CERT_EXPIRED,
            Text(
                f"{where} says your client certificate has expired.",
                f"{where} 表示您的客户端证书已过期。",
            ),
            detail=text,
        )
    if "unknown_ca" in low or "bad_certificate" in low or "certificate_unknown" in low:
        return ClientError(
            E.CLIENT_CERT_REJECTED,
            Text(
                f"The server {where} rejected your client certificate (it does not trust its CA).",
                f"服务器 {where} 拒绝了您的客户端证书(不信任其签发 CA)。",
            ),
            detail=text,
        )
    if (
        "certificate_required" in low
        or "handshake_failure" in low
        or "eof occurred" in low
        or "unexpected eof" in low
    ):
        if not has_client_cert:
            return ClientError(
                E.CLIENT_CERT_MISSING,
                Text(
                    f"The server {where} asks for a client certificate and none is configured.",
                    f"服务器 {where} 要求客户端证书,而当前未配置。",
                ),
                detail=text,
            )
        return ClientError(
            E.CLIENT_CERT_REJECTED,
            Text(
                f"The server {where} rejected your client certificate.",
                f"服务器 {where} 拒绝了您的客户端证书。",
            ),
            detail=text,
        )
    if "wrong_version_number" in low:
        return ClientError(
            E.TLS_OTHER,
            Text(
                f"{where} does not speak TLS (is it plain HTTP?).",
                f"{where} 不是 TLS 服务(是否为明文 HTTP?)。",
            ),
            detail=text,
        )
    return ClientError(
        E.TLS_OTHER,
        Text(f"The TLS handshake with {where} failed.", f"与 {where} 的 TLS 握手失败。"),
        detail=text,
    )
