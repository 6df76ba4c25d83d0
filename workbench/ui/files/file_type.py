"""The fileType and fileFormat inputs of an upload (guide 4.5.2, 4.5.3), shared by both panels.

The fileType items read in the window's language ("001 · ID card" or "001 · 身份证") and follow a
language switch; the code is the item's data, which is what is sent.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QComboBox, QWidget

from workbench.core.codes import FILE_TYPES
from workbench.qt.i18n import pick


def guess_format(path: str) -> str:
    """fileFormat from the extension: ``photo.JPEG`` -> ``jpg`` (the guide writes jpg, png, zip)."""
    ext = Path(path).suffix.lower().lstrip(".")
    return {"jpeg": "jpg", "tif": "tiff"}.get(ext, ext)


class FileTypeCombo(QComboBox):
    """The fileType dictionary, labelled in the current language; ``currentData()`` is the code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for code in FILE_TYPES:
            self.addItem("", code)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)
        self.retranslate()

    def retranslate(self) -> None:
        for index in range(self.count()):
            code = str(self.itemData(index))
            self.setItemText(index, f"{code} · {pick(FILE_TYPES[code])}")

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
