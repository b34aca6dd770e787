"""FirstAgenda Publication, the e-agenda system many Danish municipalities publish with.

`client` speaks HTTP to one site, `mapping` turns its JSON into the app's
meeting, `html` turns an item's Word HTML into the app's item text, and
`source.FirstAgendaSource` is the `companion.core.sources.MeetingSource`.
"""

from companion.core.sources.firstagenda.source import FirstAgendaSource

__all__ = ["FirstAgendaSource"]
