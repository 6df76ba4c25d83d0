"""The client kit: a scripted partner client makes each listed mistake once against the sandbox
and sees each one named, by the library, the command line and ``GET /_sandbox/report``."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conformance.partner_client import PartnerClient
from tests.english import english_in_cli_text
from workbench.cli_conformance import parse_since
from workbench.conformance.client import FINDINGS, grade_client, read_log
from workbench.core.sign import make_nonce
from workbench.sandbox import Sandbox

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Any]:
    sb = Sandbox(tmp_path / "state")
    sb.start()
    yield sb
    sb.stop()


@pytest.fixture
def partner(sandbox: Any) -> Iterator[PartnerClient]:
    client = PartnerClient(sandbox.info())
    yield client
    client.close()


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def _every_mistake_once(sandbox: Any, partner: PartnerClient) -> None:
    partner.token()
    token = partner.token()  # fetched again at once: one more than the lifetime needs
    ticket = partner.ticket(token)
    nonce = make_nonce()
    assert partner.call(ticket, nonce=nonce) == "60840000"
    assert partner.call(ticket, nonce=nonce) == "60840002"  # the nonce again
    user = partner.ticket(token, "user")
    assert partner.call(user) == "60840000"
    assert partner.call(user) == "60841018"  # the single-use user ticket again
    file_id, _md5 = partner.upload(ticket, b"\xff\xd8 a picture")
    partner.download(ticket, file_id, None)  # without the hashValue
    sandbox.advance_clock(3700)
    assert partner.call(ticket) == "60841017"  # expired, and never retried


def test_a_clean_client_is_clean(sandbox: Any, partner: PartnerClient) -> None:
    ticket = partner.ticket(partner.token())
    assert partner.call(ticket) == "60840000"
    file_id, md5 = partner.upload(ticket, b"bytes")
    assert partner.download(ticket, file_id, md5) == 200
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    assert report.clean and report.findings == []
    assert [r.path for r in report.requests] == [
        "/api/oauth2/access_token",
        "/api/oauth2/api_ticket",
        "/api/s/sandbox/echo",
        "/api/s/up/upload",
        "/api/s/up/download",
    ]
    done = _cli("conformance", "client", "--state-dir", str(sandbox.state_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("5 request(s), nothing found wrong.")
    assert done.stderr == ""
    strict = _cli("conformance", "client", "--state-dir", str(sandbox.state_dir), "--json",
                  "--require-requests")  # fmt: skip
    assert strict.returncode == 0 and json.loads(strict.stdout)["graded"] == 5


def test_each_mistake_is_named_once(sandbox: Any, partner: PartnerClient, tmp_path: Path) -> None:
    _every_mistake_once(sandbox, partner)
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    assert {f.code: f.count for f in report.findings} == dict.fromkeys(FINDINGS, 1)
    slips = {s.code for r in report.requests for s in r.slips}
    assert {"nonce_reused", "user_ticket_reused", "hash_value", "ticket_expired"} <= slips
    last = report.requests[-1]
    assert last.code == "60841017" and [s.code for s in last.slips] == ["ticket_expired"]

    html, junit = tmp_path / "c.html", tmp_path / "c.xml"
    done = _cli(
        "conformance", "client", "--state-dir", str(sandbox.state_dir), "--json",
        "--html", str(html), "--junit", str(junit),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert set(data) == {"graded", "requests", "findings"}  # graded: added beside the two
    assert data["graded"] == len(data["requests"]) > 0
    assert {f["code"] for f in data["findings"]} == set(FINDINGS)
    assert all(set(f) == {"code", "count", "text"} for f in data["findings"])
    assert all(set(r) == {"time", "path", "code", "slips"} for r in data["requests"])
    assert data["requests"][-1]["slips"][0]["code"] == "ticket_expired"

    info = sandbox.info()
    page = html.read_text("utf-8")
    for secret in (info.secret, info.salt):
        assert secret not in page and secret not in junit.read_text("utf-8")
    assert "客户端合规检查" in page and "user_ticket_reused" in page
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == str(len(FINDINGS) + 1)

    served = requests.get(
        f"{info.api_base}/_sandbox/report",
        cert=(info.client_cert, info.client_key),
        verify=info.ca_cert,
        timeout=10,
    ).json()
    assert served["findings"] == data["findings"]
    assert [r["path"] for r in served["requests"]] == [r["path"] for r in data["requests"]]


def test_a_sign_slip_behind_a_refusal_has_the_sign_check_code(
    sandbox: Any, partner: PartnerClient
) -> None:
    partner.ticket(partner.token())
    assert partner.call("") == "60841018"  # signed without the ticket
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    refused = [r for r in report.requests if r.refused]
    assert [s.code for s in refused[0].slips] == ["ticket_missing"]
    assert "without the ticket" in refused[0].slips[0].text.en


def test_since_leaves_out_what_came_before(sandbox: Any, partner: PartnerClient) -> None:
    partner.token()
    partner.token()
    sandbox.advance_clock(3600)
    partner.ticket(partner.token())
    done = _cli("conformance", "client", "--state-dir", str(sandbox.state_dir), "--since", "30m")
    assert done.returncode == 0, done.stdout + done.stderr  # the double fetch is an hour back
    full = _cli("conformance", "client", "--state-dir", str(sandbox.state_dir))
    assert full.returncode == 1 and "FINDING frequent_fetch x1" in full.stdout


def test_unreadable_state_exits_2_with_one_sentence(tmp_path: Path) -> None:
    done = _cli("conformance", "client", "--state-dir", str(tmp_path / "nowhere"))
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "is not a folder" in done.stderr
    empty = _cli("--lang", "zh", "conformance", "client", "--state-dir", str(tmp_path))
    assert empty.returncode == 2 and "没有沙箱请求日志" in empty.stderr
    bad = _cli("conformance", "client", "--state-dir", str(tmp_path), "--since", "yesterday")
    assert bad.returncode == 2 and "is not a time" in bad.stderr


def test_nothing_to_grade_is_said_and_can_fail_a_ci_run(sandbox: Any, tmp_path: Path) -> None:
    """A log with no request from a client (only the sandbox's own admin calls here), or none
    since --since: exit 0 as before, but a sentence says nothing was graded, the JSON says
    graded 0, and --require-requests makes it exit 1."""
    client = PartnerClient(sandbox.info())
    client.session.get(f"{sandbox.info().api_base}/_sandbox/clock", timeout=10)  # admin only
    client.close()
    state = str(sandbox.state_dir)
    where = str(sandbox.state_dir.resolve())
    junit = tmp_path / "junit.xml"
    done = _cli("conformance", "client", "--state-dir", state, "--junit", str(junit))
    assert done.returncode == 0 and done.stdout.strip() == "0 request(s): nothing was graded."
    # a CI reading only the JUnit file sees that nothing was graded: skipped, or failed below
    graded = ET.parse(junit).getroot().find("testsuite/testcase[@name='requests graded']")
    assert graded is not None and graded.find("skipped") is not None
    counts = ET.parse(junit).getroot().find("testsuite")
    assert counts is not None and (counts.get("skipped"), counts.get("failures")) == ("1", "0")
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("webank-workbench: note: no request was graded")
    assert repr(where) in done.stderr and "--require-requests" in done.stderr
    strict = _cli("conformance", "client", "--state-dir", state, "--require-requests", "--json",
                  "--junit", str(junit))  # fmt: skip
    assert strict.returncode == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("failures") == "1"
    assert suite.find("testcase[@name='requests graded']/failure") is not None
    assert json.loads(strict.stdout) == {"graded": 0, "requests": [], "findings": []}
    assert strict.stderr.startswith("webank-workbench: error: no request was graded")
    zh = _cli("--lang", "zh", "conformance", "client", "--state-dir", state, "--since", "30m")
    assert zh.returncode == 0
    assert f"没有评判任何请求：“{where}”中的沙箱日志自 30m（" in zh.stderr
    assert english_in_cli_text(zh.stderr) == [], zh.stderr


def test_nothing_since_then_is_nothing_graded(sandbox: Any, partner: PartnerClient) -> None:
    partner.token()
    sandbox.advance_clock(3600)
    done = _cli("conformance", "client", "--state-dir", str(sandbox.state_dir), "--since", "30m",
                "--require-requests")  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "no request was graded" in done.stderr and " since 30m (" in done.stderr
    full = _cli("conformance", "client", "--state-dir", str(sandbox.state_dir),
                "--require-requests")  # fmt: skip
    assert full.returncode == 0 and full.stderr == ""


def test_since_forms() -> None:
    now = 1_800_000_000_000
    assert parse_since("30m", now) == now - 1_800_000
    assert parse_since("1800000000000", now) == 1_800_000_000_000
    assert parse_since("2027-01-15T08:00:00+00:00", now) == 1_800_000_000_000
    assert parse_since("soon", now) is None


def test_damaged_log_lines_are_skipped(tmp_path: Path) -> None:
    good = {"time_ms": 5, "host": "api", "path": "/api/oauth2/access_token", "code": "60850000"}
    (tmp_path / "requests.jsonl").write_bytes(
        b"\xff\xfe not json\n" + json.dumps(good).encode() + b'\n[1]\n{"time_ms": "x"}\n'
    )
    entries = read_log(tmp_path)
    assert entries == [good]


def test_callbacks_sent_and_admin_calls_are_not_the_clients_requests() -> None:
    entries = [
        {"time_ms": 1, "host": "admin", "path": "/_sandbox/log", "code": "", "status": 200},
        {"time_ms": 2, "host": "callback", "path": "https://p/cb", "code": "0010", "status": 200},
        {"time_ms": 3, "host": "api", "path": "/api/oauth2/access_token", "code": "60850000"},
    ]
    report = grade_client(entries, target="t", now_ms=0)
    assert [r.path for r in report.requests] == ["/api/oauth2/access_token"] and report.clean


def test_a_log_with_lone_surrogates_still_prints_and_reports(tmp_path: Path) -> None:
    entry = {
        "time_ms": 5,
        "host": "api",
        "method": "POST",
        "path": "/api/s/\udcff/x",
        "code": "60840110",
        "msg": "\ud800",
        "slips": [{"code": "x\ud800", "en": "\udfff", "zh": "\udfff"}],
    }
    (tmp_path / "requests.jsonl").write_text(json.dumps(entry) + "\n")
    out = tmp_path / "r.html"
    done = _cli("conformance", "client", "--state-dir", str(tmp_path), "--html", str(out))
    assert done.returncode == 1, done.stderr
    assert "REFUSED" in done.stdout and "/api/s/\ufffd" in done.stdout
    assert "\ufffd" in out.read_text("utf-8")
    js = _cli("conformance", "client", "--state-dir", str(tmp_path), "--json")
    assert js.returncode == 1 and "\ufffd" in json.loads(js.stdout)["requests"][0]["path"]


def test_the_workbenchs_own_client_passes_the_client_kit(sandbox: Any) -> None:
    """No false alarm: the client that follows the guide (one refresher, fresh nonces, refresh
    before expiry) makes no finding and has nothing refused, even across an hour."""
    from workbench.client.platform import PlatformClient

    client = PlatformClient(sandbox.environment(), sandbox.secrets(), clock=sandbox.clock)
    try:
        for i in range(3):
            assert client.call("sandbox", "echo", f'{{"x": {i}}}').answer.code == "60840000"
        sandbox.advance_clock(3700)
        assert client.call("sandbox", "echo", '{"x": 9}').answer.code == "60840000"
    finally:
        client.close()
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    assert report.clean and len(report.requests) == 8


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ticket", "good a", "bad a", "good b", "bad b"]),
            st.sampled_from([0, 1_000, 50_000, 200_000]),  # ms since the step before
        ),
        max_size=30,
    )
)
def test_the_retry_look_ahead_agrees_with_the_plain_definition(
    steps: list[tuple[str, int]],
) -> None:
    from workbench.conformance import client as kit

    def entry(step: str, time_ms: int) -> dict[str, object]:
        if step == "ticket":
            return {"path": kit.TICKET_PATH, "code": "60850000", "query": {"type": "sign"},
                    "time_ms": time_ms}  # fmt: skip
        word, path = step.split()
        return {"path": f"/api/s/{path}", "status": 200, "time_ms": time_ms,
                "code": "60840000" if word == "good" else "60841017"}  # fmt: skip

    entries, now = [], 0
    for step, gap in steps:
        now += gap
        entries.append(entry(step, now))
    fast = kit._retried_after(entries)
    for index, this in enumerate(entries):
        # the definition: a ticket fetch, then a good call on the path, in the window
        fresh, retried = False, False
        for later in entries[index + 1 :]:
            if int(later["time_ms"]) - int(this["time_ms"]) > kit.RETRY_WINDOW_MS:
                break
            if kit._fetch_kind(later) == "ticket":
                fresh = True
            elif fresh and later.get("path") == this.get("path") and not kit._is_refused(later):
                retried = True
                break
        assert (str(this.get("path")) in fast[index]) == retried, (steps, index)


def test_a_refusal_fixed_only_by_a_later_refresher_is_not_retried(
    sandbox: Any, partner: PartnerClient
) -> None:
    """A server without retry logic: refused, and a quarter of an hour later its refresher
    fetches and calls again. That was counted as the retry."""
    token = partner.token()
    ticket = partner.ticket(token)
    sandbox.advance_clock(3700)
    assert partner.call(ticket) == "60841017"
    sandbox.advance_clock(900)  # the refresher's next round
    fresh = partner.ticket(partner.token())
    assert partner.call(fresh) == "60840000"
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    assert "expired_not_retried" in {f.code for f in report.findings}
    sandbox.advance_clock(3700)  # and one that does retry at once is not counted
    assert partner.call(fresh) == "60841017"
    assert partner.call(partner.ticket(partner.token())) == "60840000"
    again = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    counted = {f.code: f.count for f in again.findings}
    assert counted["expired_not_retried"] == 1


def test_a_lower_case_or_padded_sign_is_refused_as_the_platform_does(
    sandbox: Any, partner: PartnerClient
) -> None:
    from workbench.core.sign import sign_request

    ticket = partner.ticket(partner.token())
    body, nonce = '{"A": "1"}', make_nonce()
    right = sign_request(
        app_id=partner.info.app_id, version="2.0.0", nonce=nonce, ticket=ticket, body=body
    ).sign
    # PROTOCOL P4.4: upper-case hex. Passing the sandbox with these failed at the bank.
    assert partner.call(ticket, nonce=nonce, body=body, sign=right.lower()) == "60841018"
    assert partner.call(ticket, nonce=nonce, body=body, sign=" " + right) == "60841018"
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    refused = [r for r in report.requests if r.code == "60841018"]
    assert "lower_hex" in {s.code for s in refused[0].slips}
    assert "sign_whitespace" in {s.code for s in refused[1].slips}
    assert partner.call(ticket, nonce=nonce, body=body, sign=right) == "60840000"  # not used up


def test_an_expired_sign_ticket_is_60841017_while_a_user_ticket_is_live(
    sandbox: Any, partner: PartnerClient
) -> None:
    token = partner.token()
    ticket = partner.ticket(token)
    sandbox.advance_clock(3601)  # the sign ticket expires (the token too: fetch another)
    partner.ticket(partner.token(), "user")  # an H5 login's ticket, live for 300 s
    assert partner.call(ticket) == "60841017"  # refresh the sign ticket, retry once (P5)
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    assert [s.code for s in report.requests[-1].slips] == ["ticket_expired"]


def _refused_handshakes(sandbox: Any, count: int) -> list[Any]:
    """The TLS rows of the graded log, once the sandbox has logged ``count`` of them."""
    import time

    deadline = time.monotonic() + 5
    while True:
        report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
        rows = [r for r in report.requests if r.path == "(TLS handshake)"]
        if len(rows) >= count or time.monotonic() > deadline:
            return rows
        time.sleep(0.05)


def test_a_refused_handshake_names_which_side_refused(sandbox: Any) -> None:
    """A client that does not trust the sandbox's CA was told to fix its client certificate."""
    info = sandbox.info()
    with requests.Session() as s:
        s.trust_env = False
        with pytest.raises(requests.exceptions.SSLError):  # no client certificate sent
            s.get(f"{info.api_base}/api/oauth2/access_token", verify=info.ca_cert, timeout=5)
        with pytest.raises(requests.exceptions.SSLError):  # the sandbox's CA not trusted
            s.get(
                f"{info.api_base}/api/oauth2/access_token",
                cert=(info.client_cert, info.client_key),
                verify=True,
                timeout=5,
            )
    rows = _refused_handshakes(sandbox, 2)
    codes = [r.slips[0].code for r in rows]
    assert codes == ["tls_no_client_cert", "tls_server_untrusted"], [r.slips for r in rows]
    assert "ca_cert" in rows[1].slips[0].text.en and "CA" in rows[1].slips[0].text.zh
    assert "client certificate" not in rows[1].slips[0].text.en


def test_a_refusal_without_a_known_slip_shows_what_the_platform_said(
    sandbox: Any, partner: PartnerClient
) -> None:
    """A nonce from Java's UUID.randomUUID() (36 characters) got 60840002 and no reason at all:
    the sandbox's msg was kept but never shown."""
    token = partner.token()
    ticket = partner.ticket(token)
    assert partner.call(ticket, nonce="0f8fad5b-d9cb-469f-a165-70867728950e") == "60840002"
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    refused = [r for r in report.requests if r.refused]
    assert len(refused) == 1 and [s.code for s in refused[0].slips] == ["platform_msg"]
    assert "nonce" in refused[0].slips[0].text.en and "32" in refused[0].slips[0].text.en
    done = _cli("conformance", "client", "--state-dir", str(sandbox.state_dir))
    assert "platform_msg: " in done.stdout and "nonce" in done.stdout


def test_a_type_user_call_without_a_live_user_ticket_is_60841017(
    sandbox: Any, partner: PartnerClient
) -> None:
    """An expired or used user ticket is no ticket (guide 6.1: 60841017, refresh it), not a
    wrong one (60841018): the H5 login fetches a new one and retries."""
    token = partner.token()
    partner.ticket(token)  # a live sign ticket beside it: the user ticket is still missing
    user = partner.ticket(token, "user")
    assert partner.call(user, type="user") == "60840000"
    assert partner.call(user, type="user") == "60841017"  # single use
    user = partner.ticket(token, "user")
    sandbox.advance_clock(301)  # past its 300 s (the sign ticket lives on)
    assert partner.call(user, type="user") == "60841017"


def test_a_60840002_shows_the_platforms_reason_beside_a_finding(
    sandbox: Any, partner: PartnerClient
) -> None:
    """A download without its hashValue: the finding (hash_value) was shown, and the reason
    the platform gave for refusing it was not."""
    ticket = partner.ticket(partner.token())
    file_id, _md5 = partner.upload(ticket, b"\xff\xd8 a picture")
    partner.download(ticket, file_id, None)
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    last = report.requests[-1]
    assert last.code == "60840002"
    assert [s.code for s in last.slips] == ["hash_value", "platform_msg"]
    assert "hashValue" in last.slips[1].text.en


def test_a_sandbox_folder_that_answered_nothing_yet_is_nothing_to_grade(tmp_path: Path) -> None:
    """Exit 2 said "the state cannot be read" for a sandbox that had simply seen no request."""
    sb = Sandbox(tmp_path / "state")
    sb.start()
    sb.stop()
    done = _cli("conformance", "client", "--state-dir", str(tmp_path / "state"))
    assert done.returncode == 0, done.stderr
    strict = _cli(
        "conformance", "client", "--state-dir", str(tmp_path / "state"), "--require-requests"
    )
    assert strict.returncode == 1


def test_an_h5_login_that_fetches_a_new_user_ticket_at_once_has_retried(
    sandbox: Any, partner: PartnerClient
) -> None:
    """A type=user call refused for its expired ticket (60841017), then a new user ticket and
    the call again: that is the retry, not "never retried"."""
    token = partner.token()
    partner.ticket(token)
    user = partner.ticket(token, "user")
    sandbox.advance_clock(301)  # the user ticket's 300 s are over (the token's are not)
    assert partner.call(user, type="user") == "60841017"
    assert partner.call(partner.ticket(token, "user"), type="user") == "60840000"
    report = grade_client(read_log(sandbox.state_dir), target="t", now_ms=0)
    assert "expired_not_retried" not in {f.code for f in report.findings}
    assert "frequent_fetch" not in {f.code for f in report.findings}
