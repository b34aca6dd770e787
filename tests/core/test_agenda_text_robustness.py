"""Agenda texts as members' computers save them: Windows-1252, too large, a bilag without name."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from companion.core.importers.agenda_text import (
    MAX_LINE_LENGTH,
    MAX_TEXT_BYTES,
    AgendaFormatError,
    import_agenda_file,
    import_agenda_text,
)
from companion.core.packing import pack_agenda

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent.parent / "shared" / "agendas"
AGENDAS = SHARED if SHARED.is_dir() else REPO / "resources" / "agendas"
KKR_2015 = "kkr-midtjylland-2015-04-20.txt"


def _companion(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        cwd=REPO,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(path.name for path in AGENDAS.glob("*.txt")))
def test_an_agenda_saved_as_windows_1252_is_read_and_the_encoding_named(
    tmp_path: Path, name: str
) -> None:
    text = (AGENDAS / name).read_text(encoding="utf-8")
    saved = tmp_path / name
    saved.write_bytes(text.encode("cp1252"))  # as Notepad's "ANSI" saves it on a Danish PC

    result = import_agenda_file(saved)

    expected = import_agenda_file(AGENDAS / name)
    assert result.meeting.to_dict() == expected.meeting.to_dict()
    assert result.encoding == "Windows-1252" and expected.encoding == "UTF-8"
    assert str(result.warnings[0]).startswith("the text is not UTF-8; it was read as Windows-1252")
    assert not any("UTF-8" in str(warning) for warning in expected.warnings)


def test_inspect_shows_which_encoding_was_read(tmp_path: Path) -> None:
    saved = tmp_path / KKR_2015
    saved.write_bytes((AGENDAS / KKR_2015).read_text(encoding="utf-8").encode("cp1252"))
    inspected = _companion("inspect", str(saved))
    assert inspected.returncode == 0, inspected.stderr
    assert "it was read as Windows-1252" in inspected.stderr
    assert "Godkendelse af referat" in inspected.stdout


def test_an_over_long_line_is_refused_at_once(tmp_path: Path) -> None:
    text = (AGENDAS / KKR_2015).read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[40] = "Baggrund " * (2 * 1024**2 // 9)  # a 2 MB line (a stand-in for a broken export)
    started = time.perf_counter()
    with pytest.raises(AgendaFormatError) as raised:
        import_agenda_text("\n".join(lines), KKR_2015)
    assert time.perf_counter() - started < 0.5
    assert raised.value.line == 41
    assert f"more than the {MAX_LINE_LENGTH:,}" in str(raised.value)


def test_an_over_large_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "dagsorden.txt"
    line = (AGENDAS / KKR_2015).read_text(encoding="utf-8").split("\n")[0] + "\n"
    big.write_text(line * (MAX_TEXT_BYTES // len(line.encode()) + 10), encoding="utf-8")
    with pytest.raises(AgendaFormatError, match="more than the 4,194,304 an agenda text may"):
        import_agenda_file(big)


def _agenda_with_a_nameless_bilag(tmp_path: Path) -> Path:
    """The real 2015 agenda with bilag 1 of item 3.1 reduced to bold markers only."""
    lines = (AGENDAS / KKR_2015).read_text(encoding="utf-8").split("\n")
    marker = next(n for n, line in enumerate(lines) if line.startswith("./.. Forslag af 27."))
    lines[marker] = "./.. **"
    path = tmp_path / KKR_2015
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_inspect_and_pack_refuse_a_nameless_bilag_alike(tmp_path: Path) -> None:
    agenda = _agenda_with_a_nameless_bilag(tmp_path)
    sentence = "Item 3.1, bilag 1: the title is empty."

    with pytest.raises(AgendaFormatError) as inspected:
        import_agenda_file(agenda)
    with pytest.raises(AgendaFormatError) as packed:
        pack_agenda(agenda, [], tmp_path / "pakke.zip")

    assert sentence in str(inspected.value)
    assert sentence in str(packed.value)
    cli = _companion("inspect", str(agenda))
    assert cli.returncode != 0
    assert sentence in cli.stderr
