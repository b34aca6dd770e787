"""The frozen program's entry point: the same `companion` command as `pip install` gives."""

import sys

from companion.cli import main

if __name__ == "__main__":
    sys.exit(main())
