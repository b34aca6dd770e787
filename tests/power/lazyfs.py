"""A LazyFS mount for power-cut tests: what was not fsynced is lost on `LazyFS.power_cut`.

LazyFS (../shared/tools/lazyfs, built by tests/power/run.sh) is a FUSE file
system that keeps every write in its own cache until the writer fsyncs it.
``lazyfs::clear-cache`` on its faults fifo drops everything not fsynced: a
laptop losing power. A SIGKILL alone cannot show a missing fsync (the kernel's
page cache survives a killed process); a kill followed by a cut can.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

#: The folder holding the built ``lazyfs`` and ``libpcache.so.1`` (set by run.sh).
BIN_DIR_ENV = "LAZYFS_BIN_DIR"
MOUNT_TIMEOUT = 60.0
CUT_TIMEOUT = 30.0

CONFIG = """\
[faults]
fifo_path="{faults}"
fifo_path_completed="{completed}"
[cache]
apply_eviction=false
[cache.simple]
custom_size="{cache_size}"
blocks_per_page=1
[filesystem]
log_all_operations=false
logfile=""
"""


class LazyFSError(RuntimeError):
    """LazyFS cannot be found, mounted or told to cut the power."""


def find_binary() -> Path:
    """The ``lazyfs`` binary in ``$LAZYFS_BIN_DIR``; a sentence naming what is missing."""
    folder = os.environ.get(BIN_DIR_ENV)
    if not folder:
        raise LazyFSError(
            f"${BIN_DIR_ENV} is not set: run the power-cut tests with tests/power/run.sh, "
            "which builds LazyFS and sets it."
        )
    binary = Path(folder) / "lazyfs"
    if not os.access(binary, os.X_OK):
        raise LazyFSError(f"{binary} is missing: build it with tests/power/run.sh.")
    return binary


class LazyFS:
    """One mounted LazyFS: ``mount`` is where the program under test keeps its data."""

    def __init__(self, binary: Path, workdir: Path, cache_size: str = "256mb") -> None:
        self.binary = binary
        self.workdir = workdir
        self.mount = workdir / "mnt"
        self.root = workdir / "root"
        self.faults = workdir / "faults.fifo"
        self.completed = workdir / "completed.fifo"
        self.log = workdir / "lazyfs.log"
        self.cache_size = cache_size
        self.cuts = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._completed_fd: int | None = None

    def start(self) -> None:
        """Mount (waits until the mount and both fifos are there)."""
        for folder in (self.mount, self.root):
            folder.mkdir(parents=True, exist_ok=True)
        config = self.workdir / "config.toml"
        config.write_text(
            CONFIG.format(faults=self.faults, completed=self.completed, cache_size=self.cache_size)
        )
        env = dict(os.environ, LD_LIBRARY_PATH=str(self.binary.parent))
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                [
                    str(self.binary),
                    str(self.mount),
                    "--config-path",
                    str(config),
                    "-o",
                    "allow_other",
                    "-o",
                    "modules=subdir",
                    "-o",
                    f"subdir={self.root}",
                    "-f",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        deadline = time.monotonic() + MOUNT_TIMEOUT
        while not (os.path.ismount(self.mount) and self.completed.exists()):
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise LazyFSError(f"LazyFS did not mount {self.mount}: {self._log_tail()}")
            time.sleep(0.05)
        # LazyFS opens the completion fifo for writing and blocks until a reader is there.
        self._completed_fd = os.open(self.completed, os.O_RDONLY | os.O_NONBLOCK)

    def power_cut(self) -> None:
        """Drop every write not fsynced, and wait until LazyFS says it is done."""
        assert self._completed_fd is not None, "not started"
        with self.faults.open("w") as faults:
            faults.write("lazyfs::clear-cache\n")
        received = b""
        deadline = time.monotonic() + CUT_TIMEOUT
        while b"finished::clear-cache" not in received:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LazyFSError(f"LazyFS did not confirm the power cut: {self._log_tail()}")
            ready, _, _ = select.select([self._completed_fd], [], [], remaining)
            chunk = os.read(self._completed_fd, 4096) if ready else b""
            if ready and not chunk:
                time.sleep(0.01)  # no writer yet: LazyFS has not opened its end
            received += chunk
        self.cuts += 1

    def stop(self) -> None:
        """Unmount and end LazyFS."""
        if self._completed_fd is not None:
            os.close(self._completed_fd)
            self._completed_fd = None
        if self._process is None:
            return
        if os.path.ismount(self.mount):
            subprocess.run(["fusermount3", "-u", str(self.mount)], check=False)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait()
        self._process = None

    def fresh_folder(self, name: str) -> Path:
        """An empty folder on the mount."""
        folder = self.mount / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        return folder

    def _log_tail(self) -> str:
        try:
            return " | ".join(self.log.read_text(errors="replace").splitlines()[-5:])
        except OSError as error:
            return str(error)
