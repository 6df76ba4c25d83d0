"""Environment records are values (issue 14 made them NamedTuples): what the settings file keeps
comes back whole, and a changed copy leaves the original as it was."""

from __future__ import annotations

import json

from workbench.core.environment import (
    CA_BUNDLE,
    CERT_P12,
    CERT_PEM,
    EnvironmentConfig,
    EnvironmentSecrets,
    TlsConfig,
    bank_environments,
)


def test_an_environment_comes_back_whole_from_the_settings_files_json() -> None:
    env = EnvironmentConfig(
        "Mine",
        api_base="https://api.example",
        tls=TlsConfig(CERT_P12, p12_path="/k/client.p12", ca_mode=CA_BUNDLE, ca_path="/k/ca.pem"),
        file_tls=TlsConfig(verify=False),
        read_timeout_s=12.5,
        auto_refresh=True,
    )
    saved = json.loads(json.dumps(env.to_dict()))
    assert saved["tls"]["p12_path"] == "/k/client.p12"  # an object in the file, not a list
    assert saved["file_tls"]["verify"] is False
    assert EnvironmentConfig.from_dict(saved) == env


def test_unknown_keys_are_left_out_and_a_broken_tls_group_is_the_default() -> None:
    env = EnvironmentConfig.from_dict(
        {"name": "Old", "colour": "red", "tls": ["pem"], "file_tls": {"verify": False, "x": 1}}
    )
    assert env == EnvironmentConfig("Old", file_tls=TlsConfig(verify=False))


def test_a_changed_copy_leaves_the_original_and_the_defaults_as_they_were() -> None:
    first, second = bank_environments()[:2]
    changed = first._replace(tls=first.tls._replace(cert_path="/k/c.pem"), proxy="http://p:1")
    assert first.tls.cert_path == "" and first.proxy == ""
    assert changed.tls.cert_path == "/k/c.pem" and changed.tls.cert_mode == CERT_PEM
    assert second.tls == TlsConfig(CERT_PEM)  # no default shared and changed by another
    assert EnvironmentConfig("New").tls == TlsConfig()


def test_secrets_are_never_shown_by_repr_or_str() -> None:
    secrets = EnvironmentSecrets("s3cret-value", "salt-value", "key-pw", "p12-pw")
    for shown in (repr(secrets), str(secrets), f"{secrets}", repr([secrets])):
        assert "s3cret" not in shown and "salt-value" not in shown and "pw" not in shown
