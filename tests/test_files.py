"""Files are replaced all or nothing, flushed to disk unless their reader checks them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from article_qa.files import write_atomically


def _count_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = os.fsync

    def counted(descriptor: int) -> None:
        calls.append(descriptor)
        real(descriptor)

    monkeypatch.setattr(os, "fsync", counted)
    return calls


def test_a_durable_write_is_flushed_before_and_after_its_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_fsyncs(monkeypatch)
    write_atomically(tmp_path / "kept", lambda out: out.write(b"new"))
    assert (tmp_path / "kept").read_bytes() == b"new"
    assert len(calls) == 2  # the file, then the folder that holds the rename


def test_a_write_left_to_the_system_is_not_flushed_and_still_replaces_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _count_fsyncs(monkeypatch)
    (tmp_path / "arrays").write_bytes(b"old")
    write_atomically(tmp_path / "arrays", lambda out: out.write(b"new"), durable=False)
    assert (tmp_path / "arrays").read_bytes() == b"new"
    assert calls == []
    assert [p.name for p in tmp_path.iterdir()] == ["arrays"]  # no temporary left


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    (tmp_path / "kept").write_bytes(b"old")

    def fail(out: object) -> None:
        raise OSError("disk full")

    for durable in (True, False):
        with pytest.raises(OSError):
            write_atomically(tmp_path / "kept", fail, durable=durable)
        assert (tmp_path / "kept").read_bytes() == b"old"
        assert [p.name for p in tmp_path.iterdir()] == ["kept"]
