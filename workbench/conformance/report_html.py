"""HTML reports people can attach to a go-live ticket: one file, both languages, no assets.

The page holds the report twice, in Chinese and in English; the links at the top switch between
them with CSS alone (``:target``), so it works offline, in a mail client's viewer and with
scripts off. ``report.html#zh`` opens in Chinese. Nothing secret is in it: the salt never
enters a report, the answers are masked by the grading, the URL's password and query values
are masked, and the client report shows paths, not queries.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from workbench import __version__
from workbench.conformance.client import ClientReport, iso_time
from workbench.conformance.endpoint import BatteryRun
from workbench.core.text import Text

_T = Text
WORDS: dict[str, Text] = {
    "callback_title": _T("Callback endpoint conformance", "回调接口合规检查"),
    "client_title": _T("Client conformance on the sandbox", "客户端合规检查（沙箱）"),
    "tool": _T("Tool", "工具"),
    "time": _T("Time", "时间"),
    "target": _T("Target", "目标"),
    "trans_name": _T("transName", "transName"),
    "limit": _T("Answer time limit", "应答时限"),
    "case": _T("Case", "用例"),
    "sent": _T("Sent", "发送内容"),
    "expected": _T("Expected", "应答应为"),
    "answered": _T("Answered", "实际应答"),
    "signature": _T("Answer signed", "应答签名"),
    "elapsed": _T("Time taken", "用时"),
    "result": _T("Result", "结果"),
    "why": _T("Why", "原因"),
    "passed": _T("passed", "通过"),
    "failed": _T("failed", "未通过"),
    "yes": _T("correct", "正确"),
    "no": _T("wrong or missing", "错误或缺失"),
    "method": _T("Method", "方法"),
    "path": _T("Path", "路径"),
    "code": _T("Code", "代码"),
    "slips": _T("Slips behind a refusal", "被拒原因"),
    "accepted": _T("accepted", "已接受"),
    "refused": _T("refused", "被拒"),
    "findings": _T("Findings", "发现的问题"),
    "no_findings": _T(
        "No pattern the bank objects to was found.", "没有发现银行会反对的调用模式。"
    ),
    "requests": _T("Requests", "请求"),
    "no_requests": _T("The sandbox logged no request.", "沙箱没有记录任何请求。"),
    "client_masked": _T(
        "Secrets are masked: no query, token, ticket or body is in this report.",
        "机密信息已隐藏：本报告不含查询参数、token、ticket 或报文。",
    ),
    "cancelled": _T("The run was stopped before the end.", "检查在结束前被停止。"),
    "masked": _T(
        "Secrets are masked: the salt never enters this report.",
        "机密信息已隐藏：盐值不会出现在本报告中。",
    ),
}

_CSS = """
body{font:14px/1.45 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;
color:#1d2329;background:#fff}
h1{font-size:22px;margin:0 0 12px}nav{float:right}nav a{margin-left:12px}
.lang{display:none}#en{display:block}#zh:target{display:block}#zh:target+#en{display:none}
table{border-collapse:collapse;width:100%;margin:12px 0}th,td{border:1px solid #d0d7de;
padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f5f7}
.meta th{width:180px}.ok{color:#116329;font-weight:600;white-space:nowrap}
.bad{color:#b42318;font-weight:600;white-space:nowrap}
.summary{font-size:16px;margin:8px 0}.nowrap{white-space:nowrap}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;
font-size:12px;word-break:break-all}.note{color:#57606a}tr.fail{background:#fff5f5}
"""


def _page(title: Text, section: Callable[[str], str]) -> str:
    sections = "".join(
        f'<section class="lang" id="{lang}" lang="{"zh-CN" if lang == "zh" else "en"}">'
        f"<h1>{escape(title(lang))}</h1>{section(lang)}</section>"
        for lang in ("zh", "en")  # zh first: the CSS sibling rule hides en when #zh is targeted
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title.en)} · {escape(title.zh)}</title><style>{_CSS}</style></head>"
        '<body><nav><a href="#en">English</a><a href="#zh">中文</a></nav>'
        f"{sections}</body></html>\n"
    )


def _meta(lang: str, rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><th>{escape(WORDS[key](lang))}</th><td>{escape(value)}</td></tr>"
        for key, value in rows
    )
    return f'<table class="meta">{cells}</table>'


def _verdict(ok: bool, lang: str, good: str = "passed", bad: str = "failed") -> str:
    word = WORDS[good if ok else bad](lang)
    return f'<span class="{"ok" if ok else "bad"}">{escape(word)}</span>'


def callback_html(run: BatteryRun) -> str:
    """The callback kit's report."""

    def section(lang: str) -> str:
        meta = _meta(
            lang,
            [
                ("tool", f"webank-workbench {run.tool_version}"),
                ("time", iso_time(run.started_ms)),
                ("target", run.target),
                ("trans_name", run.trans_name),
                ("limit", f"{run.limit_s:g} s"),
            ],
        )
        head = "".join(
            f"<th>{escape(WORDS[k](lang))}</th>"
            for k in ("case", "sent", "expected", "answered", "signature", "elapsed", "result")
        )
        rows = []
        for i, r in enumerate(run.results, 1):
            rows.append(
                f'<tr class="{"" if r.passed else "fail"}"><td>{i}. {escape(r.title(lang))}'
                f'<div class="note mono">{escape(r.case_id)}</div></td>'
                f'<td class="mono">{escape(r.sent_excerpt)}</td>'
                f"<td>{escape(r.expect_code)}</td><td>{escape(r.answer_code or '—')}</td>"
                f"<td>{_verdict(r.answer_signature_ok, lang, 'yes', 'no')}</td>"
                f"<td>{r.elapsed_ms} ms</td><td>{_verdict(r.passed, lang)}</td></tr>"
                f'<tr class="{"" if r.passed else "fail"}"><td colspan="7">'
                f"<b>{escape(WORDS['why'](lang))}:</b> {escape(r.why()(lang))}"
                + ("" if r.passed else f'<div class="note mono">{escape(r.answer_excerpt)}</div>')
                + "</td></tr>"
            )
        cancelled = (
            f'<p class="bad">{escape(WORDS["cancelled"](lang))}</p>' if run.cancelled else ""
        )
        return (
            f'{meta}<p class="summary">{_verdict(run.failed == 0, lang)} '
            f"{escape(run.summary()(lang))}</p>{cancelled}"
            f"<table><tr>{head}</tr>{''.join(rows)}</table>"
            f'<p class="note">{escape(WORDS["masked"](lang))}</p>'
        )

    return _page(WORDS["callback_title"], section)


def client_html(report: ClientReport) -> str:
    """The client kit's report."""

    def section(lang: str) -> str:
        meta = _meta(
            lang,
            [
                ("tool", f"webank-workbench {__version__}"),
                ("time", iso_time(report.generated_ms)),
                ("target", report.target),
            ],
        )
        if report.findings:
            items = "".join(
                f"<li><b>{escape(f.code)}</b> × {f.count}: {escape(f.text(lang))}</li>"
                for f in report.findings
            )
            findings = f"<ul>{items}</ul>"
        else:
            findings = f'<p class="ok">{escape(WORDS["no_findings"](lang))}</p>'
        head = "".join(
            f"<th>{escape(WORDS[k](lang))}</th>"
            for k in ("time", "method", "path", "code", "result", "slips")
        )
        rows = "".join(
            f'<tr class="{"fail" if r.refused else ""}">'
            f'<td class="nowrap">{escape(iso_time(r.time_ms))}</td>'
            f'<td>{escape(r.method)}</td><td class="nowrap mono">{escape(r.path)}</td>'
            f"<td>{escape(r.code or str(r.status))}</td>"
            f"<td>{_verdict(not r.refused, lang, 'accepted', 'refused')}</td>"
            f"<td>{'<br>'.join(escape(s.text(lang)) for s in r.slips)}</td></tr>"
            for r in report.requests
        )
        table = (
            f"<table><tr>{head}</tr>{rows}</table>"
            if report.requests
            else f"<p>{escape(WORDS['no_requests'](lang))}</p>"
        )
        summary = Text(
            f"{len(report.requests)} request(s): {report.refused} refused, "
            f"{len(report.findings)} finding(s).",
            f"共 {len(report.requests)} 个请求：{report.refused} 个被拒，"
            f"{len(report.findings)} 项问题。",
        )
        return (
            f'{meta}<p class="summary">{_verdict(report.clean, lang)} '
            f"{escape(summary(lang))}</p>"
            f"<h2>{escape(WORDS['findings'](lang))}</h2>{findings}"
            f"<h2>{escape(WORDS['requests'](lang))}</h2>{table}"
            f'<p class="note">{escape(WORDS["client_masked"](lang))}</p>'
        )

    return _page(WORDS["client_title"], section)
