"""Raw ``requests``/``ssl`` failures turned into sentences a partner can act on (ENGINEERING.md).

The library messages are kept as ``detail`` for a "details" fold; the sentence says what happened
in the user's words: who rejected what, which host and port, after how many seconds.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from urllib.parse import urlsplit

import requests
import urllib3

from workbench.client import errors as E
from workbench.client.errors import ClientError
from workbench.client.models import ExchangeRecord, PlatformAnswer
from workbench.core.os_errors import os_reason
from workbench.core.text import Text


def _host_port(url: str) -> str:
    parts = urlsplit(url)
    try:
        port: int | str = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # a port out of range or not a number: show it as typed
        port = parts.netloc.rpartition(":")[2] or "?"
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


def platform_failure(answer: PlatformAnswer, record: ExchangeRecord) -> ClientError:
    """The error for an answer whose code is not a success code (the code explains itself)."""
    return ClientError(
        E.PLATFORM,
        Text(
            f"The platform answered {answer.code}: {answer.msg}",
            f"平台返回 {answer.code}:{answer.msg}",
        ),
        answer=answer,
        record=record,
    )


def expect_answer(record: ExchangeRecord, ok: frozenset[str]) -> PlatformAnswer:
    """The platform's answer in ``record``, or the ClientError a partner can read.

    Why one place: the credential calls (PROTOCOL P2/P3) and the file calls (P6) differ only
    in which codes count as success; an unparsable body and a failure code read the same.
    """
    assert record.response is not None
    answer = PlatformAnswer.parse(record.response.body)
    if answer is None:
        raise ClientError(
            E.BAD_ANSWER,
            Text(
                f"Not a platform answer (HTTP {record.response.status}).",
                f"不是平台的应答（HTTP {record.response.status}）。",
            ),
            record=record,
        )
    if answer.code not in ok:
        raise platform_failure(answer, record)
    return answer


def translate(
    exc: BaseException,
    url: str,
    *,
    has_client_cert: bool,
    connect_s: float,
    read_s: float,
    cert_accepted: bool = False,
    body_size: int = 0,
    one_way: bool = False,
    proxy: str = "",
) -> ClientError:
    """The :class:`ClientError` for ``exc`` raised while talking to ``url``.

    ``cert_accepted``: the host already answered in this session, so its TLS handshake (and the
    client certificate) was accepted; a connection it then closes is not a certificate refusal.
    ``body_size``: the request body's length, named when it may be why.
    ``one_way``: the file host, whose TLS is one-way (PROTOCOL P8): it takes no client
    certificate, so a connection it closes is never blamed on one.
    ``proxy``: the environment's proxy, when requests go through one (its failures are named
    as the proxy's, not the bank host's).
    """
    if isinstance(exc, ClientError):
        return exc
    text = _chain(exc)
    low = text.lower()
    if one_way and _closed_without_a_reason(low):
        return ClientError(E.NETWORK_OTHER, _closed_by_file_host(url, body_size), detail=text)
    if cert_accepted and _closed_without_a_reason(low):
        return ClientError(E.NETWORK_OTHER, _closed_after_handshake(url, body_size), detail=text)
    frames = _frames(exc)
    if proxy and "_tunnel" in frames:  # the proxy's CONNECT itself failed: closed, or silent
        kind, sentence = _proxy_failure(low, _host_port(url), proxy, tunnel=True)
        return ClientError(kind, sentence, detail=text)
    kind, sentence = _sentence(
        exc, url, low, has_client_cert, connect_s, read_s, proxy, "do_handshake" not in frames
    )
    return ClientError(kind, sentence, detail=text)


def _frames(exc: BaseException) -> set[str]:
    """The names of the functions the exception (and those chained to it) passed through: where
    it was raised says more than its words (OpenSSL 1.1.1 words an EOF inside the handshake as
    one after it)."""
    names: set[str] = set()
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(seen) < 16:
        seen.add(id(current))
        tb = current.__traceback__
        while tb is not None:
            names.add(tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        current = current.__cause__ or current.__context__
    return names


def _closed_without_a_reason(low: str) -> bool:
    """An EOF or reset with no TLS alert naming a cause (a certificate alert is a reason)."""
    alerts = ("certificate_required", "unknown_ca", "bad_certificate", "certificate_unknown")
    closed = ("eof occurred", "unexpected eof", "connection reset", "connection aborted")
    return any(c in low for c in closed) and not any(a in low for a in alerts)


def _closed_after_handshake(url: str, body_size: int) -> Text:
    where = _host_port(url)
    if body_size >= LARGE_BODY:
        mb = body_size / 1_000_000
        return Text(
            f"{where} closed the connection while the request ({mb:.1f} MB) was being sent: it "
            "accepted your client certificate earlier, so the body is probably over its size "
            "limit.",
            f"{where} 在发送请求（{mb:.1f} MB）时关闭了连接：它此前已接受您的客户端证书，"
            "因此很可能是请求体超过了其大小限制。",
        )
    return Text(
        f"{where} closed the connection during the request (it accepted your client "
        "certificate earlier in this session, so that is not the cause).",
        f"{where} 在请求过程中关闭了连接（它此前已接受您的客户端证书，原因不在证书）。",
    )


def _closed_by_file_host(url: str, body_size: int) -> Text:
    where = _host_port(url)
    if body_size >= LARGE_BODY:
        mb = body_size / 1_000_000
        return Text(
            f"{where} closed the connection while the request ({mb:.1f} MB) was being sent: the "
            "body may be over its size limit, or the server stopped.",
            f"{where} 在发送请求（{mb:.1f} MB）时关闭了连接：可能是请求体超过了其大小限制，"
            "或服务器已停止。",
        )
    return Text(
        f"{where} closed the connection before answering. The file host uses one-way TLS, so "
        "no client certificate is involved: the server may have stopped or dropped the request.",
        f"{where} 在应答前关闭了连接。文件服务器使用单向 TLS，与客户端证书无关："
        "可能是服务器已停止或丢弃了该请求。",
    )


LARGE_BODY = 1_000_000  # a body this large, cut off, is named as the likely cause


def tls_failure(
    text: str,
    low: str,
    where: str,
    has_client_cert: bool,
    proxy: str = "",
    after_handshake: bool = False,
) -> ClientError:
    """The :class:`ClientError` for a failed TLS handshake (also used by the preflight check);
    ``after_handshake``: raised once the handshake had finished (a read or write after it)."""
    kind, sentence = _tls(low, where, has_client_cert, proxy, after_handshake)
    return ClientError(kind, sentence, detail=text)


def _sentence(
    exc: BaseException,
    url: str,
    low: str,
    has_client_cert: bool,
    connect_s: float,
    read_s: float,
    proxy: str = "",
    after_handshake: bool = False,
) -> tuple[str, Text]:
    """What went wrong, as an error kind and the sentence for it (the caller adds the detail).
    ``after_handshake``: the error was not raised inside the TLS handshake."""
    where = _host_port(url)
    if isinstance(exc, requests.exceptions.ProxyError):
        return _proxy_failure(low, where, proxy)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return E.TIMEOUT, Text(
            f"Timed out after {connect_s:g} s connecting to {where}.",
            f"连接 {where} 超时（{connect_s:g} 秒）。",
        )
    if isinstance(exc, requests.exceptions.ReadTimeout) or "read timed out" in low:
        return E.TIMEOUT, Text(
            f"Timed out after {read_s:g} s waiting for {where} to answer.",
            f"等待 {where} 应答超时（{read_s:g} 秒）。",
        )
    if isinstance(exc, requests.exceptions.SSLError):
        return _tls(low, where, has_client_cert, proxy, after_handshake)
    # "Connection aborted": the handshake was done and the request under way (urllib3 says
    # so only then); a TLS EOF in it is a connection closed, not a handshake refused
    aborted = isinstance(exc, requests.exceptions.ConnectionError) and "connection aborted" in low
    if "ssl" in low and not aborted:
        return _tls(low, where, has_client_cert, proxy, after_handshake)
    if isinstance(exc, requests.exceptions.ConnectionError):
        if "connection refused" in low or "errno 111" in low:
            return E.CONNECTION_REFUSED, Text(
                f"Connection refused at {where}: nothing listens there.",
                f"{where} 拒绝连接：该端口没有服务在监听。",
            )
        if (
            "name or service not known" in low
            or "failed to resolve" in low
            or "nodename nor servname" in low
            or "temporary failure in name resolution" in low
            or "no address associated" in low
        ):
            host = urlsplit(url).hostname
            return E.DNS_FAILED, Text(
                f"The host name {host} could not be resolved (DNS).",
                f"无法解析主机名 {host}(DNS)。",
            )
        if "connection reset" in low or "connection aborted" in low or "eof" in low:
            if has_client_cert:
                return E.NETWORK_OTHER, Text(
                    f"{where} closed the connection (the server may have rejected your client "
                    "certificate).",
                    f"{where} 关闭了连接（服务器可能拒绝了您的客户端证书）。",
                )
            return E.CLIENT_CERT_MISSING, Text(
                f"{where} closed the connection: it probably asks for a client certificate and "
                "none is configured.",
                f"{where} 关闭了连接：它可能要求客户端证书，而当前未配置。",
            )
        return E.NETWORK_OTHER, Text(f"Could not talk to {where}.", f"无法与 {where} 通信。")
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return E.BAD_ANSWER, Text(
            f"The answer from {where} was cut off.", f"来自 {where} 的应答被截断。"
        )
    if isinstance(exc, (requests.exceptions.ContentDecodingError, urllib3.exceptions.DecodeError)):
        return E.BAD_ANSWER, Text(
            f"The answer from {where} could not be decompressed: its Content-Encoding does not "
            "match its body.",
            f"无法解压来自 {where} 的应答：其 Content-Encoding 与内容不符。",
        )
    if isinstance(exc, urllib3.exceptions.ProtocolError) and "incompleteread" in low:
        # a raw read (a download's error answer) is not wrapped by requests
        return E.BAD_ANSWER, Text(
            f"The answer from {where} is not as long as its Content-Length says.",
            f"来自 {where} 的应答长度与其 Content-Length 不符。",
        )
    if isinstance(exc, OSError):
        return E.NETWORK_OTHER, Text(f"Could not talk to {where}.", f"无法与 {where} 通信。")
    return E.NETWORK_OTHER, Text(f"The request to {where} failed.", f"发往 {where} 的请求失败。")


def _proxy_at(proxy: str) -> str:
    """The proxy's host and port, without a user or password it may carry."""
    parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    try:
        port = parts.port
    except ValueError:
        port = None
    host = parts.hostname or proxy
    return f"{host}:{port}" if port else host


