"""Where the guide is strict the sandbox is strict too, checked as a partner would meet it:
signed calls with hostile bodies, the clock's limits, nonces across a restart, the appendix
test path, a JDK-style exact check of the partner's callback answer, faults cleared at once."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request, Response

from tests.english import english_in_cli_text, english_words
from tests.sandbox.partner import Partner
from workbench.core.callback_codec import build_envelope
from workbench.core.sign import make_nonce
from workbench.sandbox.admin import handle_admin
from workbench.sandbox.server import Sandbox
from workbench.sandbox.services import Fault
from workbench.sandbox.state import MAX_CLOCK_OFFSET_S

TEN_YEARS_S = MAX_CLOCK_OFFSET_S


@pytest.fixture
def own(tmp_path: Path) -> Iterator[Sandbox]:
    sb = Sandbox(tmp_path / "state")
    sb.start()
    yield sb
    sb.stop()


@pytest.fixture
def partner(sandbox: Sandbox) -> Iterator[Partner]:
    p = Partner(sandbox.info())
    p.fetch_ticket()
    yield p
    p.close()


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("[" * 5000 + "]" * 5000, "nested"),
        ('{"A": ' * 150 + "1" + "}" * 150, "nested"),
        ('{"NAME": "\\ud800"}', "surrogate"),
        ('{"\\udfff": 1}', "surrogate"),
    ],
)
def test_hostile_signed_bodies_get_a_format_code(partner: Partner, body: str, said: str) -> None:
    answer = partner.call("/api/s/sandbox/echo", body)
    assert answer["code"] == "60840002", answer
    assert said in answer["msg"]


def test_guide_appendix_test_path_answers(partner: Partner) -> None:
    answer = partner.call("/api/s/test/10011", '{"TEST": "ping"}')
    assert answer["code"] == "60840000"
    assert json.loads(answer["jsonData"])["CODE"] == "0000"


@pytest.mark.parametrize("seconds", ["1e300", "nan", "inf", "-inf", "-1", "-1e300", "abc", ""])
def test_clock_refuses_unreasonable_moves_with_a_sentence(own: Sandbox, seconds: str) -> None:
    p = Partner(own.info())
    answer = p.admin("POST", "/clock/advance", params={"seconds": seconds})
    p.close()
    assert answer.status_code == 400
    assert answer.json()["error"] and answer.json()["error_zh"]
    assert own.clock.offset_ms == 0


def test_clock_goes_up_to_ten_years_and_a_bad_saved_offset_is_ignored(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with Sandbox(state) as sb:
        p = Partner(sb.info())
        assert p.admin("POST", "/clock/advance", params={"seconds": str(TEN_YEARS_S)}).ok
        more = p.admin("POST", "/clock/advance", params={"seconds": "1"})
        assert more.status_code == 400 and "10 years" in more.json()["error"]
        assert p.fetch_ticket()  # ten years ahead, the sandbox still issues and formats times
        p.close()
    for bad in (1e300, 10**30, -5, "soon", True, None):
        data = json.loads((state / "state.json").read_text())
        data["clock_offset_ms"] = bad
        (state / "state.json").write_text(json.dumps(data))
        with Sandbox(state) as sb:
            assert sb.clock.offset_ms == 0
            p = Partner(sb.info())
            assert p.call("/api/s/sandbox/echo", "{}")["code"] == "60840000"
            p.close()


def test_a_nonce_is_refused_after_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state"
    nonce = make_nonce()
    with Sandbox(state) as sb:
        p = Partner(sb.info())
        assert p.call("/api/s/sandbox/echo", "{}", nonce=nonce)["code"] == "60840000"
        ticket = p.ticket
        p.close()
    with Sandbox(state) as sb:
        p = Partner(sb.info())
        p.ticket = ticket  # the ticket survives the restart too (state.json)
        again = p.call("/api/s/sandbox/echo", "{}", nonce=nonce)
        assert again["code"] == "60840002" and "replay" in again["msg"]
        assert p.call("/api/s/sandbox/echo", "{}")["code"] == "60840000"
        p.close()


def test_nonces_expire_with_the_ticket_window(tmp_path: Path) -> None:
    state = tmp_path / "state"
    nonce = make_nonce()
    with Sandbox(state) as sb:
        p = Partner(sb.info())
        assert p.call("/api/s/sandbox/echo", "{}", nonce=nonce)["code"] == "60840000"
        sb.advance_clock(3601)  # the ticket that signed it is dead: a replay fails the sign
        p.fetch_ticket()
        assert p.call("/api/s/sandbox/echo", "{}", nonce=nonce)["code"] == "60840000"
        p.close()
    assert len((state / "nonces.log").read_text().splitlines()) == 2


@pytest.mark.parametrize(
    ("body", "english", "chinese"),
    [
        ({"kind": "explode"}, "unknown fault kind 'explode'", "未知的故障类型“explode”；可选："),
        ({"delay_s": 601}, "between 0 and 600 seconds", "delay_s 必须在 0 到 600 秒之间"),
        ({"delay_s": -1}, "between 0 and 600 seconds", "delay_s 必须在 0 到 600 秒之间"),
        ({"delay_s": 10**400}, "between 0 and 600 seconds", "delay_s 必须在 0 到 600 秒之间"),
    ],
)
def test_a_refused_fault_is_explained_in_real_chinese(
    partner: Partner, body: dict[str, object], english: str, chinese: str
) -> None:
    answer = partner.admin("POST", "/faults", json={"system": "yh", "service_code": "1", **body})
    assert answer.status_code == 400, answer.text
    data = answer.json()
    assert english in data["error"] and data["error"].startswith("Bad request: ")
    assert data["error_zh"].startswith(f"请求有误：{chinese}") and data["error_zh"].endswith("。")
    assert english_in_cli_text(data["error_zh"]) == [], data["error_zh"]


def test_an_unforeseen_admin_error_is_still_chinese_in_error_zh() -> None:
    """Python's own words (a ValueError's text) are English: error_zh does not carry them."""

    class Broken:
        app_id = "x"

        def services(self) -> list[tuple[str, str, str]]:
            raise ValueError("could not convert string to float: 'abc'")

    environ = EnvironBuilder(path="/_sandbox/services").get_environ()
    environ["REMOTE_ADDR"] = "127.0.0.1"
    answer = handle_admin(Broken(), Request(environ))  # type: ignore[arg-type]
    data = json.loads(answer.get_data())
    assert answer.status_code == 400 and "could not convert" in data["error"]
    assert data["error_zh"].startswith("请求有误：") and english_words(data["error_zh"]) == []


def test_faults_clear_alone_switches_every_fault_off(own: Sandbox) -> None:
    own.set_fault("yh", "10002", Fault(kind="timeout"))
    own.set_fault("sandbox", "echo", Fault(kind="unknown"))
    p = Partner(own.info())
    answer = p.admin("POST", "/faults", json={"clear": True})
    p.close()
    assert answer.json() == {"ok": True}
    assert own.faults() == {}


@pytest.fixture
def strict_partner(sandbox: Sandbox) -> Iterator[str]:
    """A partner endpoint answering with the right signature in upper-case hex."""
    salt = sandbox.info().salt

    @Request.application
    def app(request: Request) -> Response:
        data = json.loads(request.get_data())
        env = build_envelope(
            '{"CODE":"0000","DESC":"系统处理成功"}',
            salt=salt,
            trans_name=data["transName"],
            seq_no=data["SeqNo"],
            timestamp_ms=int(data["Timestamp"]),
        )
        answer = json.loads(env.to_json())
        if data["transName"] == "Upper":
            answer["Signature"] = answer["Signature"].upper()
        return Response(json.dumps(answer), content_type="application/json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}/notify"
    server.shutdown()
    server.server_close()


def test_an_upper_case_answer_signature_is_refused_like_the_guides_check(
    sandbox: Sandbox, strict_partner: str
) -> None:
    good = sandbox.send_callback(strict_partner, "Lower", '{"k": 1}')
    upper = sandbox.send_callback(strict_partner, "Upper", '{"k": 1}')
    # What a partner's JDK code from guide 5.4 would conclude: tmpSign.equals(signature).
    jdk_equals = upper.expected_signature == upper.answer_envelope.signature
    assert good.ok and not jdk_equals
    assert upper.signature_ok is False and not upper.ok
    assert "lower-case" in upper.error.en and "小写" in upper.error.zh
    logged = [e for e in sandbox.log() if e.host == "callback"][-1]
    assert "lower-case" in logged.note and logged.path == strict_partner


def test_two_sandboxes_starting_together_on_one_folder_share_one_certificate_set(
    tmp_path: Path,
) -> None:
    for attempt in range(3):
        state = tmp_path / f"state-{attempt}"
        sandboxes = [Sandbox(state), Sandbox(state)]
        gate = threading.Barrier(2)
        errors: list[BaseException] = []

        def start(sb: Sandbox, gate: threading.Barrier = gate, errors: list = errors) -> None:
            gate.wait()
            try:
                sb.start()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=start, args=(sb,)) for sb in sandboxes]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        try:
            assert errors == []
            for sb in sandboxes:  # each answers a partner who trusts the CA now on disk
                p = Partner(sb.info())
                assert p.call("/api/s/sandbox/echo", "{}")["code"] == "60840000"
                p.close()
        finally:
            for sb in sandboxes:
                sb.stop()


def test_admin_does_not_import_the_server() -> None:
    """The admin routes reach the sandbox through AdminTarget: no import cycle."""
    import ast

    import workbench.sandbox.admin as admin

    tree = ast.parse(Path(admin.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "workbench.sandbox.server" not in imported


def test_an_answer_without_a_string_timestamp_is_refused_as_the_guides_check_would() -> None:
    """Guide 5.4 reads the answer's Timestamp with (String) reqMap.get("Timestamp"): missing,
    it is hashed as "null"; a number breaks the cast. Both had passed as signed correctly."""
    import json as _json

    from workbench.core.callback import callback_signature, partner_response_json
    from workbench.core.callback_codec import CallbackEnvelope, java_url_encode
    from workbench.sandbox.callbacks import CallbackDelivery, check_answer

    salt = "partner-salt"
    plain = java_url_encode(partner_response_json("0000"))

    def judged(envelope: dict[str, object]) -> CallbackDelivery:
        delivery = CallbackDelivery("http://p/cb", CallbackEnvelope("", "", "", "", ""), "")
        delivery.status, delivery.answer_body = 200, _json.dumps(envelope)
        check_answer(delivery, salt)
        return delivery

    unsigned_ts = judged({"Plain": plain, "Signature": callback_signature(plain, salt, "")})
    assert not unsigned_ts.ok and 'hashes the missing value as "null"' in unsigned_ts.error.en
    number = judged(
        {"Plain": plain, "Signature": callback_signature(plain, salt, "1"), "Timestamp": 1}
    )
    assert not number.ok and "not a JSON string" in number.error.en
    right = judged(
        {"Plain": plain, "Signature": callback_signature(plain, salt, "1"), "Timestamp": "1"}
    )
    assert right.ok, right.error


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_business_call_not_sent_as_json_is_refused(sandbox: Sandbox, content_type: str) -> None:
    """PROTOCOL P4: the body is application/json. A gateway reads a form-encoded body as form
    fields, not as the text that was signed; the sandbox had answered 60840000."""
    partner = Partner(sandbox.info())
    answer = partner.call("/api/s/sandbox/echo", '{"A": "1"}', content_type=content_type)
    assert answer["code"] == "60840002"
    assert "application/json" in answer["msg"]
    assert partner.call("/api/s/sandbox/echo", '{"A": "1"}')["code"] == "60840000"


def test_file_host_values_the_bank_would_refuse_are_refused(sandbox: Sandbox) -> None:
    """A Chinese fileFormat ("图片".isalnum() is True) had passed; a bizContent that is not JSON
    had passed; a contentType with CR/LF or Chinese broke the download's header (a dropped
    connection, logged as success)."""
    import hashlib

    partner = Partner(sandbox.info())
    partner.fetch_ticket()

    def upload(file_format: str) -> dict[str, object]:
        url = partner.file_url("/api/s/up/upload", "1.0.0", fileType="999", fileFormat=file_format)
        return partner.session.post(url, files={"file": ("a.jpg", b"img")}, timeout=10).json()

    assert upload("图片")["code"] == "60840002"
    stored = json.loads(str(upload("jpg")["jsonData"]))["FILE_LIST"][0]
    url = partner.file_url("/up/s/sandbox/uploadJson", "2.0.0")
    body = {"fileName": "b.jpg", "file": "Yg==", "bizContent": "notjson"}
    answer = partner.session.post(url, json=body, timeout=10).json()
    assert answer["code"] == "60840002" and "bizContent" in str(answer["msg"])
    # uploadForm's bizContent is the business system's own (guide 4.5.3): any text
    url = partner.file_url("/up/s/sandbox/uploadForm", "2.0.0")
    form = partner.session.post(
        url, files={"file": ("b.jpg", b"b")}, data={"bizContent": "orderNo=1"}, timeout=10
    ).json()
    assert form["code"] == "60840000"
    md5 = hashlib.md5(b"img").hexdigest()
    for bad in ("图片/jpeg", "x\r\nSet-Cookie: a=b"):
        url = partner.file_url(
            "/api/s/up/download", "1.0.0",
            fileId=str(stored["FILE_ID"]), hashValue=md5, contentType=bad,
        )  # fmt: skip
        answer = partner.session.get(url, timeout=10)
        assert answer.headers["Content-Type"].startswith("application/json")
        assert answer.json()["code"] == "60840002"


def test_an_answer_without_timestamp_signed_over_null_is_what_the_guides_check_accepts() -> None:
    """Guide 5.4 hashes a missing Timestamp as "null": an answer signed that way passes its
    check, and the sandbox said both "signature ok" and "its signature check fails"."""
    import json as _json

    from workbench.core.callback import callback_signature, partner_response_json
    from workbench.core.callback_codec import CallbackEnvelope, java_url_encode
    from workbench.sandbox.callbacks import CallbackDelivery, check_answer

    plain = java_url_encode(partner_response_json("0000"))
    delivery = CallbackDelivery("http://p/cb", CallbackEnvelope("", "", "", "", ""), "")
    delivery.status = 200
    delivery.answer_body = _json.dumps(
        {"Plain": plain, "Signature": callback_signature(plain, "s", "null")}
    )
    check_answer(delivery, "s")
    assert delivery.signature_ok is True and delivery.error is None
