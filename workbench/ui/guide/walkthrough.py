"""The first-run walkthrough: a small non-modal panel that leads through one sandbox round trip.

Fetch a token -> compose -> send -> upload a file -> verify a callback. Each step brings the
right tab forward (by index: 0 Environment, 1 Tokens, 2 Composer, 3 Files, 4 Callbacks) and the
panel floats over the window's lower right corner, so the user can act on the tab while reading.
The panel never blocks input and never does the work itself: the user clicks the real buttons.

When the user moves to another tab, the tour follows (the first step of that tab) or steps aside
(a tab with no step: the panel hides until a tab with a step is shown again), so it never floats
over a pane it does not talk about. Esc closes it from anywhere in the window, unless something
else there uses Esc (the composer's Cancel while a request is on its way).
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

TAB_ENVIRONMENT, TAB_TOKENS, TAB_COMPOSER, TAB_FILES, TAB_CALLBACKS = range(5)


class Step(NamedTuple):
    tab: int
    title: str
    body: str


class WalkthroughPanel(QFrame):
    """The walkthrough, one step at a time.

    Signals:
        step_changed(int): the step now shown (its tab has been selected).
        dismissed(): the user closed the tour or finished it.
    """

    step_changed = Signal(int)
    dismissed = Signal()

    def __init__(self, window: QMainWindow, tabs: QTabWidget | None) -> None:
        super().__init__(window)
        self.setObjectName("walkthrough_panel")
        self._window = window
        self._tabs = tabs
        self.index = 0
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFrameShadow(QFrame.Shadow.Raised)
        self.setAutoFillBackground(True)  # the palette's window colour: light or dark alike
        self.setBackgroundRole(self.backgroundRole().ToolTipBase)
        self.setForegroundRole(self.foregroundRole().ToolTipText)

        self.counter = QLabel(self)
        self.title = QLabel(self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.body = QLabel(self)
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.back_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.close_button = QPushButton(self)
        self.next_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counter)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.dismiss)
        window.installEventFilter(self)
        # Esc reaches the application filter only when no shortcut of the window took it
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if tabs is not None:
            tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._aside = False  # hidden because the user is on a tab the tour does not cover
        self.steps: list[Step] = []
        self.retranslate()
        self.hide()

    # ------------------------------------------------------------------ text
    def retranslate(self) -> None:
        self.steps = [
            Step(
                TAB_ENVIRONMENT,
                self.tr("Welcome"),
                self.tr(
                    "This tour uses the <b>local sandbox</b>, a stand-in for the bank that runs on "
                    "this computer: nothing reaches WeBank. Choose the sandbox in the environment "
                    "box of the status bar if another environment is active."
                ),
            ),
            Step(
                TAB_TOKENS,
                self.tr("Fetch a token"),
                self.tr(
                    "Fetch the access token, then the sign ticket. Each shows how long it stays "
                    "valid. Against a real environment, fetching here kicks out a partner server "
                    "that uses the same app_id: paste a token from that server instead."
                ),
            ),
            Step(
                TAB_COMPOSER,
                self.tr("Compose a request"),
                self.tr(
                    "Pick the guide's sample request. The sign string and the sign follow every "
                    "keystroke: the body is signed exactly as it will be sent."
                ),
            ),
            Step(
                TAB_COMPOSER,
                self.tr("Send it"),
                self.tr(
                    "Send the request. The answer shows both layers: the platform's code and msg, "
                    "and the business answer decoded from jsonData. BizSeqNo and ConsumerSeqNo "
                    "have copy buttons for WeBank's support."
                ),
            ),
            Step(
                TAB_FILES,
                self.tr("Upload a file"),
                self.tr(
                    "Drop a file on the upload area or pick one. The sign inputs are shown before "
                    "it goes; the HASH_VALUE the platform returns is checked against the MD5 "
                    "computed while the file streams. Download it back by its FILE_ID and hash."
                ),
            ),
            Step(
                TAB_CALLBACKS,
                self.tr("Verify a callback"),
                self.tr(
                    "Have the sandbox send a signed test callback, or paste one. The verifier "
                    "checks the Signature with the salt and the age of the Timestamp, and decodes "
                    "Plain."
                ),
            ),
        ]
        self.back_button.setText(self.tr("&Back"))
        self.close_button.setText(self.tr("Close"))
        self.close_button.setToolTip(
            self.tr("End the tour (Esc). Help ▸ Walkthrough shows it again.")
        )
        self._render()

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ steps
    def start(self, index: int = 0) -> None:
        self._aside = False
        self.show()
        self.raise_()
        self.go_to(index)

    def active(self) -> bool:
        """The tour is running (shown, or stepped aside while another tab is in front)."""
        return self.isVisible() or self._aside

    def go_to(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps) - 1))
        step = self.steps[self.index]
        if self._tabs is not None and 0 <= step.tab < self._tabs.count():
            self._tabs.blockSignals(True)  # our own move is not the user's
            self._tabs.setCurrentIndex(step.tab)
            self._tabs.blockSignals(False)
            # the window's own listeners (lazy tabs, remembered state) still hear of it
            self._tabs.currentChanged.disconnect(self._on_tabs_current_changed)
            self._tabs.currentChanged.emit(step.tab)
            self._tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._render()
        self.step_changed.emit(self.index)

    def _on_tabs_current_changed(self, tab: int) -> None:
        if not self.active():
            return
        if self.steps[self.index].tab == tab:
            self._step_back_in()
            return
        for index, step in enumerate(self.steps):
            if step.tab == tab:  # the tour follows the user to the first step of this tab
                self._step_back_in()
                self.go_to(index)
                return
        self._aside = True  # a tab the tour does not talk about: do not cover its buttons
        self.hide()

    def _step_back_in(self) -> None:
        if self._aside:
            self._aside = False
            self.show()
            self.raise_()
            self._place()

    def next(self) -> None:
        if self.index >= len(self.steps) - 1:
            self.dismiss()
        else:
            self.go_to(self.index + 1)

    def back(self) -> None:
        self.go_to(self.index - 1)

    def dismiss(self) -> None:
        self._aside = False
        self.hide()
        self.dismissed.emit()

    def _render(self) -> None:
        if not self.steps:
            return
        step = self.steps[self.index]
        self.counter.setText(
            self.tr("Step {n} of {total}").format(n=self.index + 1, total=len(self.steps))
        )
        self.title.setText(step.title)
        self.body.setText(step.body)
        self.back_button.setEnabled(self.index > 0)
        last = self.index == len(self.steps) - 1
        self.next_button.setText(self.tr("&Finish") if last else self.tr("&Next"))
        self._place()

    # ------------------------------------------------------------------ placement
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        kind = event.type()
        if watched is self._window and kind in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place()
        elif (
            kind == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.isVisible()
            and QApplication.activeWindow() is self._window
            and QApplication.activePopupWidget() is None
        ):
            self.dismiss()
            return True
        return False

    def _place(self) -> None:
        """Bottom right of the central area, sized from the font (Chinese and English fit)."""
        fm = self.fontMetrics()
        central = self._window.centralWidget()
        area = central.geometry() if central is not None else self._window.rect()
        margin = fm.height()
        width = min(
            max(fm.averageCharWidth() * 48, self.minimumSizeHint().width()),
            max(area.width() - 2 * margin, fm.averageCharWidth() * 30),
        )
        layout = self.layout()
        if layout is not None:
            layout.activate()
        height = self.heightForWidth(width)
        if height <= 0:
            height = self.sizeHint().height()
        height = max(height, self.minimumSizeHint().height())
        self.setGeometry(
            area.right() - width - margin, area.bottom() - height - margin, width, height
        )
        if self.isVisible():
            self.raise_()


def find_tabs(window: QWidget) -> QTabWidget | None:
    """The window's main tab widget (``window.tabs`` when there is one)."""
    tabs = getattr(window, "tabs", None)
    if isinstance(tabs, QTabWidget):
        return tabs
    central = window.centralWidget() if isinstance(window, QMainWindow) else None
    if isinstance(central, QTabWidget):
        return central
    return window.findChild(QTabWidget)
