"""An export or a package that cannot be written (a full disk) leaves the earlier file intact.

Real disks: a 2 MB tmpfs (the suite runs as root) filled with a stand-in file until
the kernel says ENOSPC. Exports and packages are written under a temporary name in
the same folder, fsynced, renamed and the folder fsynced (`companion.core.durable`);
the fsync half is proven under libfiu in `tests/power/test_io_errors.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.cli import main
from companion.core.package import PackageError, write_package
from tests.core.test_export_notes import prepare
from tests.core.test_personal_errors import disk, fill

__all__ = ["disk"]  # the fixture, used by name


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir()}


def test_an_export_on_a_full_disk_keeps_the_earlier_export(
    tmp_path: Path, disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prepared = prepare(tmp_path)
    output = disk / "noter.md"
    command = ["--data-dir", str(prepared.data_dir), "export", prepared.meeting.id]
    assert main([*command, "-o", str(output)]) == 0
    earlier = output.read_bytes()
    assert earlier
    fill(disk)
    capsys.readouterr()
    assert main([*command, "--all-items", "-o", str(output)]) == 1
    error = capsys.readouterr().err
    assert f"Could not write {output}: the disk is full." in error
    assert error.count("\n") == 1  # one sentence on one line
    assert output.read_bytes() == earlier
    assert _names(disk) == {"noter.md", "filler.bin"}  # no temporary file left


@pytest.mark.parametrize("name", ["pakke.zip", "pakke"])
def test_a_package_on_a_full_disk_keeps_the_earlier_package(
    tmp_path: Path, disk: Path, name: str
) -> None:
    prepared = prepare(tmp_path)
    dest = disk / name
    write_package(prepared.meeting, prepared.files, dest)
    before = {p.relative_to(dest): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    earlier = dest.read_bytes() if dest.is_file() else before
    fill(disk)
    with pytest.raises((OSError, PackageError)):
        write_package(prepared.meeting, prepared.files, dest)
    now = (
        dest.read_bytes()
        if dest.is_file()
        else {p.relative_to(dest): p.read_bytes() for p in dest.rglob("*") if p.is_file()}
    )
    assert now == earlier
    assert _names(disk) == {name, "filler.bin"}
