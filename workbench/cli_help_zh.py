"""``--help`` in Chinese: every description, section title and option help of the command line.

The parsers are written in English (cli.py and the cli_* modules); under ``--lang zh``
:func:`translate_help` puts a parser's texts into Chinese from :data:`HELP_ZH` just before
argparse formats its help, so nothing is paid until ``--help`` is asked for. A text not in the
table stays English; tests/test_cli_help_zh.py walks every parser and holds the table
complete. Option names, metavars and values are not translated: scripts type them.
"""

from __future__ import annotations

import argparse
import re

HELP_ZH: dict[str, str] = {
    # argparse's own words
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "show program's version number and exit": "显示程序版本并退出",
    # the program
    "WeBank open platform workbench. Without a command, opens the window.": (
        "微众银行开放平台工作台。不带命令时打开窗口。"
    ),
    "commands": "命令",
    "settings, history and sandbox state live here instead of the user's profile": (
        "设置、历史记录和沙箱状态保存在这里，而不是用户配置文件夹"
    ),
    "language of messages (default: English here, the system's in the window)": (
        "消息的语言（默认：命令行用英文，窗口跟随系统）"
    ),
    "open the window, check it starts, close it": "打开窗口，检查能否启动，然后关闭",
    "compute a request sign (guide 4.3.1)": "计算请求签名（指南 4.3.1）",
    "check a sign made elsewhere and name the slip behind a wrong one": (
        "核对在别处算出的签名，签名不对时指出错在哪里"
    ),
    "verify or sign callback envelopes (guide 5.5)": "验证或签名回调报文（指南 5.5）",
    "explain platform and partner codes (guide appendix 2, 5.5)": (
        "解释平台和合作方的返回码（指南附录 2、5.5）"
    ),
    "print a cURL command or a Python/Java program for one signed business call": (
        "为一次已签名的业务调用打印 cURL 命令或 Python/Java 程序"
    ),
    "check the way to the platform: DNS, TCP, TLS with the client certificate, token": (
        "检查到平台的连接：DNS、TCP、带客户端证书的 TLS、access_token"
    ),
    "send one signed business request and print both code layers": (
        "发送一次已签名的业务请求，打印两层返回码"
    ),
    "run the local sandbox platform (mutual TLS) in the foreground": (
        "在前台运行本地沙箱平台（双向 TLS）"
    ),
    "grade your callback endpoint or your client against the guide": (
        "按指南评测你的回调接口或你的客户端"
    ),
    # sign
    "Compute the SHA1 sign of a business or file request (guide 4.3.1).": (
        "计算业务请求或文件请求的 SHA1 签名（指南 4.3.1）。"
    ),
    "2.0.0 for business calls, 1.0.0 for file calls": "业务接口为 2.0.0，文件接口为 1.0.0",
    "32 letters and digits; generated when absent": "32 位字母和数字；不给出时自动生成",
    "the sign ticket": "签名票据",
    "read the ticket from this variable": "从这个环境变量读取票据",
    "add this type value; absent: no type value": "加入这个 type 值；不给出时不加 type 值",
    "the exact body text sent": "发送的 body 原文",
    "the body, exact bytes, strict UTF-8; '-' reads stdin": (
        "body 文件，按原样的字节，必须是严格的 UTF-8；'-' 表示读取标准输入"
    ),
    "a further signed value (repeatable)": "再加入一个参与签名的值（可重复）",
    "print one JSON object": "输出一个 JSON 对象",
    # sign check
    "Recompute the sign of a request sent elsewhere (guide 4.3.1) and name the known slip that "
    "reproduces a wrong one. Exit status: 0 the sign matches, 1 it does not, 2 malformed input.": (
        "重新计算在别处发送的请求的签名（指南 4.3.1），签名不对时指出能复现它的已知错误。"
        "退出码：0 签名一致，1 不一致，2 输入格式有误。"
    ),
    "the request URL, or its query": "请求的 URL，或它的查询串",
    "the sign ticket it was signed with": "签名时用的签名票据",
    "the ticket before it (still accepted for 5 minutes after a new one)": (
        "前一个票据（新票据下发后 5 分钟内仍然有效）"
    ),
    "the request's type, when the URL does not show it": "请求的 type 值，URL 中没有时给出",
    # callback
    "Verify or sign callback envelopes (guide 5.5).": "验证或签名回调报文（指南 5.5）。",
    "actions": "操作",
    "check an envelope's signature and timestamp": "检查报文的签名和时间戳",
    "build a signed envelope (a partner answer or a bank request)": (
        "生成已签名的报文（合作方应答或银行请求）"
    ),
    "find every callback in a log and check it": "找出日志中的每条回调并逐条检查",
    "Exit status: 0 valid, 1 signature mismatch or timestamp outside the window, "
    "2 malformed envelope, 3 nothing could be checked (a file or a variable missing or "
    "unreadable).": (
        "退出码：0 有效，1 签名不符或时间戳超出时间窗口，2 报文格式有误，"
        "3 无法检查（文件或环境变量缺失或无法读取）。"
    ),
    "the callback salt; '-' reads one line from stdin": "回调盐值；'-' 表示从标准输入读取一行",
    "read the salt from this variable": "从这个环境变量读取盐值",
    "the envelope as received; '-' reads stdin": "收到的报文原文；'-' 表示读取标准输入",
    "accepted timestamp age either way (default 300)": ("时间戳前后允许相差的秒数（默认 300）"),
    "the current time, epoch ms": "当前时间，毫秒时间戳",
    "epoch ms (default: now)": "毫秒时间戳（默认：现在）",
    "default: the timestamp and 6 digits": "默认：时间戳加 6 位数字",
    "the business JSON (a final newline is dropped); '-' reads stdin": (
        "业务 JSON 文件（去掉末尾的换行）；'-' 表示读取标准输入"
    ),
    "the business JSON text": "业务 JSON 原文",
    "Find callbacks, partner answers, signed request URLs and platform answers in a log; check "
    "each callback. Exit status: 0 every checked callback is valid, 1 any is not, "
    "2 nothing was found, 3 nothing could be checked (the log or a variable missing or "
    "unreadable).": (
        "在日志中找出回调、合作方应答、已签名的请求 URL 和平台应答，并逐条检查回调。"
        "退出码：0 检查的回调都有效，1 有无效的回调，2 什么也没找到，"
        "3 无法检查（日志或环境变量缺失或无法读取）。"
    ),
    "the log file, any size (UTF-8; bytes that are not are replaced)": (
        "日志文件，大小不限（UTF-8；不是 UTF-8 的字节会被替换）"
    ),
    "read the log from standard input": "从标准输入读取日志",
    "'-' reads the salt as one line of stdin": "'-' 表示从标准输入读取一行作为盐值",
    "accepted timestamp age either way, in seconds, against the log line's time (default 300)": (
        "以日志行的时间为准，时间戳前后允许相差的秒数（默认 300）"
    ),
    "also write every item to this CSV file": "同时把每一项写入这个 CSV 文件",
    "the zone of log times written without one: Z, UTC, +08:00, UTC-05:30 or +0800 (a bare "
    "-05:30 needs the = form: --log-utc-offset=-05:30; default: this computer's zone); times "
    "that carry a zone keep it": (
        "日志中不带时区的时间所用的时区：Z、UTC、+08:00、UTC-05:30 或 +0800"
        "（单独的 -05:30 要写成 --log-utc-offset=-05:30；默认：本机的时区）；"
        "带时区的时间按其自带的时区"
    ),
    # export
    "Print a program that sends one signed business request (guide 4.3, 4.4). The Python and "
    "Java programs sign with a fresh nonce on every run; the cURL command's nonce is "
    "single-use.": (
        "打印一个发送一次已签名业务请求的程序（指南 4.3、4.4）。Python 和 Java 程序每次运行都用"
        "新的 nonce 签名；cURL 命令中的 nonce 只能用一次。"
    ),
    "https://host[:port]": "https://host[:port]",
    "the sign ticket (used to sign the cURL URL)": "签名票据（用于给 cURL 的 URL 签名）",
    "the variable that holds the ticket, now and at run": (
        "保存票据的环境变量，现在和运行时都从它读取"
    ),
    "the exact body text": "body 原文",
    "the body, strict UTF-8; '-' reads stdin": (
        "body 文件，必须是严格的 UTF-8；'-' 表示读取标准输入"
    ),
    "the type parameter (signed once)": "type 参数（只参与一次签名）",
    "client certificate (PEM)": "客户端证书（PEM）",
    "client private key (PEM)": "客户端私钥（PEM）",
    "the variable holding its password": "保存其密码的环境变量",
    "client certificate and key (PKCS#12)": "客户端证书和私钥（PKCS#12）",
    "the CA that signed the server (default: system)": "签发服务器证书的 CA（默认：系统的）",
    "write the ticket and passwords into the output instead of reading variables": (
        "把票据和密码直接写进输出，而不是从环境变量读取"
    ),
    # check
    "The steps of the window's Check connection, from this machine. Exit status 0 when every "
    "step passed. Secrets come from variables or the keyring.": (
        "在本机执行窗口中“检查连接”的各个步骤。每一步都通过时退出码为 0。"
        "密钥来自环境变量或系统钥匙串。"
    ),
    "a saved environment of the profile": "配置中已保存的环境",
    "the variable holding the app secret ('-': stdin)": (
        "保存应用密钥的环境变量（'-' 表示标准输入）"
    ),
    "an HTTP proxy, http://host:port": "HTTP 代理，http://host:port",
    "stop after TLS (a token fetch replaces the token your server is using)": (
        "在 TLS 之后停止（获取 access_token 会顶替你的服务器正在用的 access_token）"
    ),
    "print the steps as one JSON object": "把各个步骤输出为一个 JSON 对象",
    # call
    "Send one signed business request (guide 4.3, 4.4). Exit status 0 when the platform answers "
    "60840000.": ("发送一次已签名的业务请求（指南 4.3、4.4）。平台应答 60840000 时退出码为 0。"),
    "the variable holding a sign ticket": "保存签名票据 的环境变量",
    "the variable holding an access token": "保存 access_token 的环境变量",
    "fetch token and ticket here even on a bank environment (kicks out your server's)": (
        "即使是银行环境也在这里获取 access_token 和票据（会顶掉你的服务器的）"
    ),
    # sandbox
    "Run the local stand-in for the open platform. Prints one JSON line with its URLs, test "
    "account and certificate paths when ready; Ctrl-C stops it.": (
        "运行本地的开放平台替身。就绪时输出一行 JSON，包含它的 URL、测试账号和证书路径；"
        "按 Ctrl-C 停止。"
    ),
    "address to bind (default 127.0.0.1)": "监听的地址（默认 127.0.0.1）",
    "API host port (0: a free one)": "API 主机的端口（0 表示任选一个空闲端口）",
    "file host port (0: a free one)": "文件主机的端口（0 表示任选一个空闲端口）",
    "certificates, tokens and files (default: the user data folder)": (
        "证书、access_token 和文件的存放位置（默认：用户数据文件夹）"
    ),
    # conformance
    "Conformance kits: grade a callback endpoint (callback) or a client that talked to the "
    "sandbox (client), and write reports to attach to a go-live ticket.": (
        "合规评测：评测回调接口（“callback”）或与沙箱通信过的客户端（“client”），"
        "并生成可附在上线工单中的报告。"
    ),
    "kits": "评测项",
    "send signed callbacks to your endpoint and grade the answers": (
        "向你的接口发送已签名的回调，并评测它的应答"
    ),
    "grade the requests your client sent to the sandbox": "评测你的客户端发给沙箱的请求",
    "Exit status: 0 every case passed, 1 a case failed, 2 the endpoint cannot be reached.": (
        "退出码：0 所有用例通过，1 有用例失败，2 无法连接接口。"
    ),
    "your callback endpoint": "你的回调接口",
    "read the callback salt from this variable": "从这个环境变量读取回调盐值",
    "'-' reads the salt from one line of stdin": "'-' 表示从标准输入读取一行作为盐值",
    "transName sent (default ConformanceCheck)": "发送的 transName（默认 ConformanceCheck）",
    "CA certificate(s) to trust for the endpoint": "信任的接口 CA 证书",
    "allow a plain http:// URL (dedicated line)": "允许不加密的 HTTP 地址（专线）",
    "write a JUnit XML report": "写出 JUnit XML 报告",
    "write an HTML report (both languages)": "写出 HTML 报告（中英两种语言）",
    "Exit status: 0 nothing found wrong, 1 a finding or a refused request (or, with "
    "--require-requests, no request to grade), 2 the sandbox's state cannot be read. TIME: "
    "2026-11-29T18:00, epoch milliseconds, or 30m / 2h / 1d back from now (the sandbox's "
    "clock).": (
        "退出码：0 没有发现问题，1 有发现或有被拒绝的请求（或在 --require-requests 时没有可评测的"
        "请求），2 无法读取沙箱的状态。TIME：2026-11-29T18:00、毫秒时间戳，"
        "或从现在往前的 30m / 2h / 1d（按沙箱的时钟）。"
    ),
    "the sandbox's state folder": "沙箱的状态文件夹",
    "only requests from this time on": "只看这个时间以后的请求",
    "exit 1 when there is no request to grade (for CI: nothing graded is no pass)": (
        "没有可评测的请求时退出码为 1（用于 CI：什么也没评测不算通过）"
    ),
}


