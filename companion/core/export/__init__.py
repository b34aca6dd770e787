"""Exports of a meeting: the member's notes, draft minutes, annotated attachments."""