def _proxy_failure(low: str, where: str, proxy: str, *, tunnel: bool = False) -> tuple[str, Text]:
    """The proxy's own failure, named as the proxy's. ``tunnel``: raised while the proxy was
    asked for the tunnel (CONNECT), before any byte reached the bank host."""
    at = _proxy_at(proxy) if proxy else "the proxy"
    at_zh = _proxy_at(proxy) if proxy else ""
    status = re.search(r"tunnel connection failed: (\d{3})", low)
    code = status.group(1) if status is not None else ""
    if code == "407":
        if proxy and urlsplit(proxy if "://" in proxy else f"http://{proxy}").username:
            return E.PROXY_FAILED, Text(
                f"The proxy {at} refused the user name and password in the proxy address "
                "(HTTP 407): check them, and write '@', ':' and '/' in them as %40, %3A, %2F.",
                f"代理 {at_zh} 不接受代理地址中的用户名和密码（HTTP 407）：请核对，"
                "其中的“@”“:”“/”应写成 %40、%3A、%2F。",
            )
        return E.PROXY_FAILED, Text(
            f"The proxy {at} asks for a user name and password (HTTP 407): give them in the "
            "proxy address, http://user:password@host:port.",
            f"代理 {at_zh} 要求用户名和密码（HTTP 407）：请写在代理地址中，"
            "http://用户名:密码@主机:端口。",
        )
    if code in ("403", "405"):
        return E.PROXY_FAILED, Text(
            f"The proxy {at} refused the tunnel to {where} (HTTP {code}): its own rules do not "
            "let this computer reach that host.",
            f"代理 {at_zh} 拒绝建立到 {where} 的隧道（HTTP {code}）："
            "它自己的规则不允许本机访问该主机。",
        )
    if code.startswith("5"):  # 502/503/504: the proxy tried, and could not get through
        return E.PROXY_FAILED, Text(
            f"The proxy {at} could not reach {where} (HTTP {code}): the host is down or unknown "
            "to the proxy, or does not accept the proxy's address (the bank's IP allow-list).",
            f"代理 {at_zh} 无法访问 {where}（HTTP {code}）：该主机已停止、代理不认识它，"
            "或它不接受代理的地址（银行的 IP 白名单）。",
        )
    if code:
        return E.PROXY_FAILED, Text(
            f"The proxy {at} refused the tunnel to {where} (HTTP {code}).",
            f"代理 {at_zh} 拒绝建立到 {where} 的隧道（HTTP {code}）。",
        )
    if tunnel and "timed out" in low:
        return E.PROXY_FAILED, Text(
            f"The proxy {at} did not answer the tunnel request to {where}.",
            f"代理 {at_zh} 未应答到 {where} 的隧道请求。",
        )
    if tunnel:
        return E.PROXY_FAILED, Text(
            f"The proxy {at} closed the connection when asked for a tunnel to {where} (is this "
            "an HTTP proxy?).",
            f"代理 {at_zh} 在被请求建立到 {where} 的隧道时关闭了连接（这是 HTTP 代理吗？）。",
        )
    if "connection refused" in low or "errno 111" in low:
        return E.PROXY_FAILED, Text(
            f"Connection refused at the proxy {at}: is it running, and is this its address?",
            f"代理 {at_zh} 拒绝连接：它是否在运行，地址是否正确？",
        )
    if any(
        m in low
        for m in ("name or service not known", "failed to resolve", "nodename nor servname")
    ) or ("temporary failure in name resolution" in low):
        return E.PROXY_FAILED, Text(
            f"The proxy's host name ({at}) could not be resolved.",
            f"无法解析代理的主机名（{at_zh}）。",
        )
    return E.PROXY_FAILED, Text(
        f"The proxy {at} could not connect to {where}.", f"代理 {at_zh} 无法连接到 {where}。"
    )


