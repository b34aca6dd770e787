"""Problems of a meeting package as sentences a member (and the secretariat) can act on.

A `Problem` is a sentence template with its values, marked for translation
(context ``CoreErrors``, like `companion.core.errors.MemberError`), plus its
technical place (a JSON path into meeting.json, or a member name). A value may
itself be a `Phrase` ("Item 3.2", "the title", "text"): the window translates
those too, so the whole sentence reads in Danish.

`schema_problem` turns a JSON Schema error ("5 is not of type 'string'") into
such a sentence: the field in words (`FIELD_WORDS`) and the item, bilag or file
it is in ("Item 3.2: the title must be text, not 5.").
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import jsonschema

from companion.core.errors import CONTEXT, QT_TRANSLATE_NOOP, Translate


class Phrase:
    """A translatable template and its values (which may be phrases themselves)."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params: dict[str, object] = dict(params)

    def render(self, translate: Translate | None = None) -> str:
        """The text, translated by ``translate(context, template)`` when given."""
        values = {
            key: value.render(translate) if isinstance(value, Phrase) else value
            for key, value in self.params.items()
        }
        template = translate(CONTEXT, self.template) if translate else self.template
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            # A translation with a broken placeholder must not hide the problem.
            return self.render() if translate else self.template

    def __str__(self) -> str:
        return self.render()

    def __eq__(self, other: object) -> bool:
        return (
            type(other) is type(self)
            and isinstance(other, Phrase)
            and (self.template, self.params) == (other.template, other.params)
        )

    def __hash__(self) -> int:
        return hash(self.template)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.render()!r})"


class Problem(Phrase):
    """One thing wrong with a package: a sentence, and where (a JSON path or a file name).

    ``str(problem)`` is the sentence; it names the place in words itself.
    """

    def __init__(self, path: str, template: str, /, **params: object) -> None:
        super().__init__(template, **params)
        self.path = path

    @property
    def message(self) -> str:
        """The sentence in English."""
        return self.render()

    def __eq__(self, other: object) -> bool:
        return super().__eq__(other) and isinstance(other, Problem) and self.path == other.path

    def __hash__(self) -> int:
        return hash((self.path, self.template))


def text_problem(path: str, text: str) -> Problem:
    """A problem given as ready text (not translated)."""
    return Problem(path, "{text}", text=text)


# --- the words --------------------------------------------------------------------------

#: meeting.json fields in words (for "the ... is missing").
FIELD_WORDS: Mapping[str, str] = {
    "formatVersion": QT_TRANSLATE_NOOP("CoreErrors", "format version"),
    "meeting": QT_TRANSLATE_NOOP("CoreErrors", "meeting"),
    "id": QT_TRANSLATE_NOOP("CoreErrors", "id"),
    "version": QT_TRANSLATE_NOOP("CoreErrors", "version"),
    "organization": QT_TRANSLATE_NOOP("CoreErrors", "body (organization)"),
    "name": QT_TRANSLATE_NOOP("CoreErrors", "name"),
    "start": QT_TRANSLATE_NOOP("CoreErrors", "start time"),
    "end": QT_TRANSLATE_NOOP("CoreErrors", "end time"),
    "location": QT_TRANSLATE_NOOP("CoreErrors", "place"),
    "participants": QT_TRANSLATE_NOOP("CoreErrors", "list of participants"),
    "apologies": QT_TRANSLATE_NOOP("CoreErrors", "list of apologies"),
    "agendaPdf": QT_TRANSLATE_NOOP("CoreErrors", "agenda PDF"),
    "source": QT_TRANSLATE_NOOP("CoreErrors", "source"),
    "groups": QT_TRANSLATE_NOOP("CoreErrors", "list of groups"),
    "number": QT_TRANSLATE_NOOP("CoreErrors", "number"),
    "agendaItem": QT_TRANSLATE_NOOP("CoreErrors", "list of items"),
    "public": QT_TRANSLATE_NOOP("CoreErrors", "public mark"),
    "caseNumber": QT_TRANSLATE_NOOP("CoreErrors", "case number"),
    "caseOfficers": QT_TRANSLATE_NOOP("CoreErrors", "case officers"),
    "presenter": QT_TRANSLATE_NOOP("CoreErrors", "presenter"),
    "sections": QT_TRANSLATE_NOOP("CoreErrors", "list of sections"),
    "auxiliaryFile": QT_TRANSLATE_NOOP("CoreErrors", "list of bilag"),
    "kind": QT_TRANSLATE_NOOP("CoreErrors", "kind"),
    "title": QT_TRANSLATE_NOOP("CoreErrors", "title"),
    "blocks": QT_TRANSLATE_NOOP("CoreErrors", "text"),
    "type": QT_TRANSLATE_NOOP("CoreErrors", "type"),
    "spans": QT_TRANSLATE_NOOP("CoreErrors", "text"),
    "level": QT_TRANSLATE_NOOP("CoreErrors", "heading level"),
    "ordered": QT_TRANSLATE_NOOP("CoreErrors", "numbered mark"),
    "items": QT_TRANSLATE_NOOP("CoreErrors", "list entries"),
    "children": QT_TRANSLATE_NOOP("CoreErrors", "sub-entries"),
    "headerRows": QT_TRANSLATE_NOOP("CoreErrors", "number of header rows"),
    "rows": QT_TRANSLATE_NOOP("CoreErrors", "table rows"),
    "text": QT_TRANSLATE_NOOP("CoreErrors", "text"),
    "bold": QT_TRANSLATE_NOOP("CoreErrors", "bold mark"),
    "italic": QT_TRANSLATE_NOOP("CoreErrors", "italic mark"),
    "href": QT_TRANSLATE_NOOP("CoreErrors", "link"),
    "file": QT_TRANSLATE_NOOP("CoreErrors", "file"),
    "fileName": QT_TRANSLATE_NOOP("CoreErrors", "file name"),
    "mimeType": QT_TRANSLATE_NOOP("CoreErrors", "file type (MIME type)"),
    "size": QT_TRANSLATE_NOOP("CoreErrors", "size"),
    "checksum": QT_TRANSLATE_NOOP("CoreErrors", "checksum"),
}

