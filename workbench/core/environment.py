"""An environment: where the platform is and how to reach it (PROTOCOL P1, P8).

Secrets are not part of it: they live in the secret store and reach the client as
:class:`EnvironmentSecrets`, in memory only.

The three records are values: a change is a new record (``env._replace(proxy=...)``), so an
environment handed to a widget, a job or a signal never changes under it. They are NamedTuples,
not dataclasses, because this module is loaded before the window is shown: the dataclass
machinery (its import and the code it generates per class) cost about 4 ms of a 0.15 s start
(issue 14, ``tests/benchmarks/bench_startup.py``).
"""

from __future__ import annotations

from typing import NamedTuple

CERT_NONE = "none"
CERT_PEM = "pem"
CERT_P12 = "p12"
CA_SYSTEM = "system"
CA_BUNDLE = "bundle"

KIND_SANDBOX = "sandbox"
KIND_BANK = "bank"  # F, F1, G1, production
KIND_CUSTOM = "custom"

# PROTOCOL P1, appendix 8: the development test account, shipped as the F environment's example.
GUIDE_TEST_APP_ID = "wbvyujjilf9ws6uxwp"
GUIDE_TEST_SECRET = "9FctqAlHUt0t4mJxq1LYeMNIhBAyXC6tPtrYqdtbHJymg2g4UX908kKKnLErg64r"
GUIDE_TEST_PATH = ("test", "1001124639")


class TlsConfig(NamedTuple):
    """How one host is reached: the client certificate, the CA trusted, and verification."""

    cert_mode: str = CERT_NONE  # CERT_*
    cert_path: str = ""  # PEM certificate
    key_path: str = ""  # PEM key (may be encrypted: password from the secret store)
    p12_path: str = ""  # PKCS#12 (password from the secret store)
    ca_mode: str = CA_SYSTEM  # CA_*
    ca_path: str = ""
    verify: bool = True  # PROTOCOL P8: never silently off; the window warns while it is off


class EnvironmentConfig(NamedTuple):
    """Everything about an environment except its secrets. Saved in settings as JSON."""

    name: str
    kind: str = KIND_CUSTOM
    api_base: str = ""  # e.g. https://f-capapi-v2.test.webank.com
    file_base: str = ""  # e.g. https://f-capup.test.webank.com
    app_id: str = ""
    version: str = "2.0.0"  # PROTOCOL P2-P4
    file_version: str = "1.0.0"  # PROTOCOL P6 upload/download
    biz_path: str = ""  # PROTOCOL P6 upload with notice
    tls: TlsConfig = TlsConfig()  # a value: one shared default is safe
    file_tls: TlsConfig = TlsConfig()  # one-way TLS: only CA and verify
    proxy: str = ""
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    auto_refresh: bool = False  # on by default only for the sandbox (window issue)

    @property
    def is_sandbox(self) -> bool:
        return self.kind == KIND_SANDBOX

    def to_dict(self) -> dict[str, object]:
        """The settings file's form: plain JSON values, the TLS records as objects too."""
        return {**self._asdict(), "tls": self.tls._asdict(), "file_tls": self.file_tls._asdict()}

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> EnvironmentConfig:
        kwargs = {k: v for k, v in data.items() if k in cls._fields}
        for key in ("tls", "file_tls"):
            raw = kwargs.get(key)
            if isinstance(raw, dict):
                known = TlsConfig._fields
                kwargs[key] = TlsConfig(**{k: v for k, v in raw.items() if k in known})
            else:
                kwargs[key] = TlsConfig()
        return cls(**kwargs)  # type: ignore[arg-type]


class EnvironmentSecrets(NamedTuple):
    """Held in memory only; filled from the secret store."""

    secret: str = ""
    salt: str = ""
    key_password: str = ""
    p12_password: str = ""

    def __repr__(self) -> str:  # never print a secret by accident
        return "EnvironmentSecrets(<hidden>)"


def bank_environments() -> list[EnvironmentConfig]:
    """F, F1, G1 (PROTOCOL P1) and an empty production entry for the user to fill."""
    envs = []
    for name, prefix in (("F", "f"), ("F1", "f1"), ("G1", "g1")):
        envs.append(
            EnvironmentConfig(
                name=name,
                kind=KIND_BANK,
                api_base=f"https://{prefix}-capapi-v2.test.webank.com",
                file_base=f"https://{prefix}-capup.test.webank.com",
                app_id=GUIDE_TEST_APP_ID if name == "F" else "",
                tls=TlsConfig(cert_mode=CERT_PEM),
            )
        )
    envs.append(
        EnvironmentConfig(name="Production", kind=KIND_BANK, tls=TlsConfig(cert_mode=CERT_PEM))
    )
    return envs
