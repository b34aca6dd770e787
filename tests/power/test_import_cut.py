"""(a) `companion import` of the four sample packages, then a power cut.

The library's rows are committed with an fsync; every file they name must have
been fsynced (file and folder) before that, or the cut leaves rows pointing at
files that are empty or zero-filled.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from companion.core.samples import sample_packages
from tests.power.checks import library_problems
from tests.power.conftest import child_env, run_companion
from tests.power.lazyfs import LazyFS

RANDOM_CUTS = 8


def samples() -> list[str]:
    packages = [str(path) for path in sample_packages()]
    assert len(packages) == 4
    return packages


def test_a_power_cut_after_an_import_keeps_every_file_whole(lazyfs: LazyFS) -> None:
    data = lazyfs.fresh_folder("import-then-cut")
    result = run_companion("import", *samples(), data_dir=data)
    assert result.returncode == 0, result.stderr
    lazyfs.power_cut()
    meetings, files, problems = library_problems(data)
    assert meetings == 4
    assert files == 4  # the agenda PDFs (the samples have no attachments)
    assert problems == []


def test_power_cuts_at_random_moments_of_an_import_leave_no_broken_file(lazyfs: LazyFS) -> None:
    """Killed at a random moment, power cut, reopened; then the import again completes."""
    rng = random.Random(20261205)
    data = lazyfs.fresh_folder("import-random-cuts")
    started = time.monotonic()
    assert run_companion("import", *samples(), data_dir=data).returncode == 0
    duration = time.monotonic() - started
    seen_meetings: list[int] = []
    broken: dict[int, list[str]] = {}
    for cut in range(RANDOM_CUTS):
        data = lazyfs.fresh_folder(f"import-random-cut-{cut}")
        child = subprocess.Popen(
            [sys.executable, "-m", "companion", "import", *samples()],
            env=child_env(COMPANION_DATA_DIR=str(data), COMPANION_CONFIG_DIR=str(data)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        child.send_signal(signal.SIGKILL)
        child.wait()
        lazyfs.power_cut()
        meetings, _files, problems = library_problems(data)
        seen_meetings.append(meetings)
        if problems:
            broken[cut] = problems
            continue
        result = run_companion("import", *samples(), data_dir=data)
        assert result.returncode == 0, result.stderr
        assert library_problems(data)[::2] == (4, [])
    print(
        f"\nimport: {RANDOM_CUTS} random cuts, meetings listed after each: {seen_meetings}, "
        f"files broken: {sum(map(len, broken.values()))} in {len(broken)} cuts"
    )
    assert broken == {}
