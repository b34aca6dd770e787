"""Power-cut tests: run by tests/power/run.sh (CI), never by the quick suite.

Every test here is marked ``power``; pyproject deselects that marker by default.
Where LazyFS cannot run (no /dev/fuse) the tests fail: run.sh prints the loud
message and decides whether that may pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.power.lazyfs import LazyFS, LazyFSError, find_binary

REPO = Path(__file__).resolve().parents[2]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/power as ``power``."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.power)


@pytest.fixture(scope="session")
def lazyfs() -> Iterator[LazyFS]:
    """One LazyFS mount for the session (each test works in its own folder on it).

    Not under pytest's tmp folder: LazyFS takes any argument containing "-o" after
    --config-path for an option (its main.cpp), and that folder is "pytest-of-root".
    """
    if not os.path.exists("/dev/fuse"):
        pytest.fail("/dev/fuse is missing: LazyFS cannot mount, so no power cut can be tested.")
    workdir = Path(tempfile.mkdtemp(prefix="companion_power_"))
    mount = LazyFS(find_binary(), workdir)
    try:
        mount.start()
    except LazyFSError as error:
        mount.stop()
        pytest.fail(str(error))
    try:
        yield mount
    finally:
        mount.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a child running this checkout's code."""
    path = os.environ.get("PYTHONPATH")
    return dict(
        os.environ,
        PYTHONPATH=str(REPO) + (os.pathsep + path if path else ""),
        QT_QPA_PLATFORM="offscreen",
        **extra,
    )


def run_companion(
    *args: str, data_dir: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m companion ARGS`` with its data folder at ``data_dir``, to its end."""
    return subprocess.run(
        [sys.executable, "-m", "companion", *args],
        env=child_env(COMPANION_DATA_DIR=str(data_dir), COMPANION_CONFIG_DIR=str(data_dir)),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
