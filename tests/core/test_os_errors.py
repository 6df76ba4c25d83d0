"""Operating-system reasons in the user's language."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from workbench.core.os_errors import os_reason


def test_a_missing_file_is_named_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        (tmp_path / "gone.json").read_bytes()
    reason = os_reason(caught.value)
    assert reason.en == "no such file or folder"
    assert reason.zh == "文件或文件夹不存在"


def test_a_folder_read_as_a_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(OSError) as caught:
        tmp_path.read_bytes()
    assert "文件夹" in os_reason(caught.value).zh


@pytest.mark.parametrize("code", [errno.EACCES, errno.ENOSPC, errno.EROFS, errno.EIO])
def test_the_usual_reasons_have_no_english_in_chinese(code: int) -> None:
    reason = os_reason(OSError(code, os.strerror(code)))
    assert reason.en and reason.zh
    assert not any("a" <= ch.lower() <= "z" for ch in reason.zh)


def test_an_unusual_reason_keeps_the_systems_words() -> None:
    reason = os_reason(OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY)))
    assert reason.en == os.strerror(errno.ENOTEMPTY)
