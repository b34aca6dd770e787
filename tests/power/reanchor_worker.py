"""Child process for the power-cut test of re-anchoring: re-anchors one updated meeting.

``python -m tests.power.reanchor_worker STORE DATA_DIR`` opens the library in
``DATA_DIR`` and the personal store ``STORE``, prints ``{"ready": true}``, re-anchors
the meeting of `tests.revision_data` from version 1 to 2 as the app does after an
import (`reanchor_imported`), and prints ``{"done": summary}`` (flushed).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from companion.core.library import ImportOutcome, Library
from companion.core.personal import PersonalStore
from companion.core.reanchor_store import reanchor_imported
from tests.revision_data import MEETING_ID

#: What the import of version 2 reported.
UPDATED = ImportOutcome(MEETING_ID, 2, "updated", 1)


def say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main(store_path: str, data_dir: str) -> None:
    with Library(Path(data_dir)) as library, PersonalStore(Path(store_path)) as store:
        say({"ready": True})
        summary = reanchor_imported(store, library, UPDATED)
        say({"done": asdict(summary) if summary else None})


if __name__ == "__main__":
    main(*sys.argv[1:3])
