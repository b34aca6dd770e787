"""The frozen program's entry point: the same `companion` command as `pip install` gives."""

import multiprocessing
import sys

from companion.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # spawned helpers (render, search) run their target here
    sys.exit(main())
