"""The callback kit against real endpoints on 127.0.0.1: a correct one passes every case, and
each planted bug is flagged for exactly that bug and nothing else."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conformance import endpoints as ep
from workbench.conformance.battery import BATTERY
from workbench.conformance.callback import SENTENCES, CaseResult
from workbench.conformance.endpoint import (
    BatteryRun,
    EndpointUnreachable,
    mask_url,
    run_callback_battery,
)

ROOT = Path(__file__).resolve().parents[2]
ALL = {c.id for c in BATTERY}


def _run(handler: Callable[[bytes], ep.Answer], **kw: object) -> BatteryRun:
    with ep.serve(handler) as url:
        return run_callback_battery(url, ep.SALT, insecure_http_ok=True, **kw)  # type: ignore[arg-type]


def _failed(run: BatteryRun) -> dict[str, CaseResult]:
    return {r.case_id: r for r in run.results if not r.passed}


def _slip_codes(result: CaseResult) -> list[str]:
    return [code for code, _text in result.slips]


def _wrong(result: CaseResult) -> list[str]:
    return [c.name for c in result.checks if not c.ok]


def test_a_correct_endpoint_passes_every_case() -> None:
    run = _run(ep.reference)
    assert [r.case_id for r in run.results] == [c.id for c in BATTERY]
    assert run.failed == 0 and run.passed == len(BATTERY)
    assert all(r.answer_signature_ok for r in run.results)
    assert run.summary().en == f"All {len(BATTERY)} cases passed."


def test_an_endpoint_ignoring_the_timestamp_fails_exactly_the_timestamp_cases() -> None:
    failed = _failed(_run(ep.ignores_timestamp))
    assert set(failed) == {
        "timestamp_old",
        "timestamp_ahead",
        "timestamp_day_old",
        "timestamp_day_ahead",
    }
    for r in failed.values():
        assert r.answer_code == "0000" and _wrong(r) == ["code"]
        assert _slip_codes(r) == ["ignores_timestamp"]
        assert "ignores the Timestamp" in r.why().en


def test_an_endpoint_answering_upper_case_hex_is_flagged_on_every_answer_for_that_only() -> None:
    run = _run(ep.upper_hex)
    assert set(_failed(run)) == ALL
    for r in run.results:
        assert r.answer_code in r.expect_codes  # the codes themselves are right
        assert [c.text for c in r.checks if not c.ok] == [SENTENCES["upper_hex"]]
        assert r.slips == ()


def test_an_endpoint_reencoding_with_quote_plus_fails_exactly_on_tilde_and_star() -> None:
    failed = _failed(_run(ep.reencodes_quote_plus))
    assert set(failed) == {"valid_star", "valid_tilde"}
    for r in failed.values():
        assert r.answer_code == "0010" and _wrong(r) == ["code"]
        assert _slip_codes(r) == ["quote_plus"]
        assert "quote_plus" in r.why().en and "'~' and '*'" in r.why().en


@pytest.mark.parametrize(
    ("endpoint", "slip", "extra"),
    [
        (ep.reencodes_rawurlencode, "rawurlencode", {"valid_star"}),
        (ep.reencodes_encode_uri_component, "encode_uri_component", set()),
    ],
)
def test_an_endpoint_reencoding_the_space_as_percent_20_is_named_by_its_encoder(
    endpoint: Any, slip: str, extra: set[str]
) -> None:
    failed = _failed(_run(endpoint))
    spaced = {"valid_space", "valid_percent", "valid_emoji", "valid_large", "valid_tilde"}
    assert {cid for cid in failed if cid.startswith("valid_")} == spaced | extra
    for cid in spaced | extra:
        assert _slip_codes(failed[cid]) == [slip]


def test_an_endpoint_decoding_plain_twice_is_told_so_not_that_it_limits_sizes() -> None:
    failed = _failed(_run(ep.decodes_twice))
    assert set(failed) == {"valid_percent", "valid_large"}
    assert all(_slip_codes(r) == ["percent"] for r in failed.values())


def test_an_endpoint_with_another_salt_is_told_so_and_not_about_the_order_of_its_checks() -> None:
    failed = _failed(_run(ep.other_salt))
    assert all(
        _slip_codes(failed[c]) == ["every_valid_0010"] for c in failed if c.startswith("valid_")
    )
    for cid in ("plain_bad_percent", "plain_not_json"):
        assert "plain_before_signature" not in _slip_codes(failed[cid])


def test_an_endpoint_accepting_any_signature_fails_exactly_the_signature_cases() -> None:
    failed = _failed(_run(ep.accepts_any_signature))
    assert set(failed) == {"signature_wrong", "signature_md5", "signature_other_salt"}
    for r in failed.values():
        assert r.answer_code == "0000" and _wrong(r) == ["code"]
        assert _slip_codes(r) == ["accepts_any_signature"]


def test_an_endpoint_accepting_a_callback_without_signature_fails_that_case_alone() -> None:
    run = _run(ep.skips_a_missing_signature)
    failed = _failed(run)
    assert set(failed) == {"envelope_no_signature"}
    assert _slip_codes(failed["envelope_no_signature"]) == ["accepts_missing_signature"]
    assert "anybody" in failed["envelope_no_signature"].slips[0][1].en


def test_an_endpoint_answering_without_signing_is_flagged_for_that_only() -> None:
    run = _run(ep.answers_unsigned)
    assert set(_failed(run)) == ALL
    for r in run.results:
        assert r.answer_code in r.expect_codes
        assert [c.text for c in r.checks if not c.ok] == [SENTENCES["unsigned"]]
        assert not r.answer_signature_ok and r.slips == ()


def test_a_down_endpoint_is_one_sentence() -> None:
    from workbench.sandbox.server import free_port

    with pytest.raises(EndpointUnreachable) as caught:
        run_callback_battery(f"http://127.0.0.1:{free_port()}/cb", ep.SALT, insecure_http_ok=True)
    assert caught.value.text.en == (
        "Nothing answers at that address (connection refused, closed, or the host is unknown)."
    )
    assert caught.value.text.zh.endswith("。")


def test_an_endpoint_slower_than_the_timeout_is_one_sentence() -> None:
    with pytest.raises(EndpointUnreachable) as caught:
        _run(ep.slow(1.0), timeout_s=0.3)
    assert caught.value.text.en == "The endpoint did not answer within 0.3 s."


def test_an_endpoint_slower_than_the_limit_fails_on_time() -> None:
    run = _run(ep.slow(0.25), limit_s=0.1, cases=BATTERY[:2])
    assert run.failed == 2
    for r in run.results:
        assert _wrong(r) == ["time"] and "over the 0.1 s limit" in r.why().en


def test_an_endpoint_answering_html_says_so() -> None:
    run = _run(ep.html_page)
    assert run.failed == len(BATTERY)
    assert run.results[0].why().en == (
        "answered HTML (HTTP 200), not a signed envelope: is this the callback URL?"
    )
    assert run.summary().en.startswith("The endpoint answers HTML pages")


def test_a_redirecting_endpoint_is_told_to_give_the_final_url() -> None:
    run = _run(ep.redirect, cases=BATTERY[:1])
    assert run.results[0].why().en == (
        "redirects (HTTP 301) to https://elsewhere.example/cb: the bank does not follow "
        "redirects, give the final URL."
    )


def test_plain_http_needs_the_flag_and_a_missing_ca_is_named(tmp_path: Path) -> None:
    with pytest.raises(EndpointUnreachable, match="--insecure-http-ok"):
        run_callback_battery("http://127.0.0.1:9/cb", ep.SALT)
    with pytest.raises(EndpointUnreachable, match="CA file"):
        run_callback_battery("https://127.0.0.1:9/cb", ep.SALT, ca=str(tmp_path / "none.pem"))
    with pytest.raises(EndpointUnreachable, match="not an http"):
        run_callback_battery("ftp://x/y", ep.SALT)


def test_urls_in_reports_are_masked() -> None:
    assert mask_url("https://u:pw@h.example/cb?token=abc&x=1") == (
        "https://u:•••@h.example/cb?token=•••&x=•••"
    )


# --- the command line ------------------------------------------------------------------------


def _cli(*args: str, stdin: str = ep.SALT + "\n") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_cli_json_exit_codes_and_reports(tmp_path: Path) -> None:
    html, junit = tmp_path / "r.html", tmp_path / "r.xml"
    with ep.serve(ep.reencodes_quote_plus) as url:
        done = _cli(
            "conformance", "callback", "--url", url, "--salt", "-", "--insecure-http-ok",
            "--json", "--html", str(html), "--junit", str(junit),
        )  # fmt: skip
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"cases", "passed", "failed"}
    assert (data["passed"], data["failed"]) == (len(BATTERY) - 2, 2)
    case = next(c for c in data["cases"] if c["id"] == "valid_tilde")
    assert set(case) == {"id", "expect_code", "answer_code", "answer_signature_ok", "passed", "why"}
    assert case["expect_code"] == "0000" and case["answer_code"] == "0010"
    assert case["answer_signature_ok"] is True and case["passed"] is False
    assert "quote_plus" in case["why"]

    page = html.read_text("utf-8")
    assert ep.SALT not in page and ep.SALT not in junit.read_text("utf-8")
    assert "回调接口合规检查" in page and "Callback endpoint conformance" in page
    assert "src=" not in page and "<link" not in page and "@import" not in page
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "2"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["target"] == url and props["tool_version"]
    failing = [t.get("name", "") for t in suite.iter("testcase") if t.find("failure") is not None]
    assert [n.split(":")[0] for n in failing] == ["valid_star", "valid_tilde"]


def test_cli_passes_a_correct_endpoint_and_reads_the_salt_from_a_variable() -> None:
    with ep.serve(ep.reference) as url:
        done = subprocess.run(
            [sys.executable, "-m", "workbench", "conformance", "callback", "--url", url,
             "--salt-env", "CONF_SALT", "--insecure-http-ok"],
            env={"CONF_SALT": ep.SALT, "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, cwd=ROOT, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("PASS ") == len(BATTERY)
    assert done.stdout.strip().endswith(f"All {len(BATTERY)} cases passed.")


def test_cli_a_down_endpoint_exits_2_with_one_sentence_in_either_language() -> None:
    from workbench.sandbox.server import free_port

    url = f"http://127.0.0.1:{free_port()}/cb"
    done = _cli("conformance", "callback", "--url", url, "--salt", "-", "--insecure-http-ok")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "Nothing answers at that address" in done.stderr
    zh = _cli("--lang", "zh", "conformance", "callback", "--url", url, "--salt", "-",
              "--insecure-http-ok")  # fmt: skip
    assert zh.returncode == 2 and "该地址没有服务应答" in zh.stderr
    assert "Traceback" not in done.stderr + zh.stderr


def test_cli_refuses_a_salt_on_the_command_line() -> None:
    done = _cli("conformance", "callback", "--url", "https://x/cb", "--salt", "s3cret")
    assert done.returncode == 2 and "never on the command line" in done.stderr


def test_cli_https_endpoint_needs_its_ca(tmp_path: Path) -> None:
    from workbench.sandbox.certs import ensure_certificates

    certs = ensure_certificates(tmp_path / "certs", "127.0.0.1", "partner")
    with ep.serve(ep.reference, tls=(str(certs.server_cert), str(certs.server_key))) as url:
        untrusted = _cli("conformance", "callback", "--url", url, "--salt", "-")
        trusted = _cli(
            "conformance", "callback", "--url", url, "--salt", "-", "--ca", str(certs.ca_cert)
        )
    assert untrusted.returncode == 2 and "(on the command line: --ca)" in untrusted.stderr
    assert trusted.returncode == 0, trusted.stderr
    assert trusted.stdout.strip().endswith(f"All {len(BATTERY)} cases passed.")


def test_cli_an_endpoint_answering_html_says_so_in_one_sentence() -> None:
    with ep.serve(ep.html_page) as url:
        done = _cli("conformance", "callback", "--url", url, "--salt", "-", "--insecure-http-ok")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stdout.strip().splitlines()[-1] == (
        "The endpoint answers HTML pages, not signed envelopes: is this the callback URL?"
    )


def test_the_workbenchs_own_listener_passes_the_battery() -> None:
    """The listener of the Callbacks tab answers as the guide says: it is a reference too."""
    from workbench.receiver.server import CallbackReceiver, ReceiverConfig

    receiver = CallbackReceiver(ReceiverConfig(), salt=ep.SALT)
    url = receiver.start()
    try:
        run = run_callback_battery(url, ep.SALT, insecure_http_ok=True)
    finally:
        receiver.stop()
    assert run.failed == 0, [(r.case_id, r.why().en) for r in run.results if not r.passed]


def test_cli_a_report_that_cannot_be_written_is_one_sentence(tmp_path: Path) -> None:
    missing = _cli(
        "conformance", "callback", "--url", "http://127.0.0.1:9/cb", "--salt", "-",
        "--insecure-http-ok", "--html", str(tmp_path / "no" / "r.html"),
    )  # fmt: skip
    assert missing.returncode == 2 and "the folder does not exist" in missing.stderr
    with ep.serve(ep.reference) as url:
        folder = _cli(
            "--lang", "zh", "conformance", "callback", "--url", url, "--salt", "-",
            "--insecure-http-ok", "--junit", str(tmp_path),
        )  # fmt: skip
    assert folder.returncode == 2 and "这是文件夹而不是文件" in folder.stderr
    # refused before the cases run: a dead endpoint is not even reached
    dead = _cli(
        "conformance", "callback", "--url", "http://127.0.0.1:9/cb", "--salt", "-",
        "--insecure-http-ok", "--html", str(tmp_path),
    )  # fmt: skip
    assert dead.returncode == 2 and "it is a folder, not a file" in dead.stderr
    assert "report.html" in dead.stderr and not dead.stdout.strip()
    assert "Traceback" not in missing.stderr + folder.stderr


def test_the_guides_own_check_passes_the_case_without_a_timestamp() -> None:
    def guide_5_4(body: bytes) -> ep.Answer:
        # guide 5.4 verbatim: a missing Timestamp is hashed as "null", so the signature fails
        env = json.loads(body)
        if "Timestamp" not in env and "Plain" in env and "Signature" in env:
            return ep._signed("0010")
        return ep.reference(body)

    run = _run(guide_5_4)
    assert run.failed == 0, [r.why().en for r in run.results if not r.passed]


def test_each_row_reported_while_running_carries_no_slip_the_summary_may_contradict() -> None:
    rows: list[CaseResult] = []
    run = _run(ep.accepts_any_signature, on_result=rows.append)
    assert [r.case_id for r in rows] == [r.case_id for r in run.results]
    assert all(r.slips == () for r in rows)  # named once, from the whole battery
    assert any(r.slips for r in run.results)


def test_a_reason_that_ends_a_chinese_sentence_gets_no_second_full_stop() -> None:
    from workbench.core.text import Text

    closed = Text("Nothing answers at that address.", "该地址没有服务应答。")
    row = _run(ep.reference).results[0]
    failing = dataclasses.replace(row, answer_code=None, transport=closed, checks=())
    assert failing.why().zh == "该地址没有服务应答。" and failing.why().en.endswith("address.")


def test_an_endpoint_that_breaks_on_an_unreadable_plain_is_told_so_not_to_check_its_url() -> None:
    def crashes_on_bad_plain(body: bytes) -> ep.Answer:  # guide 5.4 without a try around decode
        if ep.partner_code(body) == "0103":
            return 500, "text/html", b"<html><body>Whitelabel Error Page</body></html>"
        return ep.reference(body)

    failed = _failed(_run(crashes_on_bad_plain))
    assert failed, "the Plain cases fail"
    for r in failed.values():
        assert "failed on this callback (HTTP 500) instead of answering 0103" in r.why().en
        assert "callback URL" not in r.why().en


def test_an_endpoint_that_drops_the_connection_midway_is_not_called_unreachable() -> None:
    def drops_on_bad_plain(body: bytes) -> ep.Answer:
        if ep.partner_code(body) == "0103":
            raise RuntimeError("crashed")  # the server closes the connection, no answer
        return ep.reference(body)

    failed = _failed(_run(drops_on_bad_plain))
    assert failed
    for r in failed.values():
        assert "closed the connection without answering this callback" in r.why().en
        assert "Nothing answers at that address" not in r.why().en


def test_an_endpoint_with_a_wide_window_is_told_that_not_that_it_ignores_the_timestamp() -> None:
    def fifteen_minutes(body: bytes) -> ep.Answer:
        return ep._signed(ep.partner_code(body, window_s=15 * 60))

    failed = _failed(_run(fifteen_minutes))
    assert set(failed) == {"timestamp_old", "timestamp_ahead"}  # a day off is refused
    for r in failed.values():
        assert _slip_codes(r) == ["wide_window"]
        assert "wider than 10 minutes" in r.why().en and "ignores" not in r.why().en


def test_a_signature_compared_on_its_first_characters_only_is_caught() -> None:
    def prefix_compare(body: bytes) -> ep.Answer:
        import hashlib

        env = json.loads(body)
        if not all(isinstance(env.get(k), str) for k in ("Plain", "Signature", "Timestamp")):
            return ep.reference(body)
        right = hashlib.sha256((env["Plain"] + ep.SALT + env["Timestamp"]).encode()).hexdigest()
        if env["Signature"][:8] == right[:8]:  # the slip: a shortened comparison
            return ep._signed("0000" if ep.partner_code(body) in ("0000", "0010") else "0012")
        return ep.reference(body)

    failed = _failed(_run(prefix_compare))
    assert "signature_wrong" in failed and failed["signature_wrong"].answer_code == "0000"


def test_a_gateway_with_nothing_behind_it_is_not_said_to_break_on_each_callback() -> None:
    def bad_gateway(body: bytes) -> ep.Answer:
        return 502, "text/html", b"<html><body><h1>502 Bad Gateway</h1>nginx</body></html>"

    run = _run(bad_gateway)
    assert run.failed == len(BATTERY)
    for r in run.results:
        assert "is this the callback URL?" in r.why().en and "failed on this" not in r.why().en


def test_a_signed_envelope_with_an_error_status_fails_every_case_on_its_status() -> None:
    """The bank takes only HTTP 200 (the sandbox's own check): an endpoint answering every
    callback with HTTP 500 and a correctly signed envelope had passed all cases."""

    def error_status(body: bytes) -> ep.Answer:
        _status, kind, answer = ep.reference(body)
        return 500, kind, answer

    run = _run(error_status)
    assert run.failed == len(BATTERY)
    assert run.results[0].why().en == (
        "answered HTTP 500: the bank takes only HTTP 200 with the signed envelope."
    )


def test_a_wrong_path_answered_404_is_told_to_check_the_path_not_the_code() -> None:
    """A listener on another path answers 404 with a signed 0001: the 404 is the cause, and the
    cases that expect 0001 do not pass because of it."""

    def wrong_path(body: bytes) -> ep.Answer:
        _status, kind, answer = ep._signed("0001")
        return 404, kind, answer

    run = _run(wrong_path)
    assert run.failed == len(BATTERY)
    assert {r.why().en for r in run.results} == {
        "answered HTTP 404: nothing answers at this path, check the URL's path."
    }
    zh = run.results[0].why().zh
    assert "HTTP 404" in zh and "路径" in zh


def test_an_empty_answer_is_called_empty_whatever_its_content_type() -> None:
    """PHP's default: HTTP 200, text/html, nothing printed. Not "is this the callback URL?"."""
    run = _run(lambda body: (200, "text/html; charset=UTF-8", b""), cases=BATTERY[:2])
    assert {r.why().en for r in run.results} == {
        "answered HTTP 200 with an empty body: the handler returns nothing."
    }


def test_a_bom_before_a_correct_envelope_is_named_and_the_rest_still_graded() -> None:
    def with_bom(body: bytes) -> ep.Answer:
        status, kind, answer = ep.reference(body)
        return status, kind, b"\xef\xbb\xbf" + answer

    run = _run(with_bom, cases=BATTERY[:3])
    for r in run.results:
        assert not r.passed
        assert r.why().en.startswith("the answer starts with a UTF-8 BOM (EF BB BF)")
        assert r.answer_signature_ok  # read past the BOM: the envelope itself is right
        assert _wrong(r) == ["envelope"]


def test_cli_rows_are_marked_in_chinese_under_lang_zh() -> None:
    with ep.serve(ep.reference) as url:
        done = _cli(
            "--lang", "zh", "conformance", "callback", "--url", url, "--salt", "-",
            "--insecure-http-ok",
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if "valid_plain" in line]
    assert rows and rows[0].startswith("通过  ")
    assert "PASS" not in done.stdout and "FAIL" not in done.stdout


def _answer(plain_json: bytes | None = None, *, ts_in_signature: str | None = None) -> ep.Answer:
    """A signed answer whose Plain holds ``plain_json`` bytes URL-encoded as they are (another
    charset than UTF-8, say), or whose Signature is over another Timestamp text."""
    from urllib.parse import quote_plus

    from workbench.core.callback import callback_signature

    now = str(time.time_ns() // 1_000_000)
    plain = quote_plus(plain_json or b'{"CODE":"0000","DESC":"ok"}')
    signature = callback_signature(plain, ep.SALT, ts_in_signature or now)
    envelope = {"Plain": plain, "Signature": signature, "Timestamp": now, "SeqNo": "1"}
    return 200, "application/json", json.dumps(envelope).encode()


def test_a_server_reading_the_timestamp_as_seconds_is_told_so() -> None:
    """Every correctly signed callback answered 0012 (stale): 15 bare "expected 0000" before."""

    def reads_seconds(body: bytes) -> ep.Answer:
        code = ep.partner_code(body)
        return ep._signed("0012" if code == "0000" else code)

    failed = _failed(_run(reads_seconds))
    valid = {cid for cid in failed if cid.startswith("valid_")}
    assert valid and all(_slip_codes(failed[cid]) == ["every_valid_0012"] for cid in valid)
    assert "read as seconds" in failed["valid_plain"].slips[0][1].en


def test_an_answer_signed_over_its_timestamp_in_seconds_is_named() -> None:
    def signs_seconds(body: bytes) -> ep.Answer:
        now = str(time.time_ns() // 1_000_000)
        return _answer(ts_in_signature=now[:-3])

    run = _run(signs_seconds, cases=BATTERY[:1])
    assert (
        run.results[0]
        .why()
        .en.startswith("the answer's Signature is over its Timestamp in seconds")
    )


def test_a_server_decoding_plain_as_gbk_is_named_by_its_charset() -> None:
    """GBK refuses some UTF-8 and reads other UTF-8 (an emoji's bytes) as GBK pairs: the failed
    set is a part of the non-ASCII cases, not all of them, and the charset is still named."""
    from urllib.parse import unquote_to_bytes

    from workbench.core.callback import parse_envelope

    def decodes_gbk(body: bytes) -> ep.Answer:
        code = ep.partner_code(body)
        if code != "0000":
            return ep._signed(code)
        raw = unquote_to_bytes(parse_envelope(body).plain.replace("+", " "))
        try:
            json.loads(raw.decode("gbk"))
        except (UnicodeDecodeError, ValueError):
            return ep._signed("0103")
        return ep._signed("0000")

    failed = _failed(_run(decodes_gbk))
    assert "valid_cjk" in failed and "valid_plain" not in failed
    assert {code for r in failed.values() for code in _slip_codes(r)} == {"charset"}


def test_an_answer_plain_in_gbk_and_a_numeric_code_are_named() -> None:
    gbk = '{"CODE":"0000","DESC":"系统处理成功"}'.encode("gbk")
    run = _run(lambda body: _answer(gbk), cases=BATTERY[:1])
    assert run.results[0].why().en.startswith("the answer's Plain does not decode to UTF-8")
    run = _run(lambda body: _answer(b'{"CODE":0}'), cases=BATTERY[:1])
    assert run.results[0].why().en.startswith("the answer's CODE is a number, not text")
    assert "不是字符串" in run.results[0].why().zh
