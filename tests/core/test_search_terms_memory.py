"""Terms are cached without objects the garbage collector must walk (issue 13's GUI stall).

The window indexes attachments on a worker thread of its own process. A cache
whose entries are objects the collector tracks (functools.lru_cache and PyStemmer's
own cache keep a list per entry) grows by tens of thousands of them while 50,000
pages are indexed, and those long-lived objects set off full collections, which
hold the interpreter lock: one of 190 ms was the GUI thread's longest stall in
benchmarks/search.py. Words and terms are strings, which the collector does not
track.
"""

from __future__ import annotations

import gc

from companion.core.resources import resources_dir
from companion.core.search import terms


def test_caching_the_terms_of_thousands_of_words_adds_no_tracked_objects() -> None:
    text = "\n".join(
        path.read_text() for path in sorted((resources_dir() / "agendas").glob("*.txt"))
    )
    distinct = {word.lower() for word in terms.WORD.findall(text)}
    assert len(distinct) > 2500  # the four real agendas
    terms.clear_cache()
    gc.collect()
    before = len(gc.get_objects())
    assert terms.terms_text(text)
    gc.collect()
    assert len(gc.get_objects()) - before < 100
    assert terms.term("Lærepladserne") == terms.term("læreplads")  # the cache still answers
