"""Cold start of the installed bundle against the venv's `companion`, same machine, same run.

Each run starts the program on a fresh HOME with COMPANION_START_CHECK=1 and
QT_QPA_PLATFORM=offscreen, and measures from spawning the process to (a) the
window's first paint (the time the app prints) and (b) the four sample meetings
listed (the process exiting). Runs alternate between the two programs.

    python benchmarks/bundle_start.py BUNDLE_COMPANION [VENV_PYTHON] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PAINT = "companion start check: window painted at "


def start_once(command: list[str]) -> tuple[float, float]:
    """(seconds to first paint, seconds to meetings shown) on a fresh HOME."""
    with tempfile.TemporaryDirectory() as home:
        env = {
            "HOME": home,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
            "COMPANION_START_CHECK": "1",
        }
        if "PYTHONPATH" in os.environ and command[0].endswith("python"):
            env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        spawned = time.time()
        result = subprocess.run(
            command, env=env, cwd=home, capture_output=True, text=True, check=True
        )
        ended = time.time()
    painted = next(line for line in result.stdout.splitlines() if line.startswith(PAINT))
    return float(painted.removeprefix(PAINT)) - spawned, ended - spawned


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the bundle's companion launcher")
    parser.add_argument("python", nargs="?", default=sys.executable, help="the venv's python")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    programs = {
        "bundle": [str(args.bundle.resolve())],
        "venv": [args.python, "-m", "companion"],
    }
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
    for command in programs.values():
        start_once(command)  # warm the page cache: every run below is equally warm
    for _ in range(args.runs):
        for name, command in programs.items():
            times[name].append(start_once(command))
    print(f"{args.runs} runs each, fresh HOME each run (median, min-max)")
    for name, runs in times.items():
        for index, label in ((0, "first paint"), (1, "4 sample meetings shown")):
            values = sorted(run[index] * 1000 for run in runs)
            print(
                f"{name:7} {label:24} {statistics.median(values):7.0f} ms"
                f"  ({values[0]:.0f}-{values[-1]:.0f})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
