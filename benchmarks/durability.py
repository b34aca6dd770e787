"""Benchmark of the durable writes (issue 12): what the fsyncs cost an import and a sync.

Both measures run twice in the same run, interleaved run by run:
- "fsync on": the app as it is (every blob, download and backup fsynced, renamed,
  folder fsynced: companion.core.durable);
- "fsync off": the same code with ``os.fsync`` replaced by a no-op in this
  benchmark process only, i.e. the writes as they were before issue 12. SQLite's
  own fsyncs (its commits, synchronous=FULL both before and after) are in C and
  stay in both, so the difference is what companion.core.durable adds.

Measures (median and spread of the runs; a fresh, empty library each time):
- ``companion import`` of the four shipped sample packages (in-process CLI);
- ``companion sync`` of a feed with the four samples, the 2015 one as a version 2
  of 210 MB (the real agenda with generated payload files behind its bilag, as
  in benchmarks/sync.py), served by a real nginx on loopback.

Usage: python benchmarks/durability.py [--runs N]  (needs nginx)
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sync import SMALL_BYTES, heavy_meeting, payload  # noqa: E402

from companion.cli import main as companion  # noqa: E402
from companion.core.library import Library  # noqa: E402
from companion.core.package import write_package  # noqa: E402
from companion.core.samples import sample_packages  # noqa: E402
from companion.core.sources.feed.client import SyncSource, sync  # noqa: E402
from companion.core.sources.feed.publish import publish  # noqa: E402
from tests.integration.nginx import running_nginx  # noqa: E402


@contextlib.contextmanager
def fsync_switched_off() -> Iterator[None]:
    """``os.fsync`` is a no-op inside the block (this process only)."""
    real = os.fsync
    os.fsync = lambda fd: None  # type: ignore[assignment]  # benchmark only
    try:
        yield
    finally:
        os.fsync = real


def timed(action: Callable[[], object], fsync: bool) -> float:
    guard = contextlib.nullcontext() if fsync else fsync_switched_off()
    with guard:
        started = time.perf_counter()
        action()
        return time.perf_counter() - started


def import_samples(data: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        code = companion(["--data-dir", str(data), "import", *map(str, sample_packages())])
    assert code == 0, f"companion import failed ({code})"


def sync_feed(url: str, data: Path) -> None:
    with Library(data) as library:
        report = sync(SyncSource(url), library)
    assert [o.status for o in report.meetings] == ["added"] * 4, report


def line(name: str, on: list[float], off: list[float]) -> str:
    a, b = statistics.median(on), statistics.median(off)
    ms = [round(value * 1000) for value in (min(on), max(on), min(off), max(off))]
    spread = f"({ms[0]}-{ms[1]} / {ms[2]}-{ms[3]})"
    return (
        f"{name:38} {a * 1000:8.0f} ms {b * 1000:8.0f} ms {a / b:6.2f}x {a - b:+7.3f} s  {spread}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repeats of each (median)")
    args = parser.parse_args()
    results: dict[tuple[str, bool], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="companion-durability-bench-") as tmp:
        work = Path(tmp)
        small = payload(work / "payload-small.bin", SMALL_BYTES)
        meeting, files = heavy_meeting(work, 2, small)  # the 2015 sample's version 2
        packages = [*sample_packages(), write_package(meeting, files, work / "package-heavy")]
        publish(packages, work / "feed")
        with running_nginx(work / "feed", work / "nginx") as nginx:
            for run in range(args.runs):
                for fsync in (run % 2 == 0, run % 2 != 0):  # alternate which goes first
                    tag = f"{run}-{'on' if fsync else 'off'}"
                    imported, synced = work / f"import-{tag}", work / f"sync-{tag}"
                    results.setdefault(("import", fsync), []).append(
                        timed(partial(import_samples, imported), fsync)
                    )
                    results.setdefault(("sync", fsync), []).append(
                        timed(partial(sync_feed, nginx.url, synced), fsync)
                    )
    print(f"{args.runs} runs each, interleaved; median (spread: min-max fsync on / off)")
    print(f"{'measure':38} {'fsync on':>11} {'fsync off':>11} {'ratio':>7} {'cost':>9}")
    print(line("import, the four samples", results["import", True], results["import", False]))
    print(
        line("sync, four samples + 210 MB package", results["sync", True], results["sync", False])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
