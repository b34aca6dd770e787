"""The chair's session: which item is up, the time plan, statuses and decision templates.

Pure logic, no I/O and no Qt: every method that needs the time takes ``now`` (an
aware datetime) so tests need no clock. The personal store saves a `SessionState`
as JSON (`PersonalStore.save_session` / `load_session`), decisions separately
(`PersonalStore.set_decision`).

Additions to the agreed API (nothing renamed): ``start(now, item_id=None)`` may
set the first item; `next_item` with no current item goes to the first one;
`SessionState.finish`, ``finished_at``; ``included_closed`` (closed items the
chair put in the minutes) with `include_closed`; `set_override`, `status`,
`plan`, `current_item`; `DECISION_TEMPLATES` and the four template constants.

The plan (`default_plan`) spreads the meeting's minutes evenly over its items in
agenda order: each gets ``total // count`` minutes and the first ``total % count``
items one more, so the plan sums to the total. Every item gets at least one
minute: a meeting shorter than one minute per item gets one each (then the plan
is longer than the meeting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from companion.core.model import AgendaItem, Meeting

#: Minutes planned for a meeting whose end time the agenda does not give.
DEFAULT_MEETING_MINUTES = 120
STATE_FORMAT_VERSION = 1

APPROVED = "Indstillingen blev godkendt."
NOTED = "Orienteringen blev taget til efterretning."
DISCUSSED = "Drøftet."
POSTPONED = "Udsat."
#: The four decision wordings of the issue, in their default order.
DECISION_TEMPLATES = (APPROVED, NOTED, DISCUSSED, POSTPONED)

#: What in an Indstilling points to each wording (lowercase stems / phrases).
_TEMPLATE_CUES: dict[str, re.Pattern[str]] = {
    APPROVED: re.compile(r"godkend|tilslut|anbefal|vedtag"),
    NOTED: re.compile(r"til efterretning|orientering|orienteres"),
    DISCUSSED: re.compile(r"drøft"),
}


class ItemStatus(StrEnum):
    """How the chair has marked an item in the session."""

    PENDING = "pending"
    DEALT = "dealt"  # behandlet
    POSTPONED = "postponed"  # udsat
    SKIPPED = "skipped"  # sprunget over


class SessionStateError(ValueError):
    """A saved session that cannot be read; the message names the field."""


def is_closed(item: AgendaItem) -> bool:
    """True for a closed item (lukket punkt): never shown or exported by default."""
    return not item.public


def shown_status(status: ItemStatus, decision: str) -> ItemStatus:
    """The mark an item shows in the session's agenda list.

    The chair's own mark wins. An unmarked item with a recorded decision was dealt
    with (one whose decision is the "Udsat." template was postponed): recording a
    decision is how most items are closed, and the list must show it.
    """
    if status is not ItemStatus.PENDING or not decision.strip():
        return status
    return ItemStatus.POSTPONED if decision.strip() == POSTPONED else ItemStatus.DEALT


def meeting_minutes(meeting: Meeting) -> int:
    """The meeting's length in whole minutes (`DEFAULT_MEETING_MINUTES` without an end)."""
    if meeting.start is None or meeting.end is None or meeting.end <= meeting.start:
        return DEFAULT_MEETING_MINUTES
    return int((meeting.end - meeting.start).total_seconds() // 60)


def _spread(total: int, item_ids: list[str]) -> dict[str, int]:
    """``total`` minutes over ``item_ids``: even, first ones get the remainder, >= 1 each."""
    if not item_ids:
        return {}
    base, extra = divmod(max(total, 0), len(item_ids))
    return {
        item_id: max(base + (1 if index < extra else 0), 1)
        for index, item_id in enumerate(item_ids)
    }


def default_plan(meeting: Meeting) -> dict[str, int]:
    """Planned minutes per item id, the meeting's time spread in agenda order.

    See the module docstring for the rounding rule.
    """
    return _spread(meeting_minutes(meeting), [item.id for item in meeting.items])


def plan_with_overrides(meeting: Meeting, overrides: dict[str, int]) -> dict[str, int]:
    """The plan where the chair's minutes win and the rest of the time goes to the others.

    Overrides for ids that are not items of ``meeting`` are ignored (an item removed by
    a new agenda version). The other items share what is left as in `default_plan`, at
    least one minute each.

    Raises:
        ValueError: an override is negative or not a whole number.
    """
    ids = [item.id for item in meeting.items]
    fixed = {
        item_id: _check_minutes(item_id, overrides[item_id])
        for item_id in ids
        if item_id in overrides
    }
    others = [item_id for item_id in ids if item_id not in fixed]
    rest = _spread(meeting_minutes(meeting) - sum(fixed.values()), others)
    return {item_id: fixed[item_id] if item_id in fixed else rest[item_id] for item_id in ids}


def _check_minutes(item_id: str, minutes: object) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise ValueError(
            f"planned minutes for item {item_id!r} must be a whole number >= 0, not {minutes!r}"
        )
    return minutes


def decision_templates(item: AgendaItem) -> list[str]:
    """The decision wordings that fit the item's Indstilling, best first.

    The wording whose cue comes first in the Indstilling leads ("godkender" ->
    approved, "til efterretning"/"orientering" -> noted, "drøfter" -> discussed);
    the others follow in their default order, "Udsat." always last. Without an
    Indstilling (Eventuelt) there is nothing to approve: "Drøftet." comes first.
    The wordings are generic: the Indstilling itself says who decides (KKR, KD-Net).
    """
    recommendation = item.recommendation
    text = recommendation.text.casefold() if recommendation else ""
    if not text.strip():
        return [DISCUSSED, APPROVED, NOTED, POSTPONED]
    found = {
        wording: match.start()
        for wording, cue in _TEMPLATE_CUES.items()
        if (match := cue.search(text)) is not None
    }
    ranked = sorted(found, key=lambda wording: found[wording])
    return ranked + [wording for wording in DECISION_TEMPLATES if wording not in ranked]


def _aware(moment: datetime, name: str = "now") -> datetime:
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, not {moment!r}")
    return moment.astimezone(UTC)


def _check_item_id(item_id: object) -> str:
    if not isinstance(item_id, str) or not item_id:
        raise ValueError(f"an item id must be a non-empty string, not {item_id!r}")
    return item_id


@dataclass
class SessionState:
    """The chair's session on one meeting, saved in the personal store as JSON.

    Attributes:
        meeting_id: the meeting.
        started_at: when the session started (aware UTC), None before.
        current_item_id: the item being dealt with, None before the first.
        current_since: since when the current item is up (its time not yet in ``spent``).
        statuses: the chair's marks by item id (missing = pending).
        spent: seconds spent on each item before ``current_since``.
        overrides: planned minutes the chair set per item.
        absent: who is absent (fraværende), as typed.
        included_closed: closed items the chair deliberately puts in the draft minutes.
        finished_at: when the chair ended the session, None while it runs.
    """

    meeting_id: str
    started_at: datetime | None = None
    current_item_id: str | None = None
    current_since: datetime | None = None
    statuses: dict[str, ItemStatus] = field(default_factory=dict)
    spent: dict[str, float] = field(default_factory=dict)
    overrides: dict[str, int] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)
    included_closed: list[str] = field(default_factory=list)
    finished_at: datetime | None = None

    # -- moving through the agenda

    def start(self, now: datetime, item_id: str | None = None) -> None:
        """Start (or resume) the session; ``item_id`` makes that item current.

        A session that already started keeps its start time.
        """
        now = _aware(now)
        if self.started_at is None:
            self.started_at = now
        self.finished_at = None
        if item_id is not None:
            self.go_to(item_id, now)
        elif self.current_item_id is not None and self.current_since is None:
            self.current_since = now

    def go_to(self, item_id: str, now: datetime) -> None:
        """Make ``item_id`` current, banking the time spent on the previous item.

        Starts the session if it has not started, and resumes it if it was finished.
        """
        _check_item_id(item_id)
        now = _aware(now)
        if self.started_at is None:
            self.started_at = now
        self._bank(now)
        self.current_item_id = item_id
        self.current_since = now
        self.finished_at = None

    def next_item(self, meeting: Meeting, now: datetime) -> str | None:
        """Go to the next item in agenda order (the first when none is current); its id.

        At the last item the session stays there.
        """
        return self._step(meeting, now, +1)

    def previous_item(self, meeting: Meeting, now: datetime) -> str | None:
        """Go to the previous item in agenda order; its id. At the first it stays."""
        return self._step(meeting, now, -1)

    def _step(self, meeting: Meeting, now: datetime, step: int) -> str | None:
        ids = [item.id for item in meeting.items]
        if not ids:
            return self.current_item_id
        if self.current_item_id in ids:
            index = min(max(ids.index(self.current_item_id) + step, 0), len(ids) - 1)
        else:
            index = 0
        if ids[index] != self.current_item_id or self.current_since is None:
            self.go_to(ids[index], now)
        return self.current_item_id

    def finish(self, now: datetime) -> None:
        """End the session: bank the current item's time and stop the clocks."""
        now = _aware(now)
        self._bank(now)
        self.current_since = None
        self.finished_at = now

    def _bank(self, now: datetime) -> None:
        if self.current_item_id is not None and self.current_since is not None:
            seconds = max((now - self.current_since).total_seconds(), 0.0)
            self.spent[self.current_item_id] = self.spent.get(self.current_item_id, 0.0) + seconds
            self.current_since = now

    # -- marks and settings

    def set_status(self, item_id: str, status: ItemStatus | str) -> None:
        """Mark an item dealt with, postponed, skipped or pending.

        Raises:
            ValueError: ``status`` is not an `ItemStatus` value.
        """
        _check_item_id(item_id)
        self.statuses[item_id] = ItemStatus(status)

    def status(self, item_id: str) -> ItemStatus:
        """The item's mark (`ItemStatus.PENDING` when none)."""
        return self.statuses.get(item_id, ItemStatus.PENDING)

    def set_override(self, item_id: str, minutes: int | None) -> None:
        """Plan ``minutes`` for an item; None goes back to the spread plan."""
        _check_item_id(item_id)
        if minutes is None:
            self.overrides.pop(item_id, None)
        else:
            self.overrides[item_id] = _check_minutes(item_id, minutes)

    def include_closed(self, item_id: str, included: bool = True) -> None:
        """Put a closed item in the draft minutes (or take it out again)."""
        _check_item_id(item_id)
        if included and item_id not in self.included_closed:
            self.included_closed.append(item_id)
        elif not included and item_id in self.included_closed:
            self.included_closed.remove(item_id)

    # -- time

    def plan(self, meeting: Meeting) -> dict[str, int]:
        """Planned minutes per item with this session's overrides."""
        return plan_with_overrides(meeting, self.overrides)

    def current_item(self, meeting: Meeting) -> AgendaItem | None:
        """The current item of ``meeting``, or None."""
        return meeting.item(self.current_item_id) if self.current_item_id else None

    def elapsed(self, now: datetime) -> timedelta:
        """Time since the session started (until it finished); zero before it starts."""
        if self.started_at is None:
            return timedelta(0)
        until = self.finished_at or _aware(now)
        return max(until - self.started_at, timedelta(0))

    def item_elapsed(self, item_id: str, now: datetime) -> timedelta:
        """Time spent on an item so far, including the running stretch if it is current."""
        seconds = self.spent.get(item_id, 0.0)
        if item_id == self.current_item_id and self.current_since is not None:
            seconds += max((_aware(now) - self.current_since).total_seconds(), 0.0)
        return timedelta(seconds=seconds)

    def item_overrun(self, meeting: Meeting, item_id: str, now: datetime) -> timedelta:
        """Time spent beyond the item's plan (negative: time left).

        Raises:
            KeyError: ``item_id`` is not an item of ``meeting``.
        """
        plan = self.plan(meeting)
        if item_id not in plan:
            raise KeyError(f"{item_id!r} is not an item of meeting {meeting.id!r}")
        return self.item_elapsed(item_id, now) - timedelta(minutes=plan[item_id])

    # -- JSON

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (`from_dict` reads it back)."""
        return {
            "format": STATE_FORMAT_VERSION,
            "meetingId": self.meeting_id,
            "startedAt": _iso(self.started_at),
            "currentItemId": self.current_item_id,
            "currentSince": _iso(self.current_since),
            "finishedAt": _iso(self.finished_at),
            "statuses": {item_id: str(status) for item_id, status in self.statuses.items()},
            "spent": dict(self.spent),
            "overrides": dict(self.overrides),
            "absent": list(self.absent),
            "includedClosed": list(self.included_closed),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionState:
        """Read a dict written by `to_dict`.

        Raises:
            SessionStateError: a field is missing or has the wrong type; names it.
        """
        if not isinstance(data, dict):
            raise SessionStateError(f"a session must be a JSON object, not {type(data).__name__}")
        meeting_id = data.get("meetingId")
        if not isinstance(meeting_id, str) or not meeting_id:
            raise SessionStateError(
                f"session field 'meetingId' is missing or empty: {meeting_id!r}"
            )
        try:
            return cls(
                meeting_id=meeting_id,
                started_at=_time_field(data, "startedAt"),
                current_item_id=_optional_str(data, "currentItemId"),
                current_since=_time_field(data, "currentSince"),
                finished_at=_time_field(data, "finishedAt"),
                statuses={str(k): ItemStatus(v) for k, v in _mapping(data, "statuses").items()},
                spent={str(k): float(v) for k, v in _mapping(data, "spent").items()},
                overrides={
                    str(k): _check_minutes(str(k), v)
                    for k, v in _mapping(data, "overrides").items()
                },
                absent=[str(name) for name in _sequence(data, "absent")],
                included_closed=[str(item) for item in _sequence(data, "includedClosed")],
            )
        except SessionStateError:
            raise
        except (TypeError, ValueError) as error:
            raise SessionStateError(f"session of {meeting_id!r} cannot be read: {error}") from error


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _time_field(data: dict[str, Any], name: str) -> datetime | None:
    value = data.get(name)
    if value is None:
        return None
    try:
        return _aware(datetime.fromisoformat(value), name)
    except (TypeError, ValueError) as error:
        raise SessionStateError(
            f"session field {name!r} is not a time with zone: {value!r}"
        ) from error


def _optional_str(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is not None and not isinstance(value, str):
        raise SessionStateError(f"session field {name!r} must be text, not {value!r}")
    return value


def _mapping(data: dict[str, Any], name: str) -> dict[Any, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise SessionStateError(f"session field {name!r} must be an object, not {value!r}")
    return value


def _sequence(data: dict[str, Any], name: str) -> list[Any]:
    value = data.get(name, [])
    if not isinstance(value, list):
        raise SessionStateError(f"session field {name!r} must be a list, not {value!r}")
    return value