#: One entry of a list, in words (for "Item 3.2, section 2").
ENTRY_WORDS: Mapping[str, str] = {
    "sections": QT_TRANSLATE_NOOP("CoreErrors", "section"),
    "blocks": QT_TRANSLATE_NOOP("CoreErrors", "paragraph"),
    "spans": QT_TRANSLATE_NOOP("CoreErrors", "text piece"),
    "items": QT_TRANSLATE_NOOP("CoreErrors", "list entry"),
    "children": QT_TRANSLATE_NOOP("CoreErrors", "sub-entry"),
    "rows": QT_TRANSLATE_NOOP("CoreErrors", "row"),
    "participants": QT_TRANSLATE_NOOP("CoreErrors", "participant"),
    "apologies": QT_TRANSLATE_NOOP("CoreErrors", "apology"),
    "caseOfficers": QT_TRANSLATE_NOOP("CoreErrors", "case officer"),
}

#: The ``name`` of an item, bilag or file is its title.
_TITLE_NAMED = {"agendaItem", "auxiliaryFile", "file", "agendaPdf"}

#: JSON types in words (for "must be text, not 5").
TYPE_WORDS: Mapping[str, str] = {
    "string": QT_TRANSLATE_NOOP("CoreErrors", "text"),
    "integer": QT_TRANSLATE_NOOP("CoreErrors", "a whole number"),
    "number": QT_TRANSLATE_NOOP("CoreErrors", "a number"),
    "boolean": QT_TRANSLATE_NOOP("CoreErrors", "true or false"),
    "array": QT_TRANSLATE_NOOP("CoreErrors", "a list"),
    "object": QT_TRANSLATE_NOOP("CoreErrors", "an object ({...})"),
    "null": QT_TRANSLATE_NOOP("CoreErrors", "null"),
}
_EITHER = QT_TRANSLATE_NOOP("CoreErrors", "{first} or {second}")

#: What a pattern demands, by the schema definition that has it.
RULE_WORDS: Mapping[str, str] = {
    "meetingId": QT_TRANSLATE_NOOP(
        "CoreErrors",
        "a meeting id: letters, digits, '.', '_' or '-', starting with a letter or digit, "
        "at most 128 characters",
    ),
    "id": QT_TRANSLATE_NOOP(
        "CoreErrors",
        "an id: letters, digits, '.', '_', '-' or '/', starting with a letter or digit, "
        "at most 200 characters",
    ),
    "dateTime": QT_TRANSLATE_NOOP(
        "CoreErrors",
        "a date and time such as 2015-04-20T10:00:00 (or with an offset, "
        "2015-04-20T10:00:00+02:00)",
    ),
    "fileName": QT_TRANSLATE_NOOP(
        "CoreErrors",
        "a single file name: no '/', '\\', ':', control characters or <>\"|?*, not "
        "starting with '.', at most 255 characters",
    ),
    "mimeType": QT_TRANSLATE_NOOP("CoreErrors", "a MIME type such as application/pdf"),
    "checksum": QT_TRANSLATE_NOOP("CoreErrors", "'sha256:' and 64 lowercase hex digits"),
}
_ANY_RULE = QT_TRANSLATE_NOOP("CoreErrors", "in the form the format requires")

