import multiprocessing
import sys

from companion.cli import main

multiprocessing.freeze_support()  # a frozen app's spawned helpers (render, search) start here
sys.exit(main())
