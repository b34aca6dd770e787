"""Annotations survive revisions: re-anchor a meeting's annotations on its new version (no Qt).

After a sync or an import brings a new version of a meeting, every annotation of
that meeting is placed again on the new text with `anchoring.reanchor_meeting`,
and its anchor and detached flag are written back to the personal store. Nothing
is ever deleted: what cannot be placed is kept, flagged detached, for the member
to re-attach or delete.

The store records which version each meeting's annotations were last anchored
to (`PersonalStore.anchored_version`), so `reanchor_pending` catches up on
versions that arrived while the window was closed, and running twice changes
nothing. Positions, notes and questions are keyed by the item's stable id and
need no work here.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from companion.core.anchoring import (
    AnchorError,
    AnnotationResult,
    PdfAnchor,
    TextAnchor,
    Word,
    WordsLookup,
    pdf_words,
    reanchor_meeting,
)
from companion.core.library import ImportOutcome, Library, LibraryError
from companion.core.personal import Annotation, PersonalStore, UnknownRecordError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    """What a re-anchoring did, one count per annotation.

    ``exact``/``fuzzy``: moved to the new text (their anchor changed); ``detached``:
    newly detached by this run; ``unchanged``: nothing to write (already in place,
    or still detached).
    """

    exact: int = 0
    fuzzy: int = 0
    detached: int = 0
    unchanged: int = 0

    @property
    def moved(self) -> int:
        """Annotations placed on the new text at a changed place."""
        return self.exact + self.fuzzy

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            self.exact + other.exact,
            self.fuzzy + other.fuzzy,
            self.detached + other.detached,
            self.unchanged + other.unchanged,
        )


def summary_message(summary: Summary) -> str | None:
    """The line telling the member what moved and what was detached (None: nothing to tell)."""
    if not summary.detached:
        return None
    moved = f"{summary.moved} note{'s' if summary.moved != 1 else ''} moved to the new text"
    return f"{moved}, {summary.detached} could not be placed"


def library_words(library: Library) -> WordsLookup:
    """Words of a file in ``library`` by its sha256 (empty when missing or unreadable)."""

    def words_for(sha256: str) -> list[list[Word]]:
        try:
            path = library.blob_path(sha256)
        except LibraryError as error:
            log.warning("no words for %s: %s", sha256, error)
            return []
        if path is None:
            log.warning("the file %s is not in the library; its highlights are detached", sha256)
            return []
        try:
            return pdf_words(path)
        except AnchorError as error:
            log.warning("%s", error)
            return []

    return words_for


def reanchor_after_update(
    store: PersonalStore,
    library: Library,
    meeting_id: str,
    old_version: int,
    new_version: int,
    words_for: WordsLookup | None = None,
) -> Summary:
    """Re-anchor ``meeting_id``'s annotations from ``old_version`` to ``new_version``.

    Writes each changed anchor (and detached flag) back and records ``new_version``
    as the anchored one in one transaction: a kill or power cut leaves every
    annotation on ``old_version`` as recorded, never some moved under the old
    record (a later version would then be re-anchored from the wrong base).
    Running it again changes nothing. ``words_for`` defaults to reading PDFs from the
    library's blobs.

    Raises:
        LibraryError: one of the versions is not in the library.
    """
    old_meeting = library.meeting(meeting_id, old_version)
    new_meeting = library.meeting(meeting_id, new_version)
    annotations = store.annotations(meeting_id)
    results = reanchor_meeting(
        annotations, old_meeting, new_meeting, words_for or library_words(library)
    )
    summary = Summary()
    with store.transaction():  # stopped halfway, the next run would start from the wrong base
        # Read again under the write lock: one the member re-attached (or deleted) while
        # the new places were worked out keeps the member's place.
        now = {annotation.id: annotation for annotation in store.annotations(meeting_id)}
        for annotation, result in zip(annotations, results, strict=True):
            current = now.get(annotation.id)
            if current is None or _placement(current) != _placement(annotation):
                log.info("annotation %s was moved or deleted meanwhile: kept", annotation.id)
                summary += Summary(unchanged=1)
                continue
            summary += _write_back(store, annotation, result)
        store.set_anchored_version(meeting_id, new_version)
    log.info("re-anchored %s v%d -> v%d: %s", meeting_id, old_version, new_version, summary)
    return summary


def _placement(annotation: Annotation) -> tuple[object, ...]:
    """Where an annotation sits: what a re-anchoring writes (not its note or colour)."""
    return (annotation.item_id, annotation.file_sha256, annotation.anchor, annotation.detached)


def _write_back(store: PersonalStore, annotation: Annotation, result: AnnotationResult) -> Summary:
    """Store one result; the summary of this one annotation."""
    if result.detached:
        if annotation.detached:
            return Summary(unchanged=1)
        _update(store, annotation, detached=True)
        return Summary(detached=1)
    same_place = result.anchor == annotation.anchor and result.file_sha256 in (
        None,
        annotation.file_sha256,
    )
    if same_place and not annotation.detached:
        return Summary(unchanged=1)
    _update(
        store,
        annotation,
        anchor=result.anchor,
        detached=False,
        file_sha256=result.file_sha256,
    )
    return Summary(fuzzy=1) if result.kind == "fuzzy" else Summary(exact=1)


def _update(store: PersonalStore, annotation: Annotation, **changes: object) -> None:
    try:
        store.update_annotation(annotation.id, **changes)  # type: ignore[arg-type]
    except UnknownRecordError:  # deleted by the member meanwhile: nothing to keep
        log.info("annotation %s was deleted while re-anchoring", annotation.id)


def baseline_version(store: PersonalStore, library: Library, meeting_id: str) -> int | None:
    """The version ``meeting_id``'s annotations are anchored to (None: no annotations).

    When none is recorded, it is the version that was current when the oldest
    annotation was made (by the library's import dates).
    """
    recorded = store.anchored_version(meeting_id)
    if recorded is not None:
        return recorded
    annotations = store.annotations(meeting_id)
    if not annotations:
        return None
    oldest = min(annotation.created for annotation in annotations)
    dates = library.version_dates(meeting_id)
    current_then = [version for version, date in dates.items() if _aware(date) <= oldest]
    return max(current_then) if current_then else min(dates, default=None)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def reanchor_pending(
    store: PersonalStore,
    library: Library,
    meeting_ids: Iterable[str],
    words_for: WordsLookup | None = None,
) -> dict[str, Summary]:
    """Re-anchor each meeting whose annotations are on an older version than the current one.

    A meeting without annotations is only recorded as anchored to its current
    version. Meetings no longer in the library are skipped.
    """
    summaries: dict[str, Summary] = {}
    for meeting_id in meeting_ids:
        versions = library.versions(meeting_id)
        if not versions:
            continue
        current = versions[-1]
        anchored = baseline_version(store, library, meeting_id)
        if anchored is None:
            store.set_anchored_version(meeting_id, current)
        elif anchored < current:
            if anchored not in versions:
                anchored = versions[0]
            summaries[meeting_id] = reanchor_after_update(
                store, library, meeting_id, anchored, current, words_for
            )
    return summaries


def reanchor_imported(
    store: PersonalStore,
    library: Library,
    outcome: ImportOutcome,
    words_for: WordsLookup | None = None,
) -> Summary | None:
    """Re-anchor after an import or sync reported ``outcome`` (None: nothing to re-anchor).

    An "updated" meeting is re-anchored from the version its annotations were last
    anchored to (else the version the import replaced) to the new one, once; an
    "added" one is recorded as anchored to its version.
    """
    anchored = store.anchored_version(outcome.meeting_id)
    if outcome.status == "added" and anchored is None:
        store.set_anchored_version(outcome.meeting_id, outcome.version)
    if outcome.status != "updated" or outcome.previous_version is None:
        return None
    old_version = anchored if anchored is not None else outcome.previous_version
    if old_version >= outcome.version:
        return None
    return reanchor_after_update(
        store, library, outcome.meeting_id, old_version, outcome.version, words_for
    )


def reattach(
    store: PersonalStore,
    annotation: Annotation,
    anchor: TextAnchor | PdfAnchor,
    item_id: str | None,
) -> Annotation:
    """Place a detached ``annotation`` on the words the member chose (only on request).

    A text note takes a `TextAnchor` in ``item_id``'s text; a PDF mark takes a
    `PdfAnchor`, whose file becomes the mark's file. A point note stays a point
    note: its marker moves to the top left of the chosen words. The note and colour
    stay; ``item_id`` None keeps the annotation's item.

    Raises:
        UnknownRecordError: the annotation was deleted meanwhile.
        ValueError: the anchor's kind does not fit the annotation (text vs PDF).
    """
    if annotation.target == "attachment" and isinstance(anchor, PdfAnchor):
        anchor_data = anchor.to_dict()
        if "point" in annotation.anchor and anchor.quads:
            anchor_data["point"] = [anchor.quads[0][0], anchor.quads[0][1]]
        return store.update_annotation(
            annotation.id,
            anchor=anchor_data,
            detached=False,
            item_id=item_id,
            file_sha256=anchor.file_sha256,
        )
    if annotation.target == "item" and isinstance(anchor, TextAnchor):
        return store.update_annotation(
            annotation.id, anchor=anchor.to_dict(), detached=False, item_id=item_id
        )
    where = "a PDF page" if annotation.target == "attachment" else "the item text"
    raise ValueError(
        f"annotation {annotation.id} is on {where}; it cannot be attached to "
        f"a {type(anchor).__name__}"
    )