# Places.
_PACKAGE = QT_TRANSLATE_NOOP("CoreErrors", "meeting.json")
_GROUP = QT_TRANSLATE_NOOP("CoreErrors", "Group {number}")
_ITEM = QT_TRANSLATE_NOOP("CoreErrors", "Item {number}")
_BILAG = QT_TRANSLATE_NOOP("CoreErrors", "Item {number}, bilag {n}")
_AGENDA_PDF = QT_TRANSLATE_NOOP("CoreErrors", "The agenda PDF")
_PART = QT_TRANSLATE_NOOP("CoreErrors", "{place}, {part} {n}")
_ENTRY = QT_TRANSLATE_NOOP("CoreErrors", "entry")
_MEETING = QT_TRANSLATE_NOOP("CoreErrors", "The meeting")

# The sentences: one for a field of the meeting itself, one for a field at a place.
_SENTENCES: Mapping[str, tuple[str, str]] = {
    "required": (
        QT_TRANSLATE_NOOP("CoreErrors", "The meeting's {field} is missing."),
        QT_TRANSLATE_NOOP("CoreErrors", "{place}: the {field} is missing."),
    ),
    "type": (
        QT_TRANSLATE_NOOP("CoreErrors", "The meeting's {field} must be {expected}, not {value}."),
        QT_TRANSLATE_NOOP("CoreErrors", "{place}: the {field} must be {expected}, not {value}."),
    ),
    "pattern": (
        QT_TRANSLATE_NOOP("CoreErrors", "The meeting's {field} {value} is not {rule}."),
        QT_TRANSLATE_NOOP("CoreErrors", "{place}: the {field} {value} is not {rule}."),
    ),
    "minLength": (
        QT_TRANSLATE_NOOP("CoreErrors", "The meeting's {field} is empty."),
        QT_TRANSLATE_NOOP("CoreErrors", "{place}: the {field} is empty."),
    ),
    "minimum": (
        QT_TRANSLATE_NOOP(
            "CoreErrors", "The meeting's {field} must be at least {limit}, not {value}."
        ),
        QT_TRANSLATE_NOOP(
            "CoreErrors", "{place}: the {field} must be at least {limit}, not {value}."
        ),
    ),
    "maximum": (
        QT_TRANSLATE_NOOP(
            "CoreErrors", "The meeting's {field} must be at most {limit}, not {value}."
        ),
        QT_TRANSLATE_NOOP(
            "CoreErrors", "{place}: the {field} must be at most {limit}, not {value}."
        ),
    ),
    "enum": (
        QT_TRANSLATE_NOOP(
            "CoreErrors", "The meeting's {field} must be one of {choices}, not {value}."
        ),
        QT_TRANSLATE_NOOP(
            "CoreErrors", "{place}: the {field} must be one of {choices}, not {value}."
        ),
    ),
    "additionalProperties": (
        QT_TRANSLATE_NOOP(
            "CoreErrors", "The meeting has the field {names}, which the format does not know."
        ),
        QT_TRANSLATE_NOOP("CoreErrors", "{place}: the field {names} is not part of the format."),
    ),
    "other": (
        QT_TRANSLATE_NOOP("CoreErrors", "The meeting's {field} is not valid: {detail}."),
        QT_TRANSLATE_NOOP("CoreErrors", "{place}: the {field} is not valid: {detail}."),
    ),
}
_SENTENCE_OF = {"const": "enum", "exclusiveMinimum": "minimum", "exclusiveMaximum": "maximum"}

_SHOWN_LENGTH = 40


def shown(value: Any) -> str:
    """A value as it stands in meeting.json, cut short (a trailing newline shows as \\n)."""
    text = json.dumps(value, ensure_ascii=False)
    if len(text) <= _SHOWN_LENGTH:
        return text
    keep = _SHOWN_LENGTH // 2
    return f"{text[:keep]}…{text[-keep:]}"  # the end too: a stray character shows there


def field_words(key: str, container: str | None = None) -> Phrase:
    """The words for the field ``key`` of an object in ``container`` (its list's key)."""
    if key == "name" and container in _TITLE_NAMED:
        key = "title"
    return Phrase(FIELD_WORDS.get(key, "{key}"), key=key)


def _expected(types: object) -> Phrase:
    names = [types] if isinstance(types, str) else list(types) if isinstance(types, list) else []
    phrases = [Phrase(TYPE_WORDS.get(str(name), "{name}"), name=name) for name in names]
    if not phrases:
        return Phrase("{name}", name=str(types))
    result = phrases[-1]
    for phrase in reversed(phrases[:-1]):
        result = Phrase(_EITHER, first=phrase, second=result)
    return result