def translate_help(parser: argparse.ArgumentParser) -> None:
    """Put ``parser``'s description, section titles and option helps into Chinese, with the
    helps of its subcommands as listed (each subcommand's parser does its own when asked)."""
    parser.description = _zh(parser.description)
    parser.epilog = _zh(parser.epilog)
    for group in parser._action_groups:
        group.title = _zh(group.title)
    for action in parser._actions:
        action.help = _zh(action.help)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = _zh(choice.help)


def _zh(text: str | None) -> str | None:
    return HELP_ZH.get(text, text) if text else text


def help_zh(text: str) -> str:
    """argparse's formatted help, its own words in Chinese: "用法：", and the full-width colon
    after a Chinese section title."""
    return re.sub(f"^(.*{_CJK}):$", r"\1：", usage_zh(text), flags=re.M)


def usage_zh(text: str) -> str:
    # "用法：" is six columns wide and "usage: " seven: a space keeps the usage's further lines
    # under its first
    return "用法： " + text[len("usage: ") :] if text.startswith("usage: ") else text


_CJK = "[\u3000-\u9fff\uff00-\uffef]"  # CJK characters and full-width punctuation
_PIECES = f"{_CJK}|[^\\s\u3000-\u9fff\uff00-\uffef]+|\\s+"  # compiled on use (re caches it)
_NO_LINE_START = set("，。；：、）》”’！？")
_NO_LINE_END = set("（《“‘")


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Wraps Chinese by its width on screen (a character is two columns) and between any two
    characters; an option name such as ``--log-utc-offset=-05:30`` is never cut at a hyphen."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_zh(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = wrap_zh(" ".join(text.split()), width - len(indent))
        return "\n".join(indent + line for line in lines)