def _tls(
    low: str, where: str, has_client_cert: bool, proxy: str = "", after_handshake: bool = False
) -> tuple[str, Text]:
    if "certificate_verify_failed" in low or "certificate verify failed" in low:
        if "not yet valid" in low:
            return E.CERT_NOT_YET_VALID, Text(
                f"The server certificate of {where} is valid only from a later date: check this "
                "computer's date and time.",
                f"{where} 的服务器证书尚未生效：请检查本机的日期和时间。",
            )
        # the server's own certificate signed by itself ("... in certificate chain" is a CA
        # root the bundle lacks: the usual wrong-CA case, said below)
        leaf = "self-signed certificate" in low or "self signed certificate" in low
        if leaf and "in certificate chain" not in low:
            return E.SERVER_UNTRUSTED, Text(
                f"The server's certificate ({where}) is self-signed and not in the CA bundle you "
                "chose: if this is the right host, add that certificate to the bundle.",
                f"服务器 {where} 的证书是自签名的，且不在您选择的 CA 证书包中："
                "如果这是正确的主机，请把该证书加入证书包。",
            )
        if "unable to get local issuer" in low:
            return E.SERVER_UNTRUSTED, Text(
                f"The server's certificate ({where}) is not trusted by the CA you chose, or the "
                "server does not send its intermediate certificate (add it to the CA bundle).",
                f"服务器 {where} 的证书不被您选择的 CA 信任，或服务器没有发送其中间证书"
                "（可将中间证书加入 CA 证书包）。",
            )
        if "expired" in low:
            return E.CERT_EXPIRED, Text(
                f"The server certificate of {where} has expired.",
                f"{where} 的服务器证书已过期。",
            )
        if "hostname mismatch" in low or "doesn't match" in low or "not valid for" in low:
            return E.HOSTNAME_MISMATCH, Text(
                f"The server certificate of {where} is not made out for this host name.",
                f"{where} 的服务器证书与该主机名不符。",
            )
        return E.SERVER_UNTRUSTED, Text(
            f"The server's certificate ({where}) is not trusted by the CA you chose.",
            f"服务器 {where} 的证书不被您选择的 CA 信任。",
        )
    if "alert_certificate_expired" in low or "certificate expired" in low:
        return E.CERT_EXPIRED, Text(
            f"{where} says your client certificate has expired.",
            f"{where} 表示您的客户端证书已过期。",
        )
    if "unknown_ca" in low or "bad_certificate" in low or "certificate_unknown" in low:
        return E.CLIENT_CERT_REJECTED, Text(
            f"The server {where} rejected your client certificate (it does not trust its CA).",
            f"服务器 {where} 拒绝了您的客户端证书（不信任其签发 CA）。",
        )
    if "protocol_version" in low or "unsupported protocol" in low or "no protocols" in low:
        return E.TLS_OTHER, Text(
            f"{where} and this computer share no TLS version: this client takes TLS 1.2 or later.",
            f"{where} 与本机没有共同的 TLS 版本：本客户端要求 TLS 1.2 或更高版本。",
        )
    if "handshake_failure" in low and "certificate_required" not in low:
        # OpenSSL's alert for "no shared cipher" as well as for a missing certificate (TLS 1.2)
        if has_client_cert:
            return E.TLS_OTHER, Text(
                f"The server {where} ended the TLS handshake (handshake failure): it shares no "
                "TLS version or cipher suite with this client, or it refused your client "
                "certificate.",
                f"服务器 {where} 中止了 TLS 握手（handshake failure）：它与本客户端没有共同的 "
                "TLS 版本或加密套件，或者拒绝了您的客户端证书。",
            )
        return E.TLS_OTHER, Text(
            f"The server {where} ended the TLS handshake (handshake failure): it asks for a "
            "client certificate and none is configured, or it shares no TLS version or cipher "
            "suite with this client.",
            f"服务器 {where} 中止了 TLS 握手（handshake failure）：它要求客户端证书而当前未配置，"
            "或者它与本客户端没有共同的 TLS 版本或加密套件。",
        )
    if after_handshake and ("eof occurred" in low or "unexpected eof" in low):
        # A write or read after the handshake finished (where it was raised says so: OpenSSL
        # 1.1.1 words an EOF the same inside and after it). Under TLS 1.2 the certificate had
        # been accepted by then, and under 1.3 it may yet be refused, so "may".
        if has_client_cert:
            return E.NETWORK_OTHER, Text(
                f"{where} closed the connection after the TLS handshake (the server may have "
                "rejected your client certificate, or dropped the request).",
                f"{where} 在 TLS 握手之后关闭了连接"
                "（服务器可能拒绝了您的客户端证书，或丢弃了该请求）。",
            )
        return E.NETWORK_OTHER, Text(
            f"{where} closed the connection after the TLS handshake, before answering.",
            f"{where} 在 TLS 握手之后、应答之前关闭了连接。",
        )
    if "certificate_required" not in low and ("eof occurred" in low or "unexpected eof" in low):
        # closed inside the handshake with no alert: a refused certificate does that, and so
        # does a filter on this computer's address or on the host name (SNI)
        if not has_client_cert:
            return E.CLIENT_CERT_MISSING, Text(
                f"The server {where} closed the connection during the TLS handshake: it probably "
                "asks for a client certificate and none is configured (or an IP allow-list or "
                "filter drops this computer).",
                f"服务器 {where} 在 TLS 握手中关闭了连接：它可能要求客户端证书而当前未配置"
                "（或 IP 白名单、过滤器拦住了本机）。",
            )
        return E.CLIENT_CERT_REJECTED, Text(
            f"The server {where} closed the connection during the TLS handshake: it probably "
            "rejected your client certificate (or an IP allow-list or filter drops this "
            "computer).",
            f"服务器 {where} 在 TLS 握手中关闭了连接：它可能拒绝了您的客户端证书"
            "（或 IP 白名单、过滤器拦住了本机）。",
        )
    if "certificate_required" in low:
        if not has_client_cert:
            return E.CLIENT_CERT_MISSING, Text(
                f"The server {where} asks for a client certificate and none is configured.",
                f"服务器 {where} 要求客户端证书，而当前未配置。",
            )
        return E.CLIENT_CERT_REJECTED, Text(
            f"The server {where} rejected your client certificate.",
            f"服务器 {where} 拒绝了您的客户端证书。",
        )
    if "wrong_version_number" in low:
        if proxy:  # the bytes came through the proxy: it may be answering itself
            at = _proxy_at(proxy)
            return E.PROXY_FAILED, Text(
                f"What came back through the proxy {at} for {where} is not TLS: the proxy may be "
                "answering itself (a block or login page), or the host speaks plain HTTP.",
                f"经代理 {at} 从 {where} 返回的内容不是 TLS：可能是代理自己在应答"
                "（拦截页或登录页），或该主机是明文 HTTP。",
            )
        return E.TLS_OTHER, Text(
            f"{where} does not speak TLS (is it plain HTTP?).",
            f"{where} 不是 TLS 服务（是否为明文 HTTP？）。",
        )
    if "handshake operation timed out" in low or "timed out" in low:
        return E.TIMEOUT, Text(
            f"{where} accepted the connection but never answered the TLS handshake (a firewall, "
            "a proxy or an IP allow-list holding it?).",
            f"{where} 接受了连接，却始终没有回应 TLS 握手"
            "（是否被防火墙、代理或 IP 白名单拦住？）。",
        )
    return E.TLS_OTHER, Text(
        f"The TLS handshake with {where} failed.", f"与 {where} 的 TLS 握手失败。"
    )


