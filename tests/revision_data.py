"""A real meeting and a revision of it made by program, for the revision tests.

Version 1 is the shipped sample of KKR Midtjylland's agenda of 22-11-2016.
Version 2 is made from it the way a secretariat revises a published agenda,
using only real text: a word changed in 3.2's Indstilling, a bilag title of
3.1 amended, item 3.5 withdrawn (so 3.6-3.8 move up a number), and a real
item of another real agenda (KKR Midtjylland 05-02-2020, 3.4) added at the end
of group 3.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from companion.core.library import Library
from companion.core.model import AgendaItem, Meeting, Paragraph
from companion.core.package import read_package, write_package
from companion.core.samples import sample_packages

MEETING_ID = "kkr-midtjylland-2016-11-22"
BOERNEHUS_ID = f"{MEETING_ID}/30441bf83cc5"  # 3.1: a bilag title amended
RAMMEPAPIR_ID = f"{MEETING_ID}/490e370e7e2a"  # 3.2: "godkender" -> "drøfter"
PRAKSISPLAN_ID = f"{MEETING_ID}/048c04db020b"  # 3.5: withdrawn
SOSU_ID = f"{MEETING_ID}/4cc7cbfd7431"  # 3.6 -> 3.5
REFERAT_ID = f"{MEETING_ID}/05c173f4aec0"  # 1.1: unchanged
ADDED_ID = f"{MEETING_ID}/ad33d32b5364"  # the 2020 item 3.4, added as 3.8
AMENDED_BILAG_SUFFIX = " (revideret)"


def sample_path(meeting_id: str) -> Path:
    """The shipped sample package of ``meeting_id``."""
    return next(path for path in sample_packages() if path.stem == meeting_id)


def read_sample(meeting_id: str, files_dir: Path) -> tuple[Meeting, dict[str, Path]]:
    """The sample meeting and its files, copied out to ``files_dir``."""
    files_dir.mkdir(parents=True, exist_ok=True)
    with read_package(sample_path(meeting_id)) as package:
        files: dict[str, Path] = {}
        for ref in package.meeting.files():
            files[ref.sha256] = files_dir / ref.file_name
            package.copy_file(ref, files[ref.sha256])
        return package.meeting, files


def _copy(meeting: Meeting) -> Meeting:
    return Meeting.from_dict(meeting.to_dict())


def added_item(tmp_path: Path) -> AgendaItem:
    """Item 3.4 of the real 2020 agenda, as the revision adds it."""
    other, _ = read_sample("kkr-midtjylland-2020-02-05", tmp_path / "files-2020")
    source = next(item for item in other.items if item.number == "3.4")
    item = AgendaItem.from_dict(source.to_dict())
    item.id = ADDED_ID
    item.attachments = []
    return item


def revise(meeting: Meeting, extra_item: AgendaItem) -> Meeting:
    """Version 2 of ``meeting``: the edits described in this module's docstring."""
    revised = _copy(meeting)
    revised.version = meeting.version + 1
    group = next(group for group in revised.groups if group.number == "3")
    rammepapir = next(item for item in group.items if item.id == RAMMEPAPIR_ID)
    recommendation = rammepapir.recommendation
    assert recommendation is not None and isinstance(recommendation.blocks[0], Paragraph)
    recommendation.blocks[0] = Paragraph(
        [
            replace(span, text=span.text.replace("godkender", "drøfter"))
            for span in recommendation.blocks[0].spans
        ]
    )
    boernehus = next(item for item in group.items if item.id == BOERNEHUS_ID)
    boernehus.attachments[1].title += AMENDED_BILAG_SUFFIX
    group.items = [item for item in group.items if item.id != PRAKSISPLAN_ID]
    extra = AgendaItem.from_dict(extra_item.to_dict())
    group.items.append(extra)
    for position, item in enumerate(group.items, start=1):
        item.number = f"3.{position}"
    return revised


def library_with_revision(data_dir: Path, tmp_path: Path) -> tuple[Meeting, Meeting]:
    """A real library in ``data_dir`` with the sample as version 1 and the revision as 2."""
    original, files = read_sample(MEETING_ID, tmp_path / "files")
    revised = revise(original, added_item(tmp_path))
    package = write_package(revised, files, tmp_path / "revised.zip")
    with Library(data_dir) as library:
        library.import_path(sample_path(MEETING_ID))
        library.import_path(package)
    return original, revised
