"""Sending the composed request and fetching a sign ticket for it: jobs, results, history.

Kept apart from the tab's layout so that what happens to a call (the job, the two code layers,
the history entry, the last-sent export copy, the fresh nonce) reads in one place. Every
sentence it puts on the tab's status line is a callable or a Text, so that a language switch
re-renders it instead of leaving the old language on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from workbench.core import export
from workbench.core.templates import split_path
from workbench.qt.errors import CANCELLED, ClientError
from workbench.qt.history import KIND_CALL
from workbench.qt.results import CallResult, ExchangeRecord
from workbench.qt.workers import TaskHandle
from workbench.ui.composer.response import ShownCall, prepare_texts
from workbench.ui.composer.view import ComposerView
from workbench.ui.widgets.common import StatusLine

BODY_IN_HISTORY = 2 * 1024 * 1024  # characters; a longer body is not copied into the history


def _outcome(result: CallResult) -> str:
    """What a history title says came back: both codes, or the HTTP status when the body was
    not a platform answer (a gateway's HTTP 500 page), never a bare "?"."""
    answer = result.answer
    if answer is not None:
        return f"{answer.code} / {answer.biz_code}" if answer.biz_code else answer.code
    response = result.record.response
    return f"HTTP {response.status}" if response is not None else "?"


class CallSender(QObject):
    """Sends the tab's request in a job and shows the outcome on the tab."""

    def __init__(self, tab: ComposerView, parent: QObject) -> None:
        super().__init__(parent)
        self._tab = tab
        self._services = tab.services
        self._composer = tab.composer
        self.send_handle: TaskHandle | None = None
        self.fetch_handle: TaskHandle | None = None

    # -- sending ---------------------------------------------------------------------------

    def send(self) -> None:
        tab = self._tab
        if self.send_handle is not None:
            return
        path = split_path(tab.editor.path.text())
        if path is None:
            tab.status.set_status(
                StatusLine.FAILED,
                lambda: self.tr(
                    "Not sent: the service path must be system/service_code without spaces."
                ),
            )
            return
        if tab.editor.body.filling:
            tab.status.set_status(
                StatusLine.FAILED,
                lambda: self.tr("Not sent: the body file is still being put into the editor."),
            )
            return
        shown_sign = tab.sign_view.result  # as the user saw it, before it is brought up to date
        screen_sign = shown_sign.sign if shown_sign is not None else ""
        body = tab.current_body()
        type_value, nonce = tab.editor.type_value(), tab.editor.nonce.text()
        env = self._services.active_environment()
        meta = {
            "system": path[0],
            "service_code": path[1],
            "type": type_value,
            "nonce": nonce,
            "body_text": body if len(body) <= BODY_IN_HISTORY else "",
            "body_cut": len(body) > BODY_IN_HISTORY,  # reopened, the draft keeps its own body
            "env": env.name,
        }
        handle: TaskHandle | None = None
        # A job cancelled while it waits for the answer still ends with that answer (the
        # client cannot take back bytes on the wire): `handle is not self.send_handle` then
        # says that the tab has let go of it, and only its history entry is kept.
        handle = self._composer.send(
            path[0],
            path[1],
            body,
            type_value=type_value,
            nonce=nonce,
            shape=prepare_texts,
            on_result=lambda shown: self._on_sent(
                shown, meta, screen_sign, abandoned=handle is not self.send_handle
            ),
            on_error=lambda error: self._on_send_failed(
                error, meta, abandoned=handle is not self.send_handle
            ),
            on_finished=lambda: self._on_send_finished(handle),
        )
        if handle is None:  # PROTOCOL P3: the kick-out question was cancelled
            tab.status.set_status(
                StatusLine.WARNING,
                lambda: self.tr("Not sent: no token or ticket was fetched or pasted."),
            )
            return
        if handle.running:
            self.send_handle = handle
            tab.response.show_pending()
            tab.right.setCurrentWidget(tab.response)
            tab.status.set_status(StatusLine.PENDING, lambda: self.tr("Sending…"))
            tab.send_action.setEnabled(False)
            tab.cancel_action.setEnabled(True)

    def cancel(self) -> None:
        """Let go of the call at once: Send is usable again and a late answer is not shown.

        The client only notices the cancel between steps, so a request that is waiting for the
        platform keeps waiting (up to the read timeout); the user is not made to wait with it.
        """
        handle = self.send_handle
        if handle is not None:
            handle.cancel()
            self.send_handle = None
            tab = self._tab
            tab.response.show_cancelled()
            tab.status.set_status(
                StatusLine.WARNING,
                lambda: self.tr(
                    "Cancelled. If the request had already left, the platform may still carry "
                    "it out; an answer that comes later goes to the history only."
                ),
            )
            tab.send_action.setEnabled(True)
            tab.editor.regenerate_nonce()  # PROTOCOL P4.1: the old nonce may have been seen
        if self.fetch_handle is not None:
            self.fetch_handle.cancel()
        self._tab.cancel_action.setEnabled(self.fetch_handle is not None)

    def _on_send_finished(self, handle: TaskHandle | None) -> None:
        if handle is not self.send_handle:
            return  # let go of by cancel(); a newer call may be running
        self.send_handle = None
        self._tab.send_action.setEnabled(True)
        self._tab.cancel_action.setEnabled(self.fetch_handle is not None)

    def _on_sent(
        self,
        shown: ShownCall,
        meta: dict[str, Any],
        screen_sign: str = "",
        *,
        abandoned: bool = False,
    ) -> None:
        tab = self._tab
        result = shown.result
        if abandoned:
            answer = result.answer
            self._services.add_history(
                KIND_CALL,
                f"{meta['system']}/{meta['service_code']} → {_outcome(result)}",
                result.record,
                {**meta, "platform_code": answer.code if answer else "", "cancelled": True},
            )
            return
        answer = result.answer
        tab.response.show_call(shown, screen_sign=screen_sign)
        # the pane's verdict, re-rendered by the pane's own tr() on a language switch
        tab.status.set_status(tab.response.verdict_state(), tab.response.verdict_text)
        platform_code = answer.code if answer else ""
        biz_code = answer.biz_code if answer else ""
        codes: dict[str, Any] = {
            "platform_code": platform_code,
            "biz_code": biz_code,
            "retried": result.retried,
        }
        title = f"{meta['system']}/{meta['service_code']} → {_outcome(result)}"
        self._services.add_history(KIND_CALL, title, result.record, {**meta, **codes})
        response = result.record.response
        self._remember_sent(
            result.record,
            export.ExportResponse(
                status=response.status if response else 0,
                elapsed_ms=response.elapsed_ms if response else 0.0,
                body_text=shown.body_text,
                platform_code=platform_code,
                platform_msg=answer.msg if answer else "",
                biz_code=biz_code,
                biz_desc=answer.biz_desc if answer else "",
                biz_seq_no=answer.biz_seq_no if answer else "",
                consumer_seq_no=answer.consumer_seq_no if answer else "",
                retried=result.retried,
            ),
        )
        tab.editor.regenerate_nonce()  # PROTOCOL P4.1: fresh per request

    def _on_send_failed(
        self, error: ClientError, meta: dict[str, Any], *, abandoned: bool = False
    ) -> None:
        tab = self._tab
        if abandoned:
            return  # the user cancelled it and has moved on; nothing to show
        tab.response.show_error(error)
        tab.status.set_status(StatusLine.FAILED, error.text)
        if error.kind == CANCELLED:
            return
        if error.record is not None:
            self._services.add_history(
                KIND_CALL,
                f"{meta['system']}/{meta['service_code']} ✗",
                error.record,
                {**meta, "error": error.text.en},
            )
            self._remember_sent(error.record, export.ExportResponse(error=error.text.en))
            tab.editor.regenerate_nonce()

    def _remember_sent(self, record: ExchangeRecord, response: export.ExportResponse) -> None:
        self._composer.remember_sent(record, response)
        self._tab.export_sent_action.setEnabled(self._composer.last_sent is not None)

    # -- the sign ticket -------------------------------------------------------------------

    def fetch_ticket(self) -> None:
        tab = self._tab
        if self.fetch_handle is not None:
            return
        handle = self._composer.fetch_ticket(  # PROTOCOL P3: the kick-out warning first
            on_result=lambda _r: tab.status.set_status(
                StatusLine.OK, lambda: self.tr("Sign ticket fetched.")
            ),
            on_error=lambda e: tab.status.set_status(StatusLine.FAILED, e.text),
            on_finished=self._on_fetch_finished,
            on_pasted=tab.update_sign,
        )
        if handle is not None and handle.running:
            self.fetch_handle = handle
            tab.sign_view.set_fetching(True)
            tab.status.set_status(StatusLine.PENDING, lambda: self.tr("Fetching a sign ticket…"))

    def _on_fetch_finished(self) -> None:
        self.fetch_handle = None
        self._tab.sign_view.set_fetching(False)
        self._tab.update_sign()
