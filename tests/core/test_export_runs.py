"""Every export, run for real against the sandbox: the Python and Java programs twice each (each
run signs with a fresh nonce, so both succeed), the cURL command once and then refused as a
replay, as its comment says. The programs come from the ``export`` command."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.connect_proxy import connect_proxy
from workbench.cli import main
from workbench.client.platform import PlatformClient
from workbench.core.credentials import KIND_SIGN_TICKET
from workbench.sandbox.server import Sandbox, SandboxInfo

PYTHON = sys.executable  # the test environment's Python (here /work/venv/bin/python)
# Multi-line (as the Format button makes it), CJK, an emoji, a private-use character, and text
# that looks like Java escapes: each must reach the platform exactly as signed.
BODY = (
    '{\n  "HELLO": "你好，世界 😀",\n  "NOTE": "a\\nb \\\\u000A \\\\\\\\u0041 @BODY@",\n'
    '  "PUA": "\ue000"\n}\n'
)


@dataclass
class Live:
    info: SandboxInfo
    ticket: str
    sandbox: Sandbox


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    sandbox = Sandbox(tmp_path_factory.mktemp("sandbox-export"))
    info = sandbox.start()
    client = PlatformClient(sandbox.environment(), sandbox.secrets())
    client.refresh_all()
    ticket = client.book.usable(KIND_SIGN_TICKET)
    assert ticket is not None
    client.close()
    yield Live(info, ticket.value, sandbox)
    sandbox.stop()


def _env(live: Live, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEBANK_")}
    env.update(LANG="C.UTF-8", SB_TICKET=live.ticket, SB_P12_PW=live.info.client_p12_password)
    env.update(extra)
    return env


def export(
    live: Live,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    cert: str,
    *extra: str,
    api_base: str | None = None,
) -> str:
    for name, value in _env(live).items():
        monkeypatch.setenv(name, value)
    args = ["export", "--format", fmt, "--api-base", api_base or live.info.api_base]
    args += ["--app-id", live.info.app_id, "--version", "2.0.0", "--ticket-env", "SB_TICKET"]
    args += ["--path", "sandbox/echo", "--ca", live.info.ca_cert]
    if "--body-file" not in extra:
        args += ["--body", BODY]
    if cert == "pem":
        args += ["--cert", live.info.client_cert, "--key", live.info.client_key]
    else:
        args += ["--p12", live.info.client_p12, "--p12-password-env", "SB_P12_PW"]
    capsys.readouterr()
    assert main([*args, *extra]) == 0
    return capsys.readouterr().out


def _succeeded(run: subprocess.CompletedProcess[str]) -> None:
    assert run.returncode == 0, run.stdout + run.stderr
    assert "platform code: 60840000" in run.stdout
    assert "business CODE: 0000" in run.stdout


@pytest.mark.parametrize("cert", ["pem", "p12"])
def test_python_export_runs_twice(
    live: Live,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cert: str,
) -> None:
    # Exported against a stale port: the variable named at the top gives today's.
    program = export(live, capsys, monkeypatch, "python", cert, api_base="https://127.0.0.1:1")
    assert live.ticket not in program and live.info.client_p12_password not in program
    path = tmp_path / "call.py"
    path.write_text(program, encoding="utf-8")
    env = _env(live, WEBANK_API_BASE=live.info.api_base)
    _succeeded(
        subprocess.run([PYTHON, str(path)], capture_output=True, text=True, env=env, timeout=60)
    )
    with connect_proxy() as proxy:  # the second run through a proxy, as on a partner's server
        through = dict(env, WEBANK_PROXY=proxy.url)
        _succeeded(
            subprocess.run(
                [PYTHON, str(path)], capture_output=True, text=True, env=through, timeout=60
            )
        )
        assert proxy.targets == [live.info.api_base.removeprefix("https://")]
    env.pop("SB_TICKET")
    refused = subprocess.run(
        [PYTHON, str(path)], capture_output=True, text=True, env=env, timeout=60
    )
    assert refused.returncode != 0 and "SB_TICKET" in refused.stderr


def _javac(tmp_path: Path, program: str) -> str:
    name = "WebankCall"
    assert f"public class {name} " in program
    (tmp_path / f"{name}.java").write_text(program, encoding="utf-8")
    done = subprocess.run(
        ["javac", "--release", "8", "-Xlint:-options", f"{name}.java"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return name


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
@pytest.mark.parametrize(("cert", "secrets"), [("pem", False), ("p12", False), ("p12", True)])
def test_java_export_compiles_and_runs_twice(
    live: Live,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cert: str,
    secrets: bool,
) -> None:
    extra = ["--include-secrets"] if secrets else []
    program = export(live, capsys, monkeypatch, "java", cert, *extra)
    assert program.isascii()
    assert (live.ticket in program) is secrets
    name = _javac(tmp_path, program)
    env = _env(live)
    if secrets:  # everything was written in: no variable needed
        env.pop("SB_TICKET"), env.pop("SB_P12_PW")
    for _ in range(2):
        _succeeded(
            subprocess.run(
                ["java", "-cp", str(tmp_path), name],
                capture_output=True,
                text=True,
                env=env,
                timeout=120,
            )
        )


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java_export_opens_encrypted_and_rsa_pem_keys_and_names_the_others(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric import ec

    key = s.load_pem_private_key(Path(live.info.client_key).read_bytes(), None)
    forms = {
        "pkcs8-aes.key": (s.PrivateFormat.PKCS8, s.BestAvailableEncryption(b"pw-123")),
        "pkcs1.key": (s.PrivateFormat.TraditionalOpenSSL, s.NoEncryption()),
        "pkcs1-aes.key": (s.PrivateFormat.TraditionalOpenSSL, s.BestAvailableEncryption(b"pw")),
    }
    for name, (form, encryption) in forms.items():
        (tmp_path / name).write_bytes(key.private_bytes(s.Encoding.PEM, form, encryption))
    other = ec.generate_private_key(ec.SECP256R1())
    sec1 = other.private_bytes(s.Encoding.PEM, s.PrivateFormat.TraditionalOpenSSL, s.NoEncryption())
    (tmp_path / "ec.key").write_bytes(sec1)
    name = _javac(tmp_path, export(live, capsys, monkeypatch, "java", "pem"))

    def run(key_file: str, password: str | None) -> subprocess.CompletedProcess[str]:
        env = _env(live, WEBANK_CLIENT_KEY=str(tmp_path / key_file))
        if password is not None:
            env["WEBANK_KEY_PASSWORD"] = password
        cmd = ["java", "-cp", str(tmp_path), name]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)

    _succeeded(run("pkcs8-aes.key", "pw-123"))  # OpenSSL's default: PBES2, AES-256
    _succeeded(run("pkcs1.key", None))
    wrong = run("pkcs8-aes.key", "nope")
    assert wrong.returncode == 2 and "does not open" in wrong.stderr
    assert "Exception" not in wrong.stderr  # one sentence, no stack trace
    unset = run("pkcs8-aes.key", None)
    assert unset.returncode != 0 and "WEBANK_KEY_PASSWORD" in unset.stderr
    for other_form in ("pkcs1-aes.key", "ec.key"):
        refused = run(other_form, "pw")
        assert refused.returncode != 0 and "convert it to PKCS#8" in refused.stderr
    if shutil.which("openssl"):  # PBES2 with 3DES, as older OpenSSL wrote: the JDK cannot read
        des3 = tmp_path / "pkcs8-des3.key"
        subprocess.run(
            ["openssl", "pkcs8", "-topk8", "-v2", "des3", "-in", str(tmp_path / "pkcs1.key"),
             "-out", str(des3), "-passout", "pass:pw-123"],
            check=True, capture_output=True,
        )  # fmt: skip
        refused = run(des3.name, "pw-123")
        assert refused.returncode != 0 and "Exception in thread" not in refused.stderr
        assert "openssl pkcs8 -topk8 -v2 aes-256-cbc" in refused.stderr


# The JDK's PBE keys take printable ASCII only ("Password is not ASCII"): a key or .p12 under
# this password opens with openssl and curl, never with this Java.
WIDE_PASSWORD = '密码 p@ss:w"rd$'


def _one_sentence(run: subprocess.CompletedProcess[str], *says: str) -> None:
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Exception" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    for words in says:
        assert words in run.stderr, run.stderr


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java_export_says_a_non_ascii_key_password_needs_re_encrypting(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """It said the AES-256 key was "encrypted in a way this Java cannot read" and named the
    conversion to AES-256 it already had: the JDK refused the password, not the cipher."""
    from cryptography.hazmat.primitives import serialization as s

    key = s.load_pem_private_key(Path(live.info.client_key).read_bytes(), None)
    wide = tmp_path / "pkcs8-wide.key"
    encryption = s.BestAvailableEncryption(WIDE_PASSWORD.encode())
    wide.write_bytes(key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, encryption))
    name = _javac(tmp_path, export(live, capsys, monkeypatch, "java", "pem"))

    def run(key_file: Path, password: str) -> subprocess.CompletedProcess[str]:
        env = _env(live, WEBANK_CLIENT_KEY=str(key_file), WEBANK_KEY_PASSWORD=password)
        cmd = ["java", "-cp", str(tmp_path), name]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)

    command = f"openssl pkcs8 -topk8 -v2 aes-256-cbc -in {wide} -out client-pkcs8.key"
    _one_sentence(run(wide, WIDE_PASSWORD), "non-ASCII password", "ASCII one", command)
    tab = tmp_path / "pkcs8-tab.key"  # the JDK takes ' '..'~' only: a tab is refused too
    encryption = s.BestAvailableEncryption(b"pw\tpw")
    tab.write_bytes(key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, encryption))
    _one_sentence(run(tab, "pw\tpw"), "non-ASCII password")
    if shutil.which("openssl"):  # the command it names, with an ASCII pass phrase, does it
        subprocess.run(
            [*command.split(), "-passin", f"pass:{WIDE_PASSWORD}", "-passout", "pass:ascii-pw"],
            cwd=tmp_path, check=True, capture_output=True,
        )  # fmt: skip
        _succeeded(run(tmp_path / "client-pkcs8.key", "ascii-pw"))


def _run_p12_export(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[[Path | str, str], subprocess.CompletedProcess[str]]:
    """The Java program exported for a .p12, run on another .p12 file and password."""
    name = _javac(tmp_path, export(live, capsys, monkeypatch, "java", "p12"))

    def run(p12: Path | str, password: str) -> subprocess.CompletedProcess[str]:
        env = _env(live, WEBANK_P12_FILE=str(p12), SB_P12_PW=password)
        cmd = ["java", "-cp", str(tmp_path), name]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)

    return run


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java_export_says_a_non_ascii_p12_password_needs_re_encrypting(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The right password died in a stack trace from KeyStore.load ("keystore password was
    incorrect ... Password is not ASCII")."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.serialization import pkcs12

    key = s.load_pem_private_key(Path(live.info.client_key).read_bytes(), None)
    assert isinstance(key, pkcs12.PKCS12PrivateKeyTypes)
    cert = x509.load_pem_x509_certificate(Path(live.info.client_cert).read_bytes())
    wide = tmp_path / "wide.p12"
    encryption = s.BestAvailableEncryption(WIDE_PASSWORD.encode())
    wide.write_bytes(pkcs12.serialize_key_and_certificates(b"client", key, cert, None, encryption))
    run = _run_p12_export(live, capsys, monkeypatch, tmp_path)
    read = f"openssl pkcs12 -in {wide} -out client-p12.pem"
    write = "openssl pkcs12 -export -in client-p12.pem -out client-ascii.p12"
    said = run(wide, WIDE_PASSWORD)
    _one_sentence(said, "non-ASCII password", "ASCII one", f"{read} && {write}")
    if shutil.which("openssl"):  # the commands it names, with ASCII pass phrases, do it
        # (not "-nodes | openssl pkcs12 -export": that reads its -in twice, and stdin once)
        passes = [(read, f"pass:{WIDE_PASSWORD}", "pass:pem-pw"), (write, "pass:pem-pw", "pass:ok")]
        for command, old, new in passes:
            openssl = [*command.split(), "-passin", old, "-passout", new]
            subprocess.run(openssl, cwd=tmp_path, check=True, capture_output=True)
        assert "ENCRYPTED PRIVATE KEY" in (tmp_path / "client-p12.pem").read_text()
        _succeeded(run(tmp_path / "client-ascii.p12", "ok"))


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java_export_says_a_wrong_p12_password_in_one_sentence(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """As it says for a wrong PEM key password; it died in a stack trace from KeyStore.load."""
    run = _run_p12_export(live, capsys, monkeypatch, tmp_path)
    p12 = live.info.client_p12
    _one_sentence(run(p12, "not-the-password"), f"variable SB_P12_PW does not open {p12}.")
    _succeeded(run(p12, live.info.client_p12_password))


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on this machine")
def test_curl_export_works_once_and_says_so(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = tmp_path / "call.sh"
    script.write_text(export(live, capsys, monkeypatch, "curl", "pem"), encoding="utf-8")
    assert "Single-use" in script.read_text()

    def run() -> str:
        done = subprocess.run(
            ["bash", str(script)], capture_output=True, text=True, env=_env(live), timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert '"code":"60840000"' in run().replace(" ", "")
    assert '"code":"60840002"' in run().replace(
        " ", ""
    )  # the same nonce, refused as the comment says
    script.write_text(export(live, capsys, monkeypatch, "curl", "p12"), encoding="utf-8")
    assert '"code":"60840000"' in run().replace(" ", "")  # a new export signs anew


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java_export_of_a_huge_body_compiles_and_is_accepted(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """One constant string may hold at most 65535 bytes: a 300,000-character body of emoji, CJK
    and escapes must still compile, and arrive exactly as signed."""
    big = json.dumps({"BIG": "😀名\\u000A\u2028" * 60_000, "CTRL": "\x01\x7f"}, ensure_ascii=False)
    body_file = tmp_path / "big.json"
    body_file.write_text(big, encoding="utf-8")
    program = export(live, capsys, monkeypatch, "java", "pem", "--body-file", str(body_file))
    name = _javac(tmp_path, program)
    done = subprocess.run(
        ["java", "-cp", str(tmp_path), name],
        capture_output=True,
        text=True,
        env=_env(live),
        timeout=120,
    )
    _succeeded(done)


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java_export_of_a_10_mb_body_compiles(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A chain of 1,261 .append(...) calls ran javac out of stack; the pieces are an array."""
    import base64
    import os

    body = json.dumps({"file": base64.b64encode(os.urandom(7_500_000)).decode()})
    body_file = tmp_path / "b10.json"
    body_file.write_text(body, encoding="utf-8")
    program = export(live, capsys, monkeypatch, "java", "pem", "--body-file", str(body_file))
    assert 'String.join("", new String[] {' in program
    _javac(tmp_path, program)


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on this machine")
@pytest.mark.parametrize("cert", ["pem", "p12"])
def test_curl_export_works_from_a_folder_with_a_colon_or_backslash_in_its_name(
    live: Live,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    cert: str,
) -> None:
    # curl reads --cert as "file:password" and unescapes "\:" and "\\" in it: a certificate
    # kept in "certs:2026" was read as the file "certs" with the password "2026/client.pem"
    folder = tmp_path / "certs:2026 \\ old"
    folder.mkdir()
    names = {
        "client_cert": live.info.client_cert,
        "client_key": live.info.client_key,
        "client_p12": live.info.client_p12,
    }
    moved = {k: str(shutil.copy(v, folder / Path(v).name)) for k, v in names.items()}
    monkeypatch.setattr(live, "info", dataclasses.replace(live.info, **moved))
    script = tmp_path / "call.sh"
    script.write_text(export(live, capsys, monkeypatch, "curl", cert), encoding="utf-8")
    done = subprocess.run(
        ["bash", str(script)], capture_output=True, text=True, env=_env(live), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert '"code":"60840000"' in done.stdout.replace(" ", "")


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on this machine")
@pytest.mark.parametrize("set_when_exported", [True, False])
def test_curl_export_of_an_encrypted_key_passes_its_password_from_the_variable(
    live: Live,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    set_when_exported: bool,
) -> None:
    """Without --include-secrets the command says --pass "${NAME}": before, it left --pass out,
    and curl asked for the pass phrase on the terminal, then failed (exit 58)."""
    from cryptography.hazmat.primitives import serialization as s

    key = s.load_pem_private_key(Path(live.info.client_key).read_bytes(), None)
    encrypted = tmp_path / "client-enc.key"
    encrypted.write_bytes(
        key.private_bytes(
            s.Encoding.PEM, s.PrivateFormat.PKCS8, s.BestAvailableEncryption(b"Key-pw-123")
        )
    )
    for name, value in _env(live).items():
        monkeypatch.setenv(name, value)
    if set_when_exported:
        monkeypatch.setenv("MY_KEY_PW", "Key-pw-123")
    args = ["export", "--format", "curl", "--api-base", live.info.api_base]
    args += ["--app-id", live.info.app_id, "--version", "2.0.0", "--ticket-env", "SB_TICKET"]
    args += ["--path", "sandbox/echo", "--ca", live.info.ca_cert, "--body", "{}"]
    args += ["--cert", live.info.client_cert, "--key", str(encrypted)]
    args += ["--key-password-env", "MY_KEY_PW"]
    capsys.readouterr()
    assert main(args) == 0
    command = capsys.readouterr().out
    assert "Key-pw-123" not in command and '--pass "${MY_KEY_PW}"' in command
    script = tmp_path / "call.sh"
    script.write_text(command, encoding="utf-8")
    done = subprocess.run(
        ["bash", str(script)],
        capture_output=True,
        text=True,
        env=_env(live, MY_KEY_PW="Key-pw-123"),
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert '"code":"60840000"' in done.stdout.replace(" ", "")


@pytest.mark.java
@pytest.mark.skipif(shutil.which("javac") is None, reason="no JDK on this machine")
def test_java_export_sends_a_space_in_the_path_as_the_other_exports_do(
    live: Live, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """URLEncoder writes a space as '+', which in a path is a plus sign: the Java program asked
    for /api/s/sand+box/... where cURL and Python ask for /api/s/sand%20box/..."""
    for name, value in _env(live).items():
        monkeypatch.setenv(name, value)
    args = ["export", "--format", "java", "--api-base", live.info.api_base]
    args += ["--app-id", live.info.app_id, "--version", "2.0.0", "--ticket-env", "SB_TICKET"]
    args += ["--path", "sand box/e~c*ho+", "--ca", live.info.ca_cert, "--body", "{}"]
    args += ["--p12", live.info.client_p12, "--p12-password-env", "SB_P12_PW"]
    capsys.readouterr()
    assert main(args) == 0
    name = _javac(tmp_path, capsys.readouterr().out)
    before = len(live.sandbox.log())
    subprocess.run(
        ["java", "-cp", str(tmp_path), name],
        capture_output=True,
        text=True,
        env=_env(live),
        timeout=120,
    )
    paths = [entry.path for entry in live.sandbox.log()[before:]]
    assert "/api/s/sand box/e~c*ho+" in paths, paths
