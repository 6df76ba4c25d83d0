"""The verifier says only what is true: a mismatch blames the salt only when proven, a right
signature in upper case names only that, an empty salt asks for one, decode-only claims no
answer, and a check that fails never leaves the previous verdict on screen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from workbench.core.callback_codec import build_envelope
from workbench.ui.callbacks import verifier as verifier_module
from workbench.ui.callbacks.tab import CallbacksTab

SALT = "truth-salt"
BUSINESS = '{"orderNo":"A1","amount":"12.50"}'


@pytest.fixture
def tab(qtbot: Any, services: Any) -> Iterator[CallbacksTab]:
    widget = CallbacksTab(services)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    widget.shutdown()


def envelope_at(ts: int, *, salt: str = SALT, business: str = BUSINESS) -> dict[str, str]:
    return build_envelope(
        business, salt=salt, trans_name="loanNotify", seq_no="S9", timestamp_ms=ts
    ).to_dict()


def choose(tab: CallbacksTab, source: str, salt: str = "") -> None:
    box = tab.salt_box
    box.source.setCurrentIndex(box.source.findData(source))
    box.typed.setText(salt)


def shown(qtbot: Any, tab: CallbacksTab, expected: str) -> str:
    qtbot.waitUntil(lambda: expected in tab.verifier.status.text(), timeout=3000)
    return tab.verifier.status.text()


def test_right_signature_in_upper_case_names_only_upper_hex(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    choose(tab, "typed", SALT)
    data = envelope_at(clock.now_ms())
    data["Signature"] = data["Signature"].upper()
    tab.verifier.load_body(json.dumps(data))
    headline = shown(qtbot, tab, "does not match")
    assert "salt" not in headline
    notes = tab.verifier.diagnostics.text()
    assert "upper-case hex" in notes
    assert "quote_plus" not in notes and "re-encoded" not in notes


def test_one_changed_digit_of_plain_does_not_blame_the_salt(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    choose(tab, "typed", SALT)
    data = envelope_at(clock.now_ms())
    data["Plain"] = data["Plain"].replace("12.50", "92.50")
    tab.verifier.load_body(json.dumps(data))
    headline = shown(qtbot, tab, "does not match")
    assert "different salt" not in headline
    assert "Possible causes" in headline
    assert "0010" in tab.verifier.answer_hint.text()


def test_salt_is_blamed_when_the_sender_salt_had_a_newline(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    choose(tab, "typed", SALT)
    tab.verifier.load_body(json.dumps(envelope_at(clock.now_ms(), salt=SALT + "\n")))
    assert "different salt" in shown(qtbot, tab, "does not match")
    assert "trailing newline" in tab.verifier.diagnostics.text()


def test_empty_typed_salt_asks_for_a_salt_and_claims_no_answer(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    choose(tab, "typed", "")
    tab.verifier.load_body(json.dumps(envelope_at(clock.now_ms())))
    shown(qtbot, tab, "Type the callback salt")
    assert '"orderNo": "A1"' in tab.verifier.decoded.toPlainText()
    assert "0000" not in tab.verifier.answer_hint.text()
    assert not tab.verifier.answer_button.isVisible()
    tab.salt_box.typed.setText(SALT)  # typing it checks at once
    shown(qtbot, tab, "Valid")


def test_decode_only_makes_no_claim_about_the_answer(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    choose(tab, "none")
    tab.verifier.load_body(json.dumps(envelope_at(clock.now_ms())))
    shown(qtbot, tab, "Not checked")
    assert "0000" not in tab.verifier.answer_hint.text()
    assert "Success" not in tab.verifier.answer_hint.text()
    assert not tab.verifier.answer_button.isVisible()


def test_forged_body_with_a_lone_surrogate_replaces_valid(
    qtbot: Any, tab: CallbacksTab, clock: Any
) -> None:
    choose(tab, "typed", SALT)
    good = envelope_at(clock.now_ms())
    tab.verifier.load_body(json.dumps(good))
    shown(qtbot, tab, "Valid")
    forged = dict(good, Plain=good["Plain"] + "%ED%A0%80\ud800")
    tab.verifier.load_body(json.dumps(forged, ensure_ascii=False))
    qtbot.waitUntil(lambda: "Valid" not in tab.verifier.status.text(), timeout=3000)
    verdict = tab.verifier.verdict()
    assert verdict is not None and verdict.status != "valid"


def test_a_check_that_fails_clears_the_old_verdict(
    qtbot: Any, tab: CallbacksTab, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    choose(tab, "typed", SALT)
    good = envelope_at(clock.now_ms())
    tab.verifier.load_body(json.dumps(good))
    shown(qtbot, tab, "Valid")

    def broken(*_args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(verifier_module, "check", broken)
    tab.verifier.load_body(json.dumps(dict(good, Signature="0" * 64)))
    assert "could not be checked" in shown(qtbot, tab, "could not be checked")
    assert tab.verifier.verdict() is None
    assert not tab.verifier.answer_hint.isVisible()


def test_deeply_nested_plain_gets_a_verdict(qtbot: Any, tab: CallbacksTab, clock: Any) -> None:
    choose(tab, "typed", SALT)
    deep = "[" * 50_000 + "]" * 50_000
    tab.verifier.load_body(json.dumps(envelope_at(clock.now_ms(), business=deep)))
    assert "nested too deeply" in shown(qtbot, tab, "Malformed")


@pytest.mark.parametrize("around", ["recv body={} (3 ms)", "{}", "noise {{ body={} }} tail"])
def test_window_and_cli_agree_on_a_pasted_log_line(
    qtbot: Any, tab: CallbacksTab, clock: Any, tmp_path: Any, around: str
) -> None:
    import contextlib
    import io

    from workbench import cli

    now = clock.now_ms()
    text = around.replace("{}", json.dumps(envelope_at(now)), 1)
    choose(tab, "typed", SALT)
    tab.verifier.load_body(text)
    qtbot.waitUntil(lambda: tab.verifier.verdict() is not None, timeout=3000)
    verdict = tab.verifier.verdict()
    assert verdict is not None
    window_status = verdict.status
    assert window_status == "valid"
    path = tmp_path / "pasted.txt"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        argv = ["callback", "verify", "--salt", SALT, "--body-file", str(path), "--now", str(now)]
        status = cli.main([*argv, "--json"])
    assert json.loads(out.getvalue())["status"] == window_status
    assert status == {"valid": 0, "invalid": 1, "malformed": 2}[window_status]