def local_file_error(
    exc: OSError, path: Path | str, *, writing: bool, record: ExchangeRecord | None = None
) -> ClientError:
    """The :class:`ClientError` for a local file that could not be read or written.

    Why: "Cannot write X." with the real cause hidden in ``detail`` leaves the user guessing;
    a full disk, a missing permission or a read-only volume each need a different fix, so the
    sentence names the cause (the library's message stays in ``detail``).
    """
    code = exc.errno
    verb = Text("write", "写入") if writing else Text("read", "读取")
    if code in (errno.ENOSPC, errno.EDQUOT):
        quota = code == errno.EDQUOT
        text = Text(
            f"The disk is full{' (your quota is used up)' if quota else ''}: {path} could not "
            "be written. Free some space or choose another folder.",
            f"磁盘已满{'（配额已用完）' if quota else ''}：无法写入 {path}。"
            "请释放空间或选择其他文件夹。",
        )
    elif code in (errno.EACCES, errno.EPERM):
        text = Text(
            f"No permission to {verb.en} {path}.",
            f"没有{verb.zh} {path} 的权限。",
        )
    elif code == errno.EROFS:
        text = Text(
            f"{path} is on a read-only disk: choose another folder.",
            f"{path} 位于只读磁盘上：请选择其他文件夹。",
        )
    elif code == errno.ENOENT:
        text = Text(f"{path} does not exist.", f"{path} 不存在。")
    elif code == errno.EISDIR:
        text = Text(f"{path} is a folder, not a file.", f"{path} 是文件夹，不是文件。")
    elif code == errno.ENOTDIR:
        text = Text(
            f"A part of the path {path} is a file, not a folder.",
            f"路径 {path} 中有一部分是文件而不是文件夹。",
        )
    elif code == errno.ENAMETOOLONG:
        text = Text(f"The name {path} is too long.", f"名称 {path} 太长。")
    elif code == errno.EIO:
        text = Text(
            f"The disk reported an input/output error on {path}.",
            f"磁盘在 {path} 上报告了输入/输出错误。",
        )
    else:
        reason = os_reason(exc)
        text = Text(
            f"Cannot {verb.en} {path}: {reason.en}.",
            f"无法{verb.zh} {path}：{reason.zh}。",
        )
    return ClientError(E.LOCAL_FILE, text, detail=str(exc), record=record)
