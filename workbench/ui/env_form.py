"""The form of one environment (PROTOCOL P1, P8): hosts, app_id, secrets, certificates, TLS.

Only widgets: it reads an :class:`EnvironmentConfig` into its fields and builds one back; the
tab decides when to save. Secrets are edited here but stored by the tab through the services.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.environment import (
    CA_BUNDLE,
    CA_SYSTEM,
    CERT_NONE,
    CERT_P12,
    CERT_PEM,
    EnvironmentConfig,
    EnvironmentSecrets,
)
from workbench.ui.widgets.common import ERROR_COLOUR, grey_read_only, set_guide_tooltip, tint
from workbench.ui.widgets.flow import flow_row
from workbench.ui.widgets.line_fields import PathField, SecretField
from workbench.ui.widgets.wheel import FocusWheelComboBox, FocusWheelDoubleSpinBox

SECRET_FIELDS = ("secret", "salt", "key_password", "p12_password")


class EnvironmentForm(QWidget):
    """Every field of one environment. ``edited`` fires on any change the user makes."""

    edited = Signal()
    secret_edited = Signal(str)  # the secret field's name

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._env: EnvironmentConfig | None = None
        self._loading = False
        self.read_only_note = QLabel(self)
        self.read_only_note.setWordWrap(True)
        self.api_base = QLineEdit(self)
        self.file_base = QLineEdit(self)
        self.app_id = QLineEdit(self)
        self.secret = SecretField(self)
        self.salt = SecretField(self)
        self.version = QLineEdit(self)
        self.file_version = QLineEdit(self)
        self.biz_path = QLineEdit(self)
        self.cert_mode = FocusWheelComboBox(self)
        self.cert_path = PathField("PEM (*.pem *.crt *.cer);;* (*)", self)
        self.key_path = PathField("PEM (*.pem *.key);;* (*)", self)
        self.key_password = SecretField(self)
        self.p12_path = PathField("PKCS#12 (*.p12 *.pfx);;* (*)", self)
        self.p12_password = SecretField(self)
        self.ca_mode = FocusWheelComboBox(self)
        self.ca_path = PathField("PEM (*.pem *.crt);;* (*)", self)
        self.verify = QCheckBox(self)
        self.file_verify = QCheckBox(self)
        self.verify_warning = QLabel(self)
        self.verify_warning.setWordWrap(True)  # red and bold once it shows (_update_visibility)
        self.proxy = QLineEdit(self)
        self.connect_timeout = FocusWheelDoubleSpinBox(self)
        self.read_timeout = FocusWheelDoubleSpinBox(self)
        for spin in (self.connect_timeout, self.read_timeout):
            spin.setRange(0.5, 600.0)
            spin.setDecimals(1)
            spin.valueChanged.connect(self._on_any_edited)

        self.platform_box = QGroupBox(self)
        self.platform_form = QFormLayout(self.platform_box)
        self.tls_box = QGroupBox(self)
        self.tls_form = QFormLayout(self.tls_box)
        self.network_box = QGroupBox(self)
        self.network_form = QFormLayout(self.network_box)
        self._line_edits = (
            self.api_base,
            self.file_base,
            self.app_id,
            self.version,
            self.file_version,
            self.biz_path,
            self.proxy,
        )
        # a field narrower than this goes under its label instead (WrapLongRows below)
        least = self.fontMetrics().averageCharWidth() * 22
        for edit in self._line_edits:
            edit.setMinimumWidth(least)
        for holder in (
            self.secret,
            self.salt,
            self.key_password,
            self.p12_password,
            self.cert_path,
            self.key_path,
            self.p12_path,
            self.ca_path,
        ):
            holder.edit.setMinimumWidth(least)
        for form in (self.platform_form, self.tls_form, self.network_form):
            # a label wider than its share puts its field on the next line instead of cutting
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._labels: dict[str, QLabel] = {}
        for form, key, widget in (
            (self.platform_form, "api", self.api_base),
            (self.platform_form, "file", self.file_base),
            (self.platform_form, "app_id", self.app_id),
            (self.platform_form, "secret", self.secret),
            (self.platform_form, "salt", self.salt),
            (self.platform_form, "version", self.version),
            (self.platform_form, "file_version", self.file_version),
            (self.platform_form, "biz_path", self.biz_path),
            (self.tls_form, "cert_mode", self.cert_mode),
            (self.tls_form, "cert", self.cert_path),
            (self.tls_form, "key", self.key_path),
            (self.tls_form, "key_pw", self.key_password),
            (self.tls_form, "p12", self.p12_path),
            (self.tls_form, "p12_pw", self.p12_password),
            (self.tls_form, "ca_mode", self.ca_mode),
            (self.tls_form, "ca", self.ca_path),
            (
                self.tls_form,
                "verify",
                flow_row(self, [self.verify, self.file_verify], first_page=True),
            ),
            (self.network_form, "proxy", self.proxy),
            (self.network_form, "connect", self.connect_timeout),
            (self.network_form, "read", self.read_timeout),
        ):
            label = QLabel(self)
            self._labels[key] = label
            form.addRow(label, widget)
        self.tls_form.addRow(self.verify_warning)
        for widget, field in (
            (self.api_base, "api_host"),
            (self.file_base, "file_host"),
            (self.app_id, "app_id"),
            (self.secret.edit, "secret"),
            (self.salt.edit, "salt"),
            (self.version, "version"),
            (self.file_version, "file_version"),
            (self.biz_path, "bizPath"),
        ):
            label = self._labels[
                {"api_host": "api", "file_host": "file", "bizPath": "biz_path"}.get(field, field)
            ]
            set_guide_tooltip(widget, field, label)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.read_only_note)
        box.addWidget(self.platform_box)
        box.addWidget(self.tls_box)
        box.addWidget(self.network_box)

        for edit in self._line_edits:
            edit.textEdited.connect(self._on_any_edited)
        for path in (self.cert_path, self.key_path, self.p12_path, self.ca_path):
            path.edited.connect(self._on_any_edited)
        for name in SECRET_FIELDS:
            secret_field: SecretField = getattr(self, name)
            secret_field.edited.connect(lambda n=name: self._on_secret_edited(n))
        for combo in (self.cert_mode, self.ca_mode):
            combo.currentIndexChanged.connect(self._on_any_edited)
        for check in (self.verify, self.file_verify):
            check.toggled.connect(self._on_any_edited)
        self.retranslate()
        self._update_visibility()

    # ----------------------------------------------------------------- text
    def retranslate(self) -> None:
        texts = {
            "api": self.tr("API host"),
            "file": self.tr("File host"),
            "app_id": "app_id",
            "secret": self.tr("App secret"),
            "salt": self.tr("Callback salt"),
            "version": self.tr("API version"),
            "file_version": self.tr("File API version"),
            "biz_path": self.tr("Business path (bizPath)"),
            "cert_mode": self.tr("Client certificate"),
            "cert": self.tr("Certificate (PEM)"),
            "key": self.tr("Private key (PEM)"),
            "key_pw": self.tr("Key password"),
            "p12": self.tr("PKCS#12 file"),
            "p12_pw": self.tr("PKCS#12 password"),
            "ca_mode": self.tr("Trusted CA"),
            "ca": self.tr("CA bundle"),
            "verify": self.tr("Verify certificates of"),
            "proxy": self.tr("Proxy"),
            "connect": self.tr("Connect timeout"),
            "read": self.tr("Read timeout"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
            self._labels[key].setMinimumWidth(0)
        # one label column for the three groups, so that their fields line up (no fixed pixels)
        width = max(label.sizeHint().width() for label in self._labels.values())
        for label in self._labels.values():
            label.setMinimumWidth(width)
        self.platform_box.setTitle(self.tr("Platform"))
        self.tls_box.setTitle(self.tr("Mutual TLS"))
        self.network_box.setTitle(self.tr("Network"))
        # not a real host as placeholder: grey text that looks filled in was taken for a value
        self.api_base.setPlaceholderText(self.tr("required: the API host, https://…"))
        self.file_base.setPlaceholderText(self.tr("required: the file host, https://…"))
        self.proxy.setPlaceholderText(self.tr("none (e.g. http://proxy.example:8080)"))
        self.verify.setText(self.tr("API host"))
        self.file_verify.setText(self.tr("File host"))
        self.verify.setToolTip(self.tr("Check the API host's certificate"))
        self.file_verify.setToolTip(self.tr("Check the file host's certificate"))
        for spin in (self.connect_timeout, self.read_timeout):
            spin.setSuffix(self.tr(" s"))
        self._fill_combo(
            self.cert_mode,
            [
                (CERT_PEM, self.tr("PEM certificate and key")),
                (CERT_P12, self.tr("PKCS#12 file")),
                (CERT_NONE, self.tr("None")),
            ],
        )
        self._fill_combo(
            self.ca_mode,
            [
                (CA_SYSTEM, self.tr("System store")),
                (CA_BUNDLE, self.tr("CA bundle file")),
            ],
        )
        self.verify_warning.setText(
            self.tr(
                "TLS verification is OFF: anyone on the network path could read or change these "
                "requests, including the secret and tickets. Turn it back on as soon as you can."
            )
        )
        self.read_only_note.setText(
            self.tr(
                "The local sandbox's hosts, app_id, secret and certificates come from the running "
                "sandbox and cannot be edited here; only its timeouts can."
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.PaletteChange:
            self._grey_read_only()  # the window's grey of the new palette
        super().changeEvent(event)

    def _grey_read_only(self) -> None:
        # locked fields (the sandbox's) must not look editable: the window's grey, not white
        # the form's own edits, listed (findChildren wraps every child: 2.5 ms of the start-up)
        fields = (self.secret, self.salt, self.key_password, self.p12_password)
        paths = (self.cert_path, self.key_path, self.p12_path, self.ca_path)
        edits = [*self._line_edits, *(f.edit for f in (*fields, *paths))]
        grey_read_only(edits, self.palette().color(QPalette.ColorRole.Window))

    def _fill_combo(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        was = self._loading
        self._loading = True
        combo.clear()
        for data, text in items:
            combo.addItem(text, data)
        if current is not None:
            combo.setCurrentIndex(max(0, combo.findData(current)))
        self._loading = was

    # ----------------------------------------------------------------- values
    def load(self, env: EnvironmentConfig, secrets: EnvironmentSecrets) -> None:
        self._loading = True
        self._env = env
        self.api_base.setText(env.api_base)
        self.file_base.setText(env.file_base)
        self.app_id.setText(env.app_id)
        self.version.setText(env.version)
        self.file_version.setText(env.file_version)
        self.biz_path.setText(env.biz_path)
        self.cert_mode.setCurrentIndex(max(0, self.cert_mode.findData(env.tls.cert_mode)))
        self.cert_path.set_text(env.tls.cert_path)
        self.key_path.set_text(env.tls.key_path)
        self.p12_path.set_text(env.tls.p12_path)
        self.ca_mode.setCurrentIndex(max(0, self.ca_mode.findData(env.tls.ca_mode)))
        self.ca_path.set_text(env.tls.ca_path)
        self.verify.setChecked(env.tls.verify)
        self.file_verify.setChecked(env.file_tls.verify)
        self.proxy.setText(env.proxy)
        self.connect_timeout.setValue(env.connect_timeout_s)
        self.read_timeout.setValue(env.read_timeout_s)
        self.load_secrets(secrets)
        read_only = env.is_sandbox
        self.read_only_note.setVisible(read_only)
        for w in (
            self.api_base,
            self.file_base,
            self.app_id,
            self.version,
            self.file_version,
            self.biz_path,
            self.proxy,
        ):
            w.setReadOnly(read_only)
        for f in (
            self.secret,
            self.salt,
            self.key_password,
            self.p12_password,
            self.cert_path,
            self.key_path,
            self.p12_path,
            self.ca_path,
        ):
            f.set_read_only(read_only)
        for w2 in (self.cert_mode, self.ca_mode, self.verify, self.file_verify):
            w2.setEnabled(not read_only)
        self._grey_read_only()
        self._loading = False
        self._update_visibility()

    def load_secrets(self, secrets: EnvironmentSecrets) -> None:
        was = self._loading
        self._loading = True
        for name in SECRET_FIELDS:
            getattr(self, name).set_text(getattr(secrets, name))
        self._loading = was

    def environment(self, base: EnvironmentConfig | None = None) -> EnvironmentConfig:
        """The form's values over ``base`` (default: the environment loaded); name, kind and
        what the form does not show (auto-refresh, set on the Tokens tab) come from it."""
        assert self._env is not None
        env = base or self._env
        tls = env.tls._replace(
            cert_mode=str(self.cert_mode.currentData() or CERT_NONE),
            cert_path=self.cert_path.text(),
            key_path=self.key_path.text(),
            p12_path=self.p12_path.text(),
            ca_mode=str(self.ca_mode.currentData() or CA_SYSTEM),
            ca_path=self.ca_path.text(),
            verify=self.verify.isChecked(),
        )
        return env._replace(
            api_base=self.api_base.text().strip().rstrip("/"),
            file_base=self.file_base.text().strip().rstrip("/"),
            app_id=self.app_id.text().strip(),
            version=self.version.text().strip(),
            file_version=self.file_version.text().strip(),
            biz_path=self.biz_path.text().strip(),
            tls=tls,
            file_tls=env.file_tls._replace(
                verify=self.file_verify.isChecked(), ca_mode=tls.ca_mode, ca_path=tls.ca_path
            ),
            proxy=self.proxy.text().strip(),
            connect_timeout_s=self.connect_timeout.value(),
            read_timeout_s=self.read_timeout.value(),
        )

    def secret_value(self, name: str) -> str:
        return getattr(self, name).text()

    def _on_any_edited(self, *_args: object) -> None:
        if self._loading or self._env is None:
            return  # load() shows what its values ask for once they are all in
        self._update_visibility()
        self.edited.emit()

    def _on_secret_edited(self, name: str) -> None:
        if not self._loading and self._env is not None:
            self.secret_edited.emit(name)

    def _update_visibility(self) -> None:
        mode = self.cert_mode.currentData()
        for key, widget, show in (
            ("cert", self.cert_path, mode == CERT_PEM),
            ("key", self.key_path, mode == CERT_PEM),
            ("key_pw", self.key_password, mode == CERT_PEM),
            ("p12", self.p12_path, mode == CERT_P12),
            ("p12_pw", self.p12_password, mode == CERT_P12),
            ("ca", self.ca_path, self.ca_mode.currentData() == CA_BUNDLE),
        ):
            widget.setVisible(show)
            self._labels[key].setVisible(show)
        # (before an environment is loaded the boxes hold no values of its own: no warning)
        off = self._env is not None and not (
            self.verify.isChecked() and self.file_verify.isChecked()
        )
        if off:  # not before: a bold font costs the window's start-up time (widgets/common.py)
            tint(self.verify_warning, ERROR_COLOUR, bold=True)
        self.verify_warning.setVisible(off)
