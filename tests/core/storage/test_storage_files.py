"""Saving: atomic, mode-preserving, and never over someone else's edits unless forced."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from core.errors import SaveConflictError, TablewrightError
from core.model import Attribute, DataModel, Entity
from core.storage import FileStamp, dumps, load, save


def shop(note: str | None = None) -> DataModel:
    return DataModel(name="shop", note=note, entities=(
        Entity(name="customers", attributes=(Attribute(name="id", type="bigint", nullable=False),)),))


def test_save_then_load_gives_the_model_back(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    stamp = save(shop(), path)
    loaded = load(path)
    assert loaded.model == shop()
    assert loaded.stamp == stamp
    assert path.read_text(encoding="utf-8") == dumps(shop())


def test_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    save(shop(), tmp_path / "shop.yaml")
    save(shop("again"), tmp_path / "shop.yaml")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.yaml"]


def test_save_preserves_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    save(shop(), path)
    os.chmod(path, 0o640)
    save(shop("changed"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_save_replaces_the_file_rather_than_writing_into_it(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    save(shop(), path)
    before = path.stat().st_ino
    with open(path, "rb") as old:  # a reader holding the old file keeps seeing the old content
        save(shop("changed"), path)
        assert b"changed" not in old.read()
    assert path.stat().st_ino != before


def test_save_follows_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    link = tmp_path / "link.yaml"
    save(shop(), real)
    link.symlink_to(real)
    save(shop("via link"), link)
    assert link.is_symlink() and "via link" in real.read_text(encoding="utf-8")


def test_save_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    save(shop(), path)
    loaded = load(path)
    path.write_text(path.read_text(encoding="utf-8") + "note: edited by hand\n", encoding="utf-8")
    with pytest.raises(SaveConflictError) as info:
        save(shop("mine"), path, expected_stamp=loaded.stamp)
    message = str(info.value)
    assert str(path) in message and "changed on disk" in message and "force" in message
    assert "edited by hand" in path.read_text(encoding="utf-8")  # nothing was lost
    save(shop("mine"), path, expected_stamp=loaded.stamp, force=True)
    assert load(path).model == shop("mine")


def test_touching_a_file_without_changing_it_is_no_conflict(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    stamp = save(shop(), path)
    os.utime(path, ns=(stamp.mtime_ns + 10**9, stamp.mtime_ns + 10**9))
    save(shop("ok"), path, expected_stamp=stamp)
    assert load(path).model == shop("ok")


def test_saving_after_saving_uses_the_new_stamp(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    stamp = save(shop(), path)
    stamp = save(shop("one"), path, expected_stamp=stamp)
    stamp = save(shop("two"), path, expected_stamp=stamp)
    assert stamp == FileStamp.of(path)


def test_a_deleted_file_is_written_again(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    stamp = save(shop(), path)
    path.unlink()
    save(shop("back"), path, expected_stamp=stamp)
    assert load(path).model == shop("back")


def test_saving_into_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TablewrightError, match=r"cannot save .*: the folder .*dir does not exist; create it first"):
        save(shop(), tmp_path / "no" / "such" / "dir" / "shop.yaml")
