"""The built-in sample meetings: the four real agendas, packed as meeting packages.

The agenda texts ship in ``resources/agendas``; ``make samples`` (or
``python -m companion.core.samples build [AGENDAS_DIR] [OUT_DIR]``) packs each
into ``resources/samples/<meeting id>.zip`` with its rendered agenda PDF. The
bilag are not provided (we do not have their files). On the first start of an
empty library the app imports them with `import_samples`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from companion.core.library import ImportOutcome, Library
from companion.core.resources import resources_dir

log = logging.getLogger(__name__)

AGENDAS_DIR_NAME = "agendas"
SAMPLES_DIR_NAME = "samples"
_BUILDING_PREFIX = ".building-"


def agenda_texts(agendas_dir: Path) -> list[Path]:
    """The agenda text files in ``agendas_dir``, sorted by name."""
    return sorted(path for path in agendas_dir.glob("*.txt") if path.is_file())


def build_samples(agendas_dir: Path, out_dir: Path) -> list[Path]:
    """Pack every agenda text in ``agendas_dir`` into ``out_dir/<meeting id>.zip``.

    Zips in ``out_dir`` that no agenda produced any more are removed, so the
    folder holds exactly the current samples.

    Raises:
        FileNotFoundError: ``agendas_dir`` holds no ``*.txt`` agenda.
        AgendaFormatError, PackageError: an agenda cannot be imported or packed.
    """
    from companion.core.packing import pack_agenda

    agendas = agenda_texts(agendas_dir)
    if not agendas:
        raise FileNotFoundError(f"No agenda texts (*.txt) in {agendas_dir}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    built: list[Path] = []
    for agenda in agendas:
        building = out_dir / f"{_BUILDING_PREFIX}{agenda.stem}.zip"
        try:
            result = pack_agenda(agenda, [], building)
            target = out_dir / f"{result.meeting.id}.zip"
            os.replace(result.path, target)
            target.chmod(0o644)  # a shipped resource, readable by all
        finally:
            building.unlink(missing_ok=True)
        for warning in result.warnings:
            log.warning("%s: %s", agenda.name, warning)
        log.info("Built sample %s (%d bytes)", target.name, target.stat().st_size)
        built.append(target)
    for stale in set(out_dir.glob("*.zip")) - set(built):
        log.info("Removing stale sample %s", stale.name)
        stale.unlink()
    return built


def sample_packages() -> list[Path]:
    """The sample packages shipped with the app, sorted by name."""
    return sorted((resources_dir() / SAMPLES_DIR_NAME).glob("*.zip"))


def import_samples(library: Library) -> list[ImportOutcome]:
    """Import every shipped sample into ``library`` (unchanged ones stay as they are)."""
    return [library.import_path(package) for package in sample_packages()]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m companion.core.samples build [AGENDAS_DIR] [OUT_DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m companion.core.samples",
        description="Build the sample meeting packages from the agenda texts.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="pack each agenda text into <meeting id>.zip")
    build.add_argument(
        "agendas_dir", nargs="?", type=Path, default=resources_dir() / AGENDAS_DIR_NAME
    )
    build.add_argument("out_dir", nargs="?", type=Path, default=resources_dir() / SAMPLES_DIR_NAME)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        built = build_samples(args.agendas_dir, args.out_dir)
    except Exception as error:  # a CLI: report the sentence, not a traceback
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in built:
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
