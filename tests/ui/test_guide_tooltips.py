"""Fields from the guide carry the guide's own wording as tooltip, in both languages, and every
shortcut is shown in its tooltip (packaging issue, "Look and feel")."""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget

from workbench.core.fields import guide_tooltip
from workbench.qt.i18n import LANG_EN, LANG_ZH, install_language


def _plain(tip: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "\n", tip))


def _fields(window: Any) -> list[tuple[str, QWidget, str]]:
    """(where, widget, guide field) for a fixed sample over every tab."""
    env = window.env_tab.form
    tokens = window.tokens_tab
    composer = window.composer_tab
    files = window.files_tab
    callbacks = window.callbacks_tab
    return [
        ("env app_id", env.app_id, "app_id"),
        ("env app_id label", env._labels["app_id"], "app_id"),
        ("env secret", env.secret.edit, "secret"),
        ("env salt", env.salt.edit, "salt"),
        ("env version", env.version, "version"),
        ("env file version", env.file_version, "file_version"),
        ("env bizPath", env.biz_path, "bizPath"),
        ("env API host", env.api_base, "api_host"),
        ("env file host", env.file_base, "file_host"),
        ("tokens access_token", tokens.token_row.value.field, "access_token"),
        ("tokens access_token title", tokens.token_row.title, "access_token"),
        ("tokens sign ticket", tokens.sign_row.value.field, "sign_ticket"),
        ("tokens user ticket", tokens.user_row.value.field, "user_ticket"),
        ("tokens expire_time", tokens.token_row.server_expiry, "expire_time"),
        ("tokens USER_ID", tokens.user_form.edits["USER_ID"], "USER_ID"),
        ("tokens EXTEND_INFO", tokens.user_form.extend_info, "EXTEND_INFO"),
        ("tokens mechant_id", tokens.user_form.mechant_id, "mechant_id"),
        ("tokens user_data", tokens.user_form.heading, "user_data"),
        ("composer path", composer.editor.path, "service_path"),
        ("composer path label", composer.editor.path_label, "service_path"),
        ("composer nonce", composer.editor.nonce, "nonce"),
        ("composer type", composer.editor.type, "type"),
        ("composer body", composer.editor.body, "body"),
        ("composer sign", composer.sign_view.sign, "sign"),
        ("composer sign string", composer.sign_view.sign_string, "sign"),
        ("composer code", composer.response.platform_code, "code"),
        ("composer jsonData", composer.response.json_data, "jsonData"),
        ("composer BizSeqNo", composer.response.biz_seq, "BizSeqNo"),
        ("composer ConsumerSeqNo", composer.response.consumer_seq, "ConsumerSeqNo"),
        ("files fileType", files.upload.file_type, "fileType"),
        ("files fileFormat", files.upload.file_format, "fileFormat"),
        ("files type switch", files.upload.type_in_sign, "ticket_type"),
        ("files file", files.upload.picker.list, "file"),
        ("files fileName", files.upload.picker.list, "fileName"),
        ("files FILE_ID", files.download.file_id, "fileId"),
        ("files HASH_VALUE", files.download.hash_value, "hashValue"),
        ("files contentType", files.download.content_type, "contentType"),
        ("files bizPath", files.notice.biz_path, "bizPath"),
        ("files bizContent", files.notice.biz_content, "bizContent"),
        ("callbacks Plain", callbacks.verifier.plain, "Plain"),
        ("callbacks Signature", callbacks.verifier.signature, "Signature"),
        ("callbacks Timestamp", callbacks.verifier.timestamp, "Timestamp"),
        ("callbacks transName", callbacks.verifier.trans_name, "transName"),
        ("callbacks SeqNo", callbacks.verifier.seq_no, "SeqNo"),
        ("callbacks salt", callbacks.salt_box.source, "salt"),
    ]


def test_guide_fields_carry_the_guides_wording_in_both_languages(window: Any, qtbot: Any) -> None:
    pairs = _fields(window)
    try:
        for lang in (LANG_EN, LANG_ZH, LANG_EN):
            install_language(lang)
            qtbot.wait(20)
            for where, widget, field in pairs:
                tip = _plain(widget.toolTip())
                assert guide_tooltip(field, lang) in tip, (lang, where, tip)
    finally:
        install_language(LANG_EN)
    # a tooltip that explained something else keeps it
    assert "/api/s/system/service_code" in window.composer_tab.editor.path.toolTip()
    assert "multipart" in window.files_tab.notice.mode.toolTip()


def _shortcut_texts(obj: QAction | QAbstractButton) -> list[str]:
    keys = obj.shortcuts() if isinstance(obj, QAction) else [obj.shortcut()]
    return [k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if not k.isEmpty()]


def test_every_shortcut_shows_in_its_tooltip_and_main_ones_are_in_menus(window: Any) -> None:
    tabs = [window.ensure_tab(i) for i in range(window.tabs.count())]
    menu_actions: list[QAction] = []
    pending = list(window.menuBar().actions())
    while pending:
        action = pending.pop()
        menu = action.menu()
        if menu is not None:
            pending.extend(menu.actions())
        else:
            menu_actions.append(action)
    checked = 0
    for action in menu_actions:
        for keys in _shortcut_texts(action)[:1]:
            assert keys in action.toolTip(), (action.text(), action.toolTip())
            checked += 1
    for tab in tabs:
        for button in tab.findChildren(QAbstractButton):
            for keys in _shortcut_texts(button):
                assert keys in button.toolTip(), (button.text(), button.toolTip())
                checked += 1
            action = getattr(button, "defaultAction", lambda: None)()
            if action is not None and _shortcut_texts(action):
                assert action in menu_actions, action.text()
                assert _shortcut_texts(action)[0] in button.toolTip(), button.toolTip()
    assert checked >= 8
