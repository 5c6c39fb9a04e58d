"""The package's one file writer (:func:`hpresearch.fileio.atomic_write`)."""
from __future__ import annotations

import os
import stat

import pytest

from hpresearch.fileio import atomic_write


def test_text_and_bytes_with_the_usual_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write(tmp_path / "a.txt", "Hải Phòng\n")
        atomic_write(tmp_path / "b.bin", b"\x00\x01", fsync=True)
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").read_text("utf-8") == "Hải Phòng\n"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


def test_a_failed_check_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "s.yaml"
    target.write_text("old\n")
    seen = []

    def check(tmp):
        seen.append((tmp.suffix, tmp.read_text()))
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        atomic_write(target, "new\n", check=check)
    assert seen == [(".yaml", "new\n")]  # the check reads the file by its type
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["s.yaml"]
