"""The check-a-sign dialog names the mistake that reproduces a sign made elsewhere."""

from __future__ import annotations

import hashlib
from typing import Any

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.sign import SignValue, compute_sign, request_values
from workbench.core.sign_check import SIGN_TEXTS
from workbench.ui.composer.tab import ComposerTab

BODY = '{"NAME": "张三", "N": 1}'
NONCE = "A" * 32


def _values(
    env: Any, ticket: str, *, body: str | None = BODY, type_: str | None = "sign"
) -> list[SignValue]:
    return request_values(
        app_id=env.app_id, version=env.version, nonce=NONCE, ticket=ticket, body=body, type=type_
    )


def _url(env: Any, sign: str, type_: str | None = "sign") -> str:
    url = (
        f"{env.api_base}/api/s/yh/10002?app_id={env.app_id}&nonce={NONCE}"
        f"&version={env.version}&sign={sign}"
    )
    return url + (f"&type={type_}" if type_ else "")


def _mistakes(env: Any, ticket: str, previous: str) -> dict[str, tuple[str, str]]:
    """code -> (url, body) made with that mistake."""
    right = compute_sign(_values(env, ticket)).sign
    return {
        "match": (_url(env, right), BODY),
        "lower_hex": (_url(env, right.lower()), BODY),
        "previous_ticket": (_url(env, compute_sign(_values(env, previous)).sign), BODY),
        "type_missing": (_url(env, compute_sign(_values(env, ticket, type_=None)).sign), BODY),
        "no_body": (_url(env, compute_sign(_values(env, ticket, body=None)).sign), BODY),
        "type_extra": (_url(env, compute_sign(_values(env, ticket)).sign, None), BODY),
        "body_reserialised": (
            _url(env, compute_sign(_values(env, ticket, body='{"NAME":"张三","N":1}')).sign),
            BODY,
        ),
        "codepoint_sort": (
            _url(
                env,
                hashlib.sha1("".join(sorted(v.text for v in _values(env, ticket))).encode())
                .hexdigest()
                .upper(),
            ),
            BODY,
        ),
    }


def test_each_listed_mistake_is_found(qtbot: Any, services: Any) -> None:
    tab = ComposerTab(services)
    qtbot.addWidget(tab)
    client = services.client()
    previous = client.fetch_tickets(["sign"]).credentials[0].value
    ticket = client.fetch_tickets(["sign"]).credentials[0].value
    assert services.book().usable(KIND_SIGN_TICKET).value == ticket
    env = services.active_environment()
    dialog = tab.open_check()
    qtbot.addWidget(dialog)
    for code, (url, body) in _mistakes(env, ticket, previous).items():
        if code == "codepoint_sort" and url == _mistakes(env, ticket, previous)["match"][0]:
            continue  # the values sort the same both ways: nothing to find
        dialog.url.setText(url)
        dialog.body.setPlainText(body)
        done = dialog.checks_done
        dialog.check.click()
        qtbot.waitUntil(lambda d=done: dialog.checks_done > d, timeout=5000)
        report = dialog.report_text()
        if code == "match":
            assert "The sign matches" in report
            continue
        expected = SIGN_TEXTS[code].en.split("{")[0][:40]
        assert "A known mistake reproduces it" in report, (code, report)
        assert expected in report, (code, report)


def test_ticket_field_starts_with_the_environment_ticket_and_can_be_changed(
    qtbot: Any, services: Any
) -> None:
    """A sign made with a ticket from the partner's own server is checked with that ticket."""
    client = services.client()
    ticket = client.fetch_tickets(["sign"]).credentials[0].value
    env = services.active_environment()
    tab = ComposerTab(services)
    qtbot.addWidget(tab)
    dialog = tab.open_check()
    qtbot.addWidget(dialog)
    assert dialog.ticket.text() == ticket
    theirs = "T" * 64
    sign = compute_sign(_values(env, theirs)).sign
    dialog.url.setText(_url(env, sign))
    dialog.body.setPlainText(BODY)
    done = dialog.checks_done
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.checks_done > done, timeout=5000)
    assert "The sign does not match, and no known mistake" in dialog.report_text()
    dialog.ticket.setText(theirs)
    done = dialog.checks_done
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.checks_done > done, timeout=5000)
    assert "The sign matches" in dialog.report_text()


def test_prefilled_from_a_log_row(qtbot: Any, services: Any) -> None:
    from workbench.ui.composer.check_dialog import CheckSignDialog

    env = services.active_environment()
    theirs = "L" * 64
    sign = compute_sign(_values(env, theirs, type_=None)).sign.lower()
    dialog = CheckSignDialog(services, url=_url(env, sign, None), body=BODY, ticket=theirs)
    qtbot.addWidget(dialog)
    assert dialog.ticket.text() == theirs and dialog.body.toPlainText() == BODY
    dialog.check.click()
    qtbot.waitUntil(lambda: dialog.checks_done > 0, timeout=5000)
    report = dialog.report_text()
    assert SIGN_TEXTS["lower_hex"].en in report
    assert theirs not in report  # the sign string is shown with the ticket masked
