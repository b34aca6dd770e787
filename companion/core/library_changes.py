"""What differs between two packages of one meeting that claim the same version.

A version number names one content: a package whose meeting.json differs from
the version already in the library, but carries the same number, is refused
(`same_version_conflict`) with a sentence saying what differs and that the
version must be raised, instead of silently replacing what members read.
"""

from __future__ import annotations

from typing import Any

from companion.core.errors import QT_TRANSLATE_NOOP, Cause, MemberError

_ITEMS_DIFFER = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "This package of {meeting_id} has version {version}, which the library already holds "
    "with other content: items {items} differ. A changed meeting needs a higher version "
    "number: publish it as version {next} and import it again.",
)
_FIELDS_DIFFER = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "This package of {meeting_id} has version {version}, which the library already holds "
    "with other content: the meeting.json fields {fields} differ. A changed meeting needs "
    "a higher version number: publish it as version {next} and import it again.",
)
_BOTH_DIFFER = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "This package of {meeting_id} has version {version}, which the library already holds "
    "with other content: items {items} and the meeting.json fields {fields} differ. A "
    "changed meeting needs a higher version number: publish it as version {next} and "
    "import it again.",
)


def _items(meeting: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Item id -> (its number, or title when it has none; the item's data)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for group in meeting.get("groups", []):
        for item in group.get("agendaItem", []):
            found[item["id"]] = (item.get("number") or item.get("name", ""), item)
    return found


def _without_items(meeting: dict[str, Any]) -> dict[str, Any]:
    """The meeting with its groups' items left out (so a changed item counts once)."""
    copy = dict(meeting)
    copy["groups"] = [
        {key: value for key, value in group.items() if key != "agendaItem"}
        for group in meeting.get("groups", [])
    ]
    return copy


def differences(stored: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(item numbers, meeting.json field names) that differ between two meeting dicts."""
    old_items, new_items = _items(stored), _items(new)
    items: list[str] = []
    for item_id in [*new_items, *(i for i in old_items if i not in new_items)]:
        old, now = old_items.get(item_id), new_items.get(item_id)
        if old is None or now is None or old[1] != now[1]:
            number = (now or old or ("", {}))[0]
            if number not in items:
                items.append(number)
    if [*old_items] != [*new_items] and not items:
        items = [number for number, _ in new_items.values()]  # only the order changed
    old_rest, new_rest = _without_items(stored), _without_items(new)
    fields = sorted(key for key in {*old_rest, *new_rest} if old_rest.get(key) != new_rest.get(key))
    return items, fields


def same_version_conflict(stored: dict[str, Any], new: dict[str, Any]) -> MemberError:
    """The sentence refusing ``new``: same id and version as ``stored``, other content."""
    items, fields = differences(stored, new)
    params: dict[str, object] = {
        "meeting_id": new.get("id", ""),
        "version": new.get("version", ""),
        "next": int(new.get("version", 0)) + 1,
        "items": ", ".join(items),
        "fields": ", ".join(fields),
    }
    if items and fields:
        template = _BOTH_DIFFER
    elif items:
        template = _ITEMS_DIFFER
    else:
        template = _FIELDS_DIFFER
    return MemberError(template, Cause.INVALID, **params)
