"""Small widgets of the file panel: the sign table, the transfer bar, the drop list, a status line.

The window engineer's shared widgets (ui/widgets/common.py) are used when present; until they
land, small stand-ins keep this panel working.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.credentials import mask
from workbench.core.sign import SOURCE_TICKET, SignResult
from workbench.qt.file_jobs import Progress
from workbench.ui.files.meter import TransferMeter, format_bytes, format_duration
from workbench.ui.guide.theme import OK, status_colour
from workbench.ui.widgets.common import CopyButton, set_guide_tooltip  # shared (ui_common.md)


class FilesCopyButton(QToolButton):
    """Copies ``get_text()``, labelled with what it copies ("Copy FILE_ID"): a row of several
    plain "Copy" buttons under a table would not say which column each one takes."""

    def __init__(
        self, get_text: Callable[[], str], what: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._get_text = get_text
        self._what = what
        self.clicked.connect(self._on_clicked)
        self.retranslate()

    def retranslate(self) -> None:
        if self._what:
            self.setText(self.tr("Copy %1").replace("%1", self._what))
            self.setToolTip(self.tr("Copy %1 of the selected row").replace("%1", self._what))
        else:
            self.setText(self.tr("Copy"))
            self.setToolTip(self.tr("Copy to the clipboard"))

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _on_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self._get_text())


def copy_button(
    get_text: Callable[[], str], parent: QWidget | None = None, what: str = ""
) -> QWidget:
    """The shared copy button beside a single value; a labelled one under tables (``what``)."""
    if not what:
        button: QWidget = CopyButton(get_text)
        if parent is not None:
            button.setParent(parent)
        return button
    return FilesCopyButton(get_text, what, parent)


def keep_size(button: QWidget) -> None:
    """A button beside a bar that comes and goes keeps its own width (no stretching while the
    bar is hidden, then shrinking under the pointer once it shows)."""
    button.setSizePolicy(QSizePolicy.Policy.Maximum, button.sizePolicy().verticalPolicy())


class FilesStatusLine(QLabel):
    """✓ / ✗ / ⚠ and a sentence, coloured from the palette (no fixed black or white)."""

    OK, FAIL, WARN, INFO = "ok", "fail", "warn", "info"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = ""
        self.sentence = ""
        self._source: str | Callable[[], str] = ""

    def show_state(self, state: str, sentence: str | Callable[[], str]) -> None:
        """Show ``sentence``; pass a callable (``lambda: self.tr(...)``) so that
        :meth:`refresh` can say it again in the new language."""
        self._source = sentence
        self.state = state
        self.sentence = sentence() if callable(sentence) else sentence
        mark = {self.OK: "✓ ", self.FAIL: "✗ ", self.WARN: "⚠ "}.get(state, "")
        self.setText(mark + self.sentence if self.sentence else "")
        pal = self.palette()
        colour = pal.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)
        if state == self.OK:  # the green of every other tab's ✓, for a light or dark palette
            colour = status_colour(OK, pal)
        elif state in (self.FAIL, self.WARN):
            # a warm hue readable on light and dark bases, picked by the base's lightness
            dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
            colour = colour.fromString(
                ("#ff7b72" if dark else "#b3261e")
                if state == self.FAIL
                else ("#e3b341" if dark else "#8a5a00")
            )
        self.setStyleSheet(f"color: {colour.name()};" if state else "")
        self.setVisible(bool(self.sentence))

    def refresh(self) -> None:
        """Re-evaluate the sentence (from the owner's retranslate())."""
        self.show_state(self.state, self._source)

    def clear_state(self) -> None:
        self.show_state("", "")


class SignTable(QWidget):
    """The sign as the composer shows it: source/value rows, the sign string, the SHA1 sign.

    The ticket is masked everywhere here (PROTOCOL P4; STYLE.md: secrets masked on screen).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sign: SignResult | None = None
        self.table = QTableWidget(0, 2, self)
        self.table.verticalHeader().setVisible(False)
        # compact rows, sized from the font (no fixed pixels that cut CJK glyphs)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSizeAdjustPolicy(QTableWidget.SizeAdjustPolicy.AdjustToContents)
        # sized to its rows; on a short window it is squeezed, and then scrolls (no row is
        # out of reach)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.sign_string_label = QLabel(self)
        self.sign_string = QLabel(self)
        self.sign_string.setWordWrap(True)
        self.sign_string.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sign_label = QLabel(self)
        self.sign_value = QLabel(self)
        self.sign_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_sign = copy_button(lambda: self.sign.sign if self.sign else "", self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        row.addWidget(self.sign_string_label)
        row.addWidget(self.sign_string, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.sign_label)
        row.addWidget(self.sign_value, 1)
        row.addWidget(self.copy_sign)
        layout.addLayout(row)
        self._caption_text = ""
        set_guide_tooltip(self.sign_value, "sign", self.sign_label, self.sign_string_label)
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Source"), self.tr("Value (sorted)")])
        self.sign_string_label.setText(self.tr("Sign string:"))
        self.sign_label.setText(self.tr("sign (SHA1):"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_sign(self, sign: SignResult | None, caption: str) -> None:
        self.sign = sign
        self._caption_text = caption
        self._fill()

    def _fill(self) -> None:
        self.caption.setText(self._caption_text)
        rows = self.sign.ordered if self.sign else ()
        self.table.setRowCount(len(rows))
        for i, v in enumerate(rows):
            shown = mask(v.text) if v.source == SOURCE_TICKET else v.text
            self.table.setItem(i, 0, QTableWidgetItem(v.source))
            self.table.setItem(i, 1, QTableWidgetItem(shown))
        self.sign_string.setText(self.sign.masked_sign_string() if self.sign else "—")
        self.sign_value.setText(self.sign.sign if self.sign else "—")


class TransferBar(QWidget):
    """A progress bar with bytes, %, speed and time left, and a Cancel button.

    Signals:
        cancel_requested(): the user asked to stop the running transfer.
    """

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.meter = TransferMeter()
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.detail = QLabel(self)
        self.detail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.cancel_button = QPushButton(self)
        self.cancel_button.clicked.connect(self.cancel_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addWidget(self.detail)
        self._last: Progress | None = None
        # hidden between transfers, its room kept: the button beside it and everything below
        # stay where they are when a transfer starts or its bar goes
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.set_running(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop the transfer (Esc)"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def start(self) -> None:
        self.meter = TransferMeter()
        self._last = None
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.set_running(True)
        self._show()

    def set_running(self, running: bool) -> None:
        if not running:
            self.meter.finish()
        self.cancel_button.setEnabled(running)
        self.setVisible(running or self._last is not None)
        self._show()  # a finished transfer has no "time left"

    def cancelling(self) -> None:
        """Cancel was asked: no estimate of time left any more (the transfer is stopping)."""
        self.cancel_button.setEnabled(False)
        self._show()

    def reset(self) -> None:
        """Forget the last transfer (a new form was filled): the bar goes until the next one."""
        if self.cancel_button.isEnabled():
            return  # running
        self._last = None
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.detail.setText("")
        self.setVisible(False)

    def update_progress(self, progress: Progress) -> None:
        self._last = progress
        self.meter.update(progress.done, progress.total)
        self._show()

    def _show(self) -> None:
        p = self._last
        if p is None:
            self.detail.setText(
                self.tr("Waiting to start…") if self.cancel_button.isEnabled() else ""
            )
            return
        pct = self.meter.percent()
        if pct is None:
            self.bar.setRange(0, 0)  # unknown size: a busy bar
        else:
            self.bar.setRange(0, 100)
            self.bar.setValue(pct)
        parts = []
        if p.count > 1:
            parts.append(
                self.tr("file %1 of %2: %3")
                .replace("%1", str(p.index + 1))
                .replace("%2", str(p.count))
                .replace("%3", p.name)
            )
        size = format_bytes(p.done)
        if p.total is not None:
            size = f"{size} / {format_bytes(p.total)}"
        parts.append(size)
        speed = self.meter.speed()
        if not self.cancel_button.isEnabled() and self.meter.elapsed() > 0:
            speed = p.done / self.meter.elapsed()  # finished: the average over the transfer
        if speed:  # none yet, or a transfer too short to measure: no "0 B/s"
            parts.append(f"{format_bytes(speed)}/s")
        left = self.meter.seconds_left()
        if left is not None and self.cancel_button.isEnabled():
            parts.append(self.tr("%1 left").replace("%1", format_duration(left)))
        self.detail.setText("  ·  ".join(parts))


class FileDropList(QListWidget):
    """A list of local files that accepts files dropped from a file manager.

    Signals:
        files_dropped(list): local paths of the dropped files.
    """

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # an empty list says what it is for (drawn over its empty viewport)
        self.hint = QLabel(self.viewport())
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # the palette's disabled text: a hint, not content
        model = self.model()
        model.rowsInserted.connect(self._update_hint)
        model.rowsRemoved.connect(self._update_hint)
        model.modelReset.connect(self._update_hint)
        self.retranslate()

    def retranslate(self) -> None:
        self.hint.setText(self.tr("Drop files here, or use Add files…"))
        self._update_hint()

    def changeEvent(self, event: QEvent) -> None:  # Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # Qt's name
        super().resizeEvent(event)
        self._update_hint()

    def _update_hint(self, *_args: object) -> None:
        self.hint.setGeometry(self.viewport().rect().adjusted(4, 4, -4, -4))
        self.hint.setVisible(self.count() == 0)

    @staticmethod
    def _local_paths(mime: QMimeData | None) -> list[str]:
        if mime is None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt's name
        if self._local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # Qt's name
        if self._local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt's name
        paths = self._local_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(paths)