def wrap_zh(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a CJK character takes two); a word of
    letters is kept whole (a longer one has a line of its own), no line starts with a closing
    mark and none ends with an opening one: the character before or after goes along."""
    pieces = re.findall(_PIECES, text)
    lines: list[list[str]] = [[]]
    used = 0
    for piece in pieces:
        if piece.isspace():
            if lines[-1]:
                lines[-1].append(" ")
                used += 1
            continue
        size = _width(piece)
        alone = len([p for p in lines[-1] if p != " "]) <= 1
        if lines[-1] and used + size > width and not (piece in _NO_LINE_START and alone):
            carried: list[str] = []
            line = lines[-1]
            while line and line[-1] == " ":
                line.pop()
            # keep a closing mark off the new line's start, an opening one off this line's end
            if piece in _NO_LINE_START and len(line) > 1:
                carried.append(line.pop())
            while len(line) > 1 and line[-1] in _NO_LINE_END:
                carried.insert(0, line.pop())
            lines.append(carried)
            used = sum(_width(p) for p in carried)
        lines[-1].append(piece)
        used += size
    text_lines = ["".join(line).rstrip() for line in lines]
    return [line for line in text_lines if line] or [""]


def _width(piece: str) -> int:
    return sum(2 if re.match(_CJK, ch) else 1 for ch in piece)
