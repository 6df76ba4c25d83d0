"""JUnit XML for both kits, so that a partner's CI can gate on them.

One ``testcase`` per callback case; for the client kit one per kind of finding, one for the
refused requests, and one that is skipped (with ``--require-requests``: failed) when no request
was graded. The suite's properties carry the tool version, the time and the target.
Sentences are English (CI logs), the Chinese follows in the failure's text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from workbench import __version__
from workbench.conformance.client import FINDINGS, ClientReport
from workbench.conformance.client import iso_time as _iso
from workbench.conformance.endpoint import BatteryRun


def _suite(
    name: str, tests: int, failures: int, when_ms: int, target: str, skipped: int = 0
) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        {
            "name": name,
            "tests": str(tests),
            "failures": str(failures),
            "errors": "0",
            "skipped": str(skipped),
            "timestamp": _iso(when_ms),
        },
    )
    props = ET.SubElement(suite, "properties")
    for key, value in (("tool", "webank-workbench"), ("tool_version", __version__)):
        ET.SubElement(props, "property", {"name": key, "value": value})
    ET.SubElement(props, "property", {"name": "target", "value": target})
    ET.SubElement(props, "property", {"name": "time", "value": _iso(when_ms)})
    return suite


# What XML 1.0 cannot hold: control characters but tab and line ends, U+FFFE/U+FFFF, and lone
# surrogates. An endpoint's answer may carry any of them; each is shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _document(suite: ET.Element) -> bytes:
    for element in suite.iter():  # the endpoint's words go in unchecked: keep the file valid
        if element.text:
            element.text = _xml_safe(element.text)
        for key, value in element.attrib.items():
            element.set(key, _xml_safe(value))
    keys = ("name", "tests", "failures", "skipped")
    root = ET.Element("testsuites", {k: suite.get(k, "") for k in keys})
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def callback_junit(run: BatteryRun) -> bytes:
    suite = _suite("conformance.callback", len(run.results), run.failed, run.started_ms, run.target)
    for r in run.results:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": "conformance.callback",
                "name": f"{r.case_id}: {r.title.en}",
                "time": f"{r.elapsed_ms / 1000:.3f}",
            },
        )
        if not r.passed:
            why = r.why()
            failure = ET.SubElement(case, "failure", {"message": why.en})
            failure.text = (
                f"expected {r.expect_code}, answered {r.answer_code or '-'}\n{why.en}\n{why.zh}\n"
                f"sent: {r.sent_excerpt}\nanswer: {r.answer_excerpt}"
            )
    return _document(suite)


def client_junit(report: ClientReport, *, require_requests: bool = False) -> bytes:
    """``require_requests`` (``--require-requests``): a report that graded no request fails its
    "requests graded" case; otherwise that case is skipped, so that a CI reading only this
    file sees that nothing was graded rather than a clean pass."""
    found = {f.code: f for f in report.findings}
    refused = [r for r in report.requests if r.refused]
    nothing = not report.requests
    suite = _suite(
        "conformance.client",
        len(FINDINGS) + 2,
        len(found) + (1 if refused else 0) + (1 if nothing and require_requests else 0),
        report.generated_ms,
        report.target,
        skipped=1 if nothing and not require_requests else 0,
    )
    case = ET.SubElement(
        suite, "testcase", {"classname": "conformance.client", "name": "requests graded"}
    )
    if nothing:
        message = "no request was graded: the sandbox's log holds none (since --since, if given)"
        ET.SubElement(case, "failure" if require_requests else "skipped", {"message": message})
    case = ET.SubElement(
        suite, "testcase", {"classname": "conformance.client", "name": "requests accepted"}
    )
    if refused:
        lines = [
            f"{_iso(r.time_ms)} {r.method} {r.path} -> {r.code or r.status} "
            + "; ".join(s.text.en for s in r.slips)
            for r in refused
        ]
        failure = ET.SubElement(case, "failure", {"message": f"{len(refused)} request(s) refused"})
        failure.text = "\n".join(lines)
    for code in FINDINGS:
        case = ET.SubElement(suite, "testcase", {"classname": "conformance.client", "name": code})
        if code in found:
            text = found[code].text
            failure = ET.SubElement(case, "failure", {"message": text.en})
            failure.text = f"{text.en}\n{text.zh}"
    return _document(suite)


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
