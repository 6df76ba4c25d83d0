"""History of every exchange, in SQLite in the profile folder (composer, files, callbacks).

Secrets never enter: URLs lose their ``secret``; tokens and tickets are stored masked, in the
query, in the sign inputs (the sign string is stored with the ticket masked) and in the bodies of
the credential answers, or anywhere else they appear (:mod:`workbench.store.history_mask`, applied
when an entry is written). What is kept is enough to reopen a request in the composer and to list
this environment's uploaded files.

A damaged file never stops the window: :mod:`workbench.store.history_db` opens it read-only or
sets it aside, and :attr:`HistoryStore.notice` says what happened. A write that fails (another
window held the file too long, a read-only history, a full disk) raises
:class:`HistoryWriteError` with a sentence, which the window shows.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.client.models import ExchangeRecord
from workbench.core.credentials import mask
from workbench.core.text import Text
from workbench.store.history_db import SCHEMA_VERSION as SCHEMA_VERSION
from workbench.store.history_db import open_history
from workbench.store.history_mask import mask_credentials

KIND_CALL = "call"
KIND_CREDENTIAL = "credential"
KIND_UPLOAD = "upload"
KIND_DOWNLOAD = "download"
KIND_CALLBACK_IN = "callback_in"  # a callback the receiver got
KIND_CALLBACK_OUT = "callback_out"  # a callback sent or replayed


log = logging.getLogger(__name__)

_SECRET_PARAMS = re.compile(r"([?&](?:secret|access_token)=)([^&#]*)", re.IGNORECASE)
_MAX_BODY = 2 * 1024 * 1024  # bodies over 2 MB are cut in history (the full text was on screen)


def mask_url(url: str) -> str:
    """``secret`` is removed entirely; ``access_token`` masked (PROTOCOL P2/P3 URLs carry them)."""

    def repl(m: re.Match[str]) -> str:
        if m.group(1).lower().endswith("secret="):
            return m.group(1) + "•••"
        return m.group(1) + mask(m.group(2))

    return _SECRET_PARAMS.sub(repl, url)


CUT_MARK = "\n… (cut in history)"  # ends a body too long to keep whole


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_BODY else text[:_MAX_BODY] + CUT_MARK


def record_to_dict(record: ExchangeRecord) -> dict[str, Any]:
    """A history-safe copy of ``record``: no secret, tickets and tokens masked."""
    req = record.request
    sign: dict[str, Any] | None = None
    if req.sign is not None:
        sign = {
            "values": [
                {"source": v.source, "text": mask(v.text) if v.source == "ticket" else v.text}
                for v in req.sign.ordered
            ],
            "sign_string_masked": req.sign.masked_sign_string(),
            "sign": req.sign.sign,
        }
    out: dict[str, Any] = {
        "request": {
            "method": req.method,
            "url": mask_url(req.url),
            "headers": dict(req.headers),
            "body": _cut(req.body_text),
            "nonce": req.nonce,
            "sign": sign,
        },
        "response": None,
        "error": record.error,
        "started_ms": record.started_ms,
    }
    if record.response is not None:
        resp = record.response
        out["response"] = {
            "status": resp.status,
            "reason": resp.reason,
            "headers": dict(resp.headers),
            "body": _cut(resp.text),
            "elapsed_ms": resp.elapsed_ms,
        }
    return out


@dataclass
class HistoryEntry:
    kind: str
    env_name: str
    created_ms: int
    title: str
    data: dict[str, Any] = field(default_factory=dict)  # record_to_dict(...) plus kind extras
    id: int | None = None


class HistoryWriteError(Exception):
    """An entry could not be stored; ``text`` is the sentence for the user."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text


RETIRED = "\x00deleted:"  # the env_name prefix of a deleted environment's entries


