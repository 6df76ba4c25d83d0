"""The guide's own answer check (5.4) in Java, against the sandbox's verdict on the same answers:
where the JDK code says ``tmpSign.equals(signature)`` is false, the sandbox refuses too."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from workbench.core.callback_codec import build_envelope
from workbench.sandbox.callbacks import CallbackDelivery, check_answer

CHECK_JAVA = """
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

public class GuideCheck {
    public static void main(String[] args) throws Exception {
        String plainContent = args[0], signature = args[1], timestamp = args[2], certSalt = args[3];
        byte[] digest = MessageDigest.getInstance("SHA-256")
            .digest((plainContent + certSalt + timestamp).getBytes(StandardCharsets.UTF_8));
        StringBuilder tmpSign = new StringBuilder();
        for (byte b : digest) tmpSign.append(String.format("%02x", b));  // Guava's toString()
        System.out.println(tmpSign.toString().equals(signature) ? "accepted" : "refused");
    }
}
"""

SALT = "jdk-salt"


@pytest.fixture(scope="module")
def guide_check(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("javac") is None:
        pytest.skip("no javac on this machine")
    folder = tmp_path_factory.mktemp("jdk")
    (folder / "GuideCheck.java").write_text(CHECK_JAVA, encoding="utf-8")
    subprocess.run(["javac", "GuideCheck.java"], cwd=folder, check=True, timeout=120)
    return folder


@pytest.mark.parametrize("shape", ["as signed", "upper-case", "padded", "one digit off"])
def test_the_sandbox_refuses_what_the_guides_java_check_refuses(
    guide_check: Path, shape: str
) -> None:
    env = build_envelope(
        '{"CODE":"0000","DESC":"成功"}',
        salt=SALT,
        trans_name="T",
        seq_no="1",
        timestamp_ms=1_700_000_000_000,
    )
    answer = json.loads(env.to_json())
    signature = answer["Signature"]
    answer["Signature"] = {
        "as signed": signature,
        "upper-case": signature.upper(),
        "padded": f" {signature} ",
        "one digit off": signature[:-1] + ("0" if signature[-1] != "0" else "1"),
    }[shape]
    java = subprocess.run(
        [
            "java",
            "-cp",
            str(guide_check),
            "GuideCheck",
            answer["Plain"],
            answer["Signature"],
            answer["Timestamp"],
            SALT,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    delivery = CallbackDelivery(
        url="x", request_envelope=env, request_body="", status=200, answer_body=json.dumps(answer)
    )
    check_answer(delivery, SALT)
    assert java == ("accepted" if shape == "as signed" else "refused")
    assert delivery.signature_ok is (java == "accepted")
