"""The check-a-sign dialog names the mistake that reproduces a sign made elsewhere."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.core.sign import SignValue, compute_sign, request_values
from workbench.ui.composer.tab import ComposerTab

diagnose = pytest.importorskip("workbench.core.diagnose")

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
        "type_excluded": (_url(env, compute_sign(_values(env, ticket, type_=None)).sign), BODY),
        "no_body": (_url(env, compute_sign(_values(env, ticket, body=None)).sign), BODY),
        "type_included": (_url(env, compute_sign(_values(env, ticket)).sign, None), BODY),
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
        expected = diagnose.REQUEST_TEXTS[code].en.split("{")[0][:40]
        assert "known mistake reproduces it" in report, (code, report)
        assert expected in report, (code, report)
