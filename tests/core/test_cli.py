"""The `companion` command line, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from companion.core.resources import resources_dir

AGENDAS = resources_dir() / "agendas"
KKR_2015 = AGENDAS / "kkr-midtjylland-2015-04-20.txt"


def companion(*args: str, env_dirs: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m companion ARGS`` and capture its output."""
    env = dict(os.environ)
    if env_dirs is not None:
        env["COMPANION_DATA_DIR"] = str(env_dirs / "data")
        env["COMPANION_CONFIG_DIR"] = str(env_dirs / "config")
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_inspect_json_prints_the_meeting_in_package_format() -> None:
    result = companion("inspect", str(KKR_2015), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == "kkr-midtjylland-2015-04-20"
    assert data["organization"] == "KKR Midtjylland"
    numbers = [item["number"] for group in data["groups"] for item in group["agendaItem"]]
    assert numbers[:3] == ["1.1", "2.1", "3.1"]
    assert "Udpegninger" in [group["name"] for group in data["groups"]]


def test_inspect_does_not_load_qt() -> None:
    code = (
        "import sys; from companion.cli import main; "
        f"main(['inspect', {str(KKR_2015)!r}]); "
        "sys.exit(1 if 'PySide6' in sys.modules else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, "inspect imported PySide6"


def test_inspect_names_the_problem_of_a_bad_file(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.txt"
    garbage.write_text("Dette er ikke en dagsorden.\nBare tekst.\n", encoding="utf-8")
    result = companion("inspect", str(garbage))
    assert result.returncode == 2
    assert "notes.txt" in result.stderr
    assert "Traceback" not in result.stderr

    missing = companion("inspect", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


@pytest.mark.parametrize("bad", ["not a zip at all", ""])
def test_import_of_a_broken_package_fails_clearly(tmp_path: Path, bad: str) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_text(bad)
    result = companion("import", str(broken), env_dirs=tmp_path)
    assert result.returncode == 1
    assert "broken.zip" in result.stderr and "Traceback" not in result.stderr


def test_pack_import_list_and_search(tmp_path: Path) -> None:
    package = tmp_path / "kkr-2015.zip"
    packed = companion("pack", str(KKR_2015), "-o", str(package))
    assert packed.returncode == 0, packed.stderr
    assert package.is_file()
    assert "0 of" in packed.stdout  # we have none of the bilag files: none are faked

    first = companion("import", str(package), env_dirs=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "added" in first.stdout
    again = companion("import", str(package), env_dirs=tmp_path)
    assert "unchanged" in again.stdout

    listed = companion("meetings", env_dirs=tmp_path)
    assert "kkr-midtjylland-2015-04-20" in listed.stdout

    found = companion("search", "væksthuse", env_dirs=tmp_path)
    assert found.returncode == 0, found.stderr
    assert "3.3" in found.stdout
    nothing = companion("search", "zzzxxqq", env_dirs=tmp_path)
    assert nothing.returncode == 1