def _get(document: Any, parts: Sequence[str | int]) -> Any:
    """The value at ``parts`` in ``document``, or None."""
    value = document
    for part in parts:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _number_of(document: Any, parts: Sequence[str | int], index: int) -> str:
    number = _get(document, [*parts, "number"])
    readable = isinstance(number, (str, int, float)) and not isinstance(number, bool)
    return str(number) if readable and str(number).strip() else str(index + 1)


def place_of(
    document: Any, parts: Sequence[str | int]
) -> tuple[Phrase | None, str | None, str | None]:
    """(place in words, field key, key of the list the place is in) of a JSON path.

    The place is None for the meeting itself. ``["meeting", "groups", 2,
    "agendaItem", 0, "name"]`` -> (Item 3.2, "name", "agendaItem").
    """
    if not parts:
        return Phrase(_PACKAGE), None, None
    if parts[0] != "meeting" or len(parts) == 1:
        return Phrase(_PACKAGE), str(parts[0]), None
    place: Phrase | None = None
    container: str | None = None
    item_number = ""
    position = 1
    while position < len(parts):
        key = parts[position]
        if not isinstance(key, str):
            break
        index = parts[position + 1] if position + 1 < len(parts) else None
        if not isinstance(index, int):
            if index is not None and key in ("agendaPdf", "file"):
                # a field of the agenda PDF or of a bilag's file
                place = Phrase(_AGENDA_PDF) if key == "agendaPdf" else place
                container = key
                position += 1
                continue
            return place, key, container
        here = list(parts[: position + 2])
        if key == "groups":
            place = Phrase(_GROUP, number=_number_of(document, here, index))
        elif key == "agendaItem":
            item_number = _number_of(document, here, index)
            place = Phrase(_ITEM, number=item_number)
        elif key == "auxiliaryFile":
            place = Phrase(_BILAG, number=item_number, n=index + 1)
        else:
            outer = place or Phrase(_MEETING)
            part = Phrase(ENTRY_WORDS.get(key, "{key}"), key=key)
            place = Phrase(_PART, place=outer, part=part, n=index + 1)
        container = key
        position += 2
    return place, None, container


_RULE_OF_PATTERN: dict[str, str] = {}


def use_schema(schema: Mapping[str, Any]) -> None:
    """Learn which rule (`RULE_WORDS`) each pattern of ``schema`` stands for."""
    defs = schema.get("$defs", {})
    found = {name: defs.get(name, {}) for name in ("meetingId", "id", "dateTime")}
    file_fields = defs.get("fileOrNull", {}).get("properties", {})
    found.update({name: file_fields.get(name, {}) for name in ("fileName", "mimeType", "checksum")})
    _RULE_OF_PATTERN.clear()
    for name, definition in found.items():
        if "pattern" in definition:
            _RULE_OF_PATTERN[definition["pattern"]] = name


def _rule(pattern: object) -> Phrase:
    name = _RULE_OF_PATTERN.get(str(pattern))
    return Phrase(RULE_WORDS[name]) if name else Phrase(_ANY_RULE)


def schema_problem(error: jsonschema.ValidationError, document: Any) -> Problem:
    """A JSON Schema error as a sentence naming the field in words and its place."""
    parts = list(error.absolute_path)
    place, key, container = place_of(document, parts)
    validator = str(error.validator)
    params: dict[str, object] = {"value": shown(error.instance)}
    if validator in ("required", "additionalProperties") and isinstance(error.instance, dict):
        # about the object at ``parts`` itself: a field of it is missing or unknown
        if key == "meeting":
            place = None
        elif key == "agendaPdf":
            place = Phrase(_AGENDA_PDF)
        container = key or container
        required = error.validator_value if validator == "required" else []
        missing = [name for name in required if name not in error.instance]
        key = str(missing[0]) if missing else None
        known = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        params["names"] = ", ".join(repr(name) for name in error.instance if name not in known)
    elif validator == "type":
        params["expected"] = _expected(error.validator_value)
    elif validator == "pattern":
        params["rule"] = _rule(error.validator_value)
    elif validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        params["limit"] = error.validator_value
    elif validator in ("enum", "const"):
        choices = error.validator_value if validator == "enum" else [error.validator_value]
        params["choices"] = ", ".join(shown(choice) for choice in choices)
    sentence = _SENTENCE_OF.get(validator, validator)
    if sentence not in _SENTENCES:
        sentence = "other"
        params["detail"] = error.message
    params["field"] = field_words(key, container) if key else Phrase(_ENTRY)
    meeting_level, at_place = _SENTENCES[sentence]
    if place is None:
        return Problem(json_path(parts), meeting_level, **params)
    return Problem(json_path(parts), at_place, place=place, **params)


def json_path(parts: Sequence[object]) -> str:
    """``["meeting", "groups", 2, "name"]`` -> ``"meeting.groups[2].name"``."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path
