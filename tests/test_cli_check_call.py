"""``check`` and ``call`` from a partner's server: real mutual TLS against the sandbox, every
refusal as one sentence, the proxy honoured, and the kick-out guard on bank environments."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from tests.connect_proxy import connect_proxy
from workbench.cli import main
from workbench.client.platform import PlatformClient
from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.sandbox import certs as C
from workbench.sandbox.server import Sandbox, SandboxInfo


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    sb = Sandbox(tmp_path_factory.mktemp("sandbox-cli"))
    sb.start()
    yield sb
    sb.stop()


@pytest.fixture
def info(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> SandboxInfo:
    info = sandbox.info()
    monkeypatch.setenv("WB_SECRET", info.secret)
    monkeypatch.setenv("WB_P12_PW", info.client_p12_password)
    return info


def flags(info: SandboxInfo, **change: str) -> list[str]:
    """The environment described by flags (a custom environment: bank rules apply)."""
    given = {
        "--api-base": info.api_base,
        "--app-id": info.app_id,
        "--secret-env": "WB_SECRET",
        "--cert": info.client_cert,
        "--key": info.client_key,
        "--ca": info.ca_cert,
    }
    given.update(change)
    return [part for key, value in given.items() if value for part in (key, value)]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "SSLError" not in out + err
    assert status != 70
    return status, out, err


def test_check_passes_every_step(info: SandboxInfo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "check", *flags(info))
    assert status == 0
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines[:4]] == [
        ["✓", "DNS"],
        ["✓", "TCP"],
        ["✓", "TLS"],
        ["✓", "token"],
    ]
    assert "expires in" in lines[2]
    assert "--no-token" in err  # the token fetch of a bank environment is announced


def test_check_json_and_pkcs12(info: SandboxInfo, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys,
        "--lang",
        "zh",
        "check",
        *flags(info, **{"--cert": "", "--key": "", "--secret-env": ""}),
        "--p12",
        info.client_p12,
        "--p12-password-env",
        "WB_P12_PW",
        "--no-token",
        "--json",
    )
    data = json.loads(out)
    assert status == 0 and data["ok"] is True
    assert [s["name"] for s in data["steps"]] == ["dns", "tcp", "tls"]
    assert "天后过期" in data["steps"][2]["text"]


def test_check_goes_through_the_proxy(
    info: SandboxInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    with connect_proxy() as proxy:
        status, out, _ = run(capsys, "check", *flags(info), "--proxy", proxy.url)
        assert status == 0, out
        assert f"through the proxy 127.0.0.1:{proxy.port}" in out
        assert len(proxy.targets) == 2  # the TLS check and the token fetch
    with connect_proxy(refuse=True) as proxy:
        status, out, _ = run(capsys, "check", *flags(info), "--proxy", proxy.url)
        assert status == 1 and "✗ TCP" in out and "refused the tunnel" in out


def _write(tmp_path: Path, name: str, cert: x509.Certificate, key: object) -> tuple[str, str]:
    (tmp_path / f"{name}.pem").write_bytes(C.cert_pem(cert))
    (tmp_path / f"{name}.key").write_bytes(C.key_pem(key))  # type: ignore[arg-type]
    return str(tmp_path / f"{name}.pem"), str(tmp_path / f"{name}.key")


def _sandbox_ca(info: SandboxInfo) -> tuple[x509.Certificate, object]:
    folder = Path(info.ca_cert).parent
    ca = x509.load_pem_x509_certificate((folder / "ca.pem").read_bytes())
    key = serialization.load_pem_private_key((folder / "ca.key").read_bytes(), None)
    return ca, key


@pytest.mark.parametrize("problem", ["mismatch", "expired", "untrusted", "refused"])
def test_check_names_each_tls_problem_in_one_sentence(
    info: SandboxInfo, capsys: pytest.CaptureFixture[str], tmp_path: Path, problem: str
) -> None:
    change: dict[str, str] = {}
    if problem == "mismatch":
        _, other = C.issue_cert(*C.make_ca("elsewhere"), "someone")
        (tmp_path / "other.key").write_bytes(C.key_pem(other))
        change["--key"] = str(tmp_path / "other.key")
        expected = "do not belong together"
    elif problem == "expired":
        start = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
        cert, key = C.issue_cert(*_sandbox_ca(info), "old", days=10, not_before=start)  # type: ignore[arg-type]
        change["--cert"], change["--key"] = _write(tmp_path, "old", cert, key)
        expected = "expired on " + (start + dt.timedelta(days=10)).strftime("%Y-%m-%d")
    elif problem == "untrusted":
        (tmp_path / "ca.pem").write_bytes(C.cert_pem(C.make_ca("unrelated CA")[0]))
        change["--ca"] = str(tmp_path / "ca.pem")
        expected = "not trusted by the CA you chose"
    else:
        cert, key = C.issue_cert(*C.make_ca("someone else's CA"), "intruder")
        change["--cert"], change["--key"] = _write(tmp_path, "intruder", cert, key)
        expected = "rejected your client certificate"
    status, out, _ = run(capsys, "check", *flags(info, **change))
    assert status == 1
    failed = [line for line in out.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and failed[0].startswith("✗ TLS") and expected in failed[0]


def test_check_a_saved_environment_with_its_keyring_secret(
    sandbox: Sandbox, info: SandboxInfo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from workbench.store.secrets import SecretStore
    from workbench.store.settings import SettingsStore

    settings = SettingsStore(tmp_path)
    env = sandbox.environment()._replace(name="My sandbox")
    settings.put_environment(env)
    settings.save()
    other = tmp_path / "other-profile"  # its own settings with the same environment name
    other_settings = SettingsStore(other)
    other_settings.put_environment(env)
    other_settings.save()
    # the test's in-memory keyring, under this profile's names
    SecretStore(profile_dir=tmp_path).save(env.name, sandbox.secrets())
    status, out, _ = run(capsys, "--profile-dir", str(tmp_path), "check", "--env", "My sandbox")
    assert status == 0, out
    # another profile with an environment of the same name has no secret for it
    status, _, err = run(capsys, "--profile-dir", str(other), "check", "--env", "My sandbox")
    assert status == 1 and "No app secret for My sandbox" in err, err
    status, _, err = run(capsys, "--profile-dir", str(tmp_path), "check", "--env", "Nope")
    assert status == 1 and "No environment named 'Nope'" in err and "My sandbox" in err
    status, out, _ = run(
        capsys,
        "--profile-dir",
        str(tmp_path),
        "call",
        "sandbox/echo",
        "--body",
        "{}",
        "--env",
        "My sandbox",
    )
    assert status == 0 and "platform code: 60840000" in out  # the sandbox: no kick-out guard


def test_check_without_the_secret_variable_says_so(
    info: SandboxInfo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WB_SECRET")
    status, _, err = run(capsys, "check", *flags(info))
    assert status == 1 and "WB_SECRET" in err and "not set" in err


def test_call_keeps_the_kick_out_guard_on_a_bank_environment(
    info: SandboxInfo,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = ["sandbox/echo", "--body", '{"HELLO": "你好"}']
    status, out, err = run(capsys, "call", *body, *flags(info))
    assert status == 1 and out == "" and "--fetch-credentials" in err and "5 minutes" in err
    # the partner's own ticket, passed in: used as is, nothing fetched
    client = PlatformClient(sandbox.environment(), sandbox.secrets())
    client.refresh_all()
    ticket = client.book.usable(KIND_SIGN_TICKET)
    assert ticket is not None
    client.close()
    monkeypatch.setenv("WB_TICKET", ticket.value)
    fetches = len([e for e in sandbox.log() if "oauth2" in e.path])
    status, out, _ = run(
        capsys, "call", *body, *flags(info, **{"--secret-env": ""}), "--ticket-env", "WB_TICKET"
    )
    assert status == 0
    assert "platform code: 60840000" in out and "business CODE: 0000" in out and "BizSeqNo" in out
    assert len([e for e in sandbox.log() if "oauth2" in e.path]) == fetches  # nothing fetched
    status, out, _ = run(capsys, "call", *body, *flags(info), "--fetch-credentials", "--json")
    data = json.loads(out)
    assert status == 0 and data["platform"]["code"] == "60840000"
    assert data["business"]["CODE"] == "0000" and data["jsonData"]["ECHO"] == {"HELLO": "你好"}


def test_call_with_the_wrong_key_is_one_sentence(
    info: SandboxInfo, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _, other = C.issue_cert(*C.make_ca("elsewhere"), "someone")
    (tmp_path / "other.key").write_bytes(C.key_pem(other))
    status, out, err = run(
        capsys,
        "call",
        "sandbox/echo",
        "--body",
        "{}",
        *flags(info, **{"--key": str(tmp_path / "other.key")}),
        "--fetch-credentials",
    )
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "do not belong together" in err


@pytest.mark.parametrize(
    ("base", "proxy", "words"),
    [
        ("https://[::1", "", "invalid port or host name"),
        ("https://127.0.0.1:99999", "", "invalid port"),
        ("https://nosuchhost.invalid", "", "could not be resolved"),
        ("https://127.0.0.1:1", "http://[::1", "not of the form http://host:port"),
        ("https://127.0.0.1:1", "socks5://127.0.0.1:1", "not of the form http://host:port"),
    ],
)
def test_check_of_a_bad_address_is_one_failed_step(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    base: str,
    proxy: str,
    words: str,
) -> None:
    monkeypatch.setenv("WB_SECRET", "x")
    args = ["check", "--api-base", base, "--app-id", "a", "--secret-env", "WB_SECRET"]
    status, out, _ = run(capsys, *args, *(["--proxy", proxy] if proxy else []), "--no-token")
    assert status == 1
    assert [line[:5] for line in out.splitlines() if line.startswith("✗")] == ["✗ DNS"]
    assert words in out


def test_call_with_the_servers_token_fetches_only_a_ticket(
    info: SandboxInfo,
    sandbox: Sandbox,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = PlatformClient(sandbox.environment(), sandbox.secrets())
    token = client.fetch_access_token().credentials[0].value
    client.close()
    monkeypatch.setenv("WB_TOKEN", token)
    before = len(sandbox.log())
    body = ["yh/10002", "--body", '{"ID_NO": "411528199110024452"}']
    # a token alone would still fetch a sign ticket, which ends the server's (PROTOCOL P3)
    status, _, err = run(
        capsys, "call", *body, *flags(info, **{"--secret-env": ""}), "--token-env", "WB_TOKEN"
    )
    assert status == 1 and "a token alone is not enough" in err
    assert not any("api_ticket" in e.path for e in sandbox.log()[before:])
    status, out, _ = run(
        capsys,
        "call",
        *body,
        *flags(info, **{"--secret-env": ""}),
        "--token-env",
        "WB_TOKEN",
        "--fetch-credentials",
    )
    assert status == 0, out
    assert "business CODE: 66590000" in out
    paths = [e.path for e in sandbox.log()[before:]]
    assert not any("access_token" in p for p in paths)  # the server's token was used as given
    assert any("api_ticket" in p for p in paths)


@pytest.mark.parametrize("as_json", [False, True])
def test_call_prints_a_lone_surrogate_from_the_answer_as_its_escape(
    capsys: pytest.CaptureFixture[str], as_json: bool
) -> None:
    import types

    from workbench.cli_call import _report
    from workbench.client.models import PlatformAnswer

    raw = {"code": "60840000", "msg": "ok", "jsonData": '{"CODE": "0000", "X": "\\ud800"}'}
    answer = PlatformAnswer.parse(json.dumps(raw).encode("ascii"))
    assert answer is not None and answer.json_data["X"] == "\ud800"
    response = types.SimpleNamespace(status=200, elapsed_ms=1.0, text="")
    result = types.SimpleNamespace(
        answer=answer, record=types.SimpleNamespace(response=response), retried=False
    )
    assert _report(result, as_json, "en") == 0
    out = capsys.readouterr().out
    assert "\\ud800" in out
    if as_json:
        assert json.loads(out)["jsonData"]["X"] == "\ud800"


def test_check_the_profiles_local_sandbox_says_how_to_reach_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from workbench.store.settings import SettingsStore

    SettingsStore(tmp_path).save()  # a first start's settings: the sandbox entry has no hosts
    status, _, err = run(capsys, "--profile-dir", str(tmp_path), "check", "--env", "Local sandbox")
    assert status == 1
    assert "webank-workbench sandbox" in err and "--api-base" in err
    assert "no API host" not in err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["conformance", "callback", "--url", "https://127.0.0.1:9/", "--salt", "-"], "盐值"),
        (
            ["check", "--api-base", "https://127.0.0.1:9", "--app-id", "a", "--secret-env", "-",
             "--cert", "c.pem", "--key", "k.pem", "--no-token"],
            "应用密钥",
        ),
    ],
)  # fmt: skip
def test_a_secret_on_stdin_that_is_not_utf8_is_one_sentence(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a strict locale (en_US.UTF-8, zh_CN.UTF-8): a text-mode read raised and exited 70
    strict = io.TextIOWrapper(io.BytesIO(b"\xff\xfe\n"), encoding="utf-8", errors="strict")
    monkeypatch.setattr(sys, "stdin", strict)
    status = main(["--lang", "zh", *argv])
    err = capsys.readouterr().err
    assert status == 1, err
    assert said in err and "UTF-8" in err and "Traceback" not in err


def test_a_damaged_profile_is_named_in_the_users_language_not_in_log_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "p"
    profile.mkdir()
    (profile / "settings.json").write_text('{"schema_version":', "utf-8")
    status = main(["--profile-dir", str(profile), "--lang", "zh", "check", "--env", "No such"])
    err = capsys.readouterr().err
    assert status == 1
    assert "note: 无法读取设置文件" in err and "broken-" in err  # where the file went
    assert "settings unreadable" not in err  # the English log line is not shown
    assert next(profile.glob("settings.json.broken-*"))


def test_an_empty_ticket_or_token_variable_is_one_sentence(
    info: SandboxInfo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = ("sandbox/echo", "--body", "{}")
    monkeypatch.setenv("WB_EMPTY", "")  # "export T=" before the value was filled in
    for option in (
        ["--ticket-env", "WB_EMPTY"],
        ["--token-env", "WB_EMPTY", "--fetch-credentials"],
    ):
        for lang, said in (("en", "WB_EMPTY (for the"), ("zh", "环境变量 WB_EMPTY")):
            status, out, err = run(capsys, "--lang", lang, "call", *body, *flags(info), *option)
            assert status == 1 and said in err and ("is empty" in err or "为空" in err)
    # sign and export would have signed without the ticket: the platform's ticket_missing slip
    status, out, err = run(
        capsys, "sign", "--app-id", "A", "--version", "2.0.0", "--ticket-env", "WB_EMPTY"
    )
    assert status == 1 and "is empty" in err and not out
    export = ["export", "--format", "curl", "--api-base", info.api_base, "--app-id", "A"]
    export += ["--version", "2.0.0"]
    export += ["--path", "sandbox/echo", "--body", "{}", "--ticket-env", "WB_EMPTY"]
    status, out, err = run(capsys, *export)
    assert status == 1 and "WB_EMPTY (the sign ticket) is empty" in err and not out


def test_call_speaks_chinese_under_lang_zh(
    info: SandboxInfo, capsys: pytest.CaptureFixture[str]
) -> None:
    body = ("sandbox/echo", "--body", '{"HELLO": "你好"}')
    status, out, _ = run(capsys, "--lang", "zh", "call", *body, *flags(info), "--fetch-credentials")
    assert status == 0
    assert "平台返回码：60840000" in out and "业务 CODE：0000" in out
    assert "platform code" not in out and "business CODE" not in out


def test_the_sandbox_command_says_why_it_cannot_start_in_the_users_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    taken = tmp_path / "a-file"
    taken.write_text("", encoding="utf-8")
    status, _, err = run(capsys, "--lang", "zh", "sandbox", "--state-dir", str(taken))
    assert status == 1 and "沙箱无法启动" in err and "a-file" in err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        state = str(tmp_path / "state")
        status, _, err = run(capsys, "sandbox", "--state-dir", state, "--api-port", port)
    assert status == 1
    assert (
        err.strip()
        == "webank-workbench: the sandbox could not start: the address is already in use."
    )
    zh = ["--lang", "zh", "sandbox", "--state-dir", state, "--host", "192.0.2.1"]
    status, _, err = run(capsys, *zh)  # an address this computer does not have
    assert status == 1 and "本机没有这个地址" in err and "assign" not in err


def test_a_pkcs12_file_with_an_empty_password_is_usable(
    info: SandboxInfo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from cryptography.hazmat.primitives.serialization import pkcs12

    cert = x509.load_pem_x509_certificate(Path(info.client_cert).read_bytes())
    key = serialization.load_pem_private_key(Path(info.client_key).read_bytes(), None)
    blob = pkcs12.serialize_key_and_certificates(
        b"client", key, cert, None, serialization.NoEncryption()
    )
    (tmp_path / "open.p12").write_bytes(blob)
    monkeypatch.setenv("WB_NO_PW", "")  # as `openssl pkcs12 -export -passout pass:` makes it
    p12 = ["--p12", str(tmp_path / "open.p12"), "--p12-password-env", "WB_NO_PW"]
    args = ["check", *flags(info, **{"--cert": "", "--key": ""}), *p12, "--no-token"]
    status, out, err = run(capsys, *args)
    assert status == 0, out + err
