"""What must hold after a power cut, checked through the app's own classes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from companion.core.library import Library


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def library_problems(data_dir: Path) -> tuple[int, int, list[str]]:
    """Open the library in ``data_dir``: (meetings, files listed, problems).

    A problem is a file a stored version names that is missing or whose bytes do
    not match its sha256. Opening or reading the library must not fail at all.
    """
    library = Library(data_dir)
    try:
        summaries = library.meetings()
        refs = {
            ref.sha256: ref
            for summary in summaries
            for version in library.versions(summary.id)
            for ref in library.meeting(summary.id, version).files()
        }
        problems: list[str] = []
        for sha, ref in sorted(refs.items()):
            path = library.blob_path(sha)
            if path is None:
                problems.append(f"{ref.file_name}: missing")
            elif (actual := sha256_of(path)) != sha:
                problems.append(f"{ref.file_name}: sha256 {actual[:12]}…, not {sha[:12]}…")
        return len(summaries), len(refs), problems
    finally:
        library.close()