class HistoryStore:
    """Thread-safe: workers add entries, the GUI thread searches (both quick).

    Attributes:
        read_only: true when past entries can be read but new ones are not stored.
        notice: what was done to a damaged or foreign file at opening (None when all was well).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        opened = open_history(path)
        self._db = opened.db
        self.read_only = opened.read_only
        self.notice: Text | None = opened.notice

    def add(self, entry: HistoryEntry) -> int:
        """Store ``entry`` with its credentials masked (``entry.data`` becomes the masked copy).
        A body the masking changed is marked ``body_masked``: reopened, it is not what was sent."""
        written = entry.data.get("body_text")
        entry.data = mask_credentials(entry.data)
        if isinstance(written, str) and entry.data.get("body_text") != written:
            entry.data["body_masked"] = True
        if self.read_only:
            raise HistoryWriteError(
                Text(
                    "This exchange was not kept in history: the history is open read-only.",
                    "此次交互未保存到历史记录：历史记录以只读方式打开。",
                )
            )
        try:
            payload = json.dumps(entry.data, ensure_ascii=False)
        except (TypeError, ValueError, RecursionError) as exc:
            raise HistoryWriteError(
                Text(
                    "This exchange was not kept in history: it cannot be written as JSON.",
                    "此次交互未保存到历史记录：无法写成 JSON。",
                )
            ) from exc
        try:
            with self._lock, self._db:
                cur = self._db.execute(
                    "INSERT INTO exchange(kind, env_name, created_ms, title, data) "
                    "VALUES (?,?,?,?,?)",
                    (entry.kind, entry.env_name, entry.created_ms, entry.title, payload),
                )
        except sqlite3.Error as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                why = Text(
                    "the history file stayed locked (another program may be using this profile)",
                    "历史文件一直被锁定（可能有其他程序在使用此配置）",
                )
            else:
                why = Text(str(exc), str(exc))
            raise HistoryWriteError(
                Text(
                    f"This exchange was not kept in history: {why.en}.",
                    f"此次交互未保存到历史记录：{why.zh}。",
                )
            ) from exc
        entry.id = int(cur.lastrowid or 0)
        return entry.id

    def search(
        self,
        text: str = "",
        *,
        kind: str | None = None,
        env_name: str | None = None,
        limit: int = 200,
    ) -> list[HistoryEntry]:
        """Newest first; ``text`` matches the title or anywhere in the stored exchange."""
        sql = "SELECT id, kind, env_name, created_ms, title, data FROM exchange WHERE 1=1"
        params: list[Any] = []
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        if env_name:
            sql += " AND env_name = ?"
            params.append(env_name)
        if text:
            sql += " AND (title LIKE ? ESCAPE '\\' OR data LIKE ? ESCAPE '\\')"
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [like, like]
        sql += " ORDER BY created_ms DESC, id DESC LIMIT ?"
        params.append(limit)
        try:
            with self._lock:
                rows = self._db.execute(sql, params).fetchall()
        except sqlite3.Error:
            # a file damaged after opening: an empty list, never a tab stuck on "Loading…"
            log.exception("history search failed")
            return []
        return [e for e in (self._entry(r) for r in rows) if e is not None]

    def get(self, entry_id: int) -> HistoryEntry | None:
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT id, kind, env_name, created_ms, title, data FROM exchange WHERE id = ?",
                    (entry_id,),
                ).fetchone()
        except sqlite3.Error:
            log.exception("history read failed")
            return None
        return self._entry(row) if row else None

    def rename_environment(self, old: str, new: str) -> None:
        """File ``old``'s entries under ``new`` (the environment was renamed)."""
        self._move(old, new)

    def retire_environment(self, name: str) -> None:
        """Set ``name``'s entries aside (the environment was deleted): a new environment given
        the same name must not list them, nor download again with their file ids. They stay in
        the file under a name no environment can have."""
        self._move(name, RETIRED + name)

    def _move(self, old: str, new: str) -> None:
        if self.read_only:
            return
        try:
            with self._lock, self._db:
                self._db.execute("UPDATE exchange SET env_name = ? WHERE env_name = ?", (new, old))
        except sqlite3.Error:
            log.exception("moving history entries failed")

    def delete(self, entry_id: int) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM exchange WHERE id = ?", (entry_id,))

    def clear(self) -> None:
        with self._lock, self._db:
            self._db.execute("DELETE FROM exchange")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @staticmethod
    def _entry(row: tuple[Any, ...]) -> HistoryEntry | None:
        try:
            data = json.loads(row[5])
            return HistoryEntry(
                id=row[0],
                kind=str(row[1]),
                env_name=str(row[2]),
                created_ms=int(row[3] or 0),
                title=str(row[4]),
                data=data if isinstance(data, dict) else {},
            )
        except (TypeError, ValueError, RecursionError):
            return None  # a row no build of ours wrote: skipped
