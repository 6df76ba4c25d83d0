"""An exchange is filed under the environment it went to, not the one active when its answer
came: the user may switch environments while a call is on its way."""

from __future__ import annotations

from workbench.qt.services import AppServices


def test_an_answer_that_comes_after_a_switch_is_filed_where_the_call_went(
    sync_services: AppServices, bank_env: str
) -> None:
    svc = sync_services
    svc.set_active_environment("Local sandbox")
    client = svc.client()
    record = client.call("sandbox", "echo", '{"a": 1}').record
    svc.set_active_environment(bank_env)  # the user moved on before the answer was kept
    svc.add_history("call", "sandbox/echo", record, {})
    filed = {e.title: e.env_name for e in svc.history.search()}
    assert filed["sandbox/echo"] == "Local sandbox"
