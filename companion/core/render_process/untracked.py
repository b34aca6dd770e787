# typeshed leaves out these private names of multiprocessing (_fds, util.close_fds, ...).
# mypy: disable-error-code="attr-defined,arg-type"
"""Spawn a worker process without multiprocessing's resource tracker (POSIX).

multiprocessing's "spawn" start on POSIX first starts a resource tracker: one
more Python process (13 MB resident) that only unlinks named semaphores and
shared-memory segments a crashed process left behind. The worker processes here
register none: pixels go through segments that `shared_pixels` names and
unlinks itself. `UntrackedSpawnProcess` is a spawn-started `Process` that
starts no tracker and hands the child none; everything else (the command line,
a frozen app's `freeze_support`, the pickled target and arguments, the
sentinel, `join`, `kill`) is multiprocessing's own.

It repeats the few lines of CPython's ``popen_spawn_posix.Popen._launch``
(3.11 to 3.13) less the tracker. On Windows, which has no tracker,
`process_class` gives the ordinary spawn process.
"""

from __future__ import annotations

import io
import os
import sys
from multiprocessing import context as mp_context
from multiprocessing import spawn, util
from typing import Any

if sys.platform != "win32":
    from multiprocessing import popen_spawn_posix

    class _UntrackedPopen(popen_spawn_posix.Popen):
        """`popen_spawn_posix.Popen` that neither starts nor passes a resource tracker."""

        def _launch(self, process_obj: Any) -> None:
            prep_data = spawn.get_preparation_data(process_obj._name)
            buffer = io.BytesIO()
            mp_context.set_spawning_popen(self)
            try:
                mp_context.reduction.dump(prep_data, buffer)
                mp_context.reduction.dump(process_obj, buffer)
            finally:
                mp_context.set_spawning_popen(None)
            parent_r = child_w = child_r = parent_w = None
            try:
                parent_r, child_w = os.pipe()
                child_r, parent_w = os.pipe()
                command = spawn.get_command_line(pipe_handle=child_r)
                self._fds.extend([child_r, child_w])
                self.pid = util.spawnv_passfds(spawn.get_executable(), command, self._fds)
                self.sentinel = parent_r
                with open(parent_w, "wb", closefd=False) as pipe:
                    pipe.write(buffer.getbuffer())
            finally:
                to_close = [fd for fd in (parent_r, parent_w) if fd is not None]
                self.finalizer = util.Finalize(self, util.close_fds, to_close)
                for fd in (child_r, child_w):
                    if fd is not None:
                        os.close(fd)

    class UntrackedSpawnProcess(mp_context.SpawnProcess):
        """A spawn-started process without a resource tracker."""

        @staticmethod
        def _Popen(process_obj: Any) -> Any:  # noqa: N802 (multiprocessing's name)
            return _UntrackedPopen(process_obj)

    def process_class() -> type[mp_context.SpawnProcess]:
        """The process class to start workers with: untracked here."""
        return UntrackedSpawnProcess

else:  # pragma: no cover (Windows: spawn starts no tracker there)

    def process_class() -> type[mp_context.SpawnProcess]:
        """The process class to start workers with: multiprocessing's spawn process."""
        return mp_context.SpawnProcess
