"""The rendered-page cache's budget: far pages dropped first, what is left under a total."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from companion.core.render_process.memory import resident_bytes  # noqa: E402
from companion.ui.pdf_pages import MemoryTarget, PageCache, Rendered  # noqa: E402

MIB = 1024 * 1024
# Only where /proc does not exist (not CI, which runs on Linux): RSS cannot be read there.
linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="RSS is read from /proc (Linux)"
)


def one_mib_page() -> Rendered:
    return Rendered(1.0, QImage(512, 512, QImage.Format.Format_RGB32))  # 512*512*4 bytes


def test_cache_drops_the_pages_farthest_from_the_view_first():
    cache = PageCache(budget=100 * MIB)
    for page in (0, 1, 2, 7, 8, 9, 10, 30):
        cache.put(page, one_mib_page(), keep=frozenset())
    cache.get(0)  # the most recently used: that alone does not keep it
    cache.budget = 4 * MIB
    cache.put(8, one_mib_page(), keep=frozenset({8}), focus=8)
    kept = [page for page in range(40) if cache.get(page) is not None]
    assert kept == [7, 8, 9, 10]
    assert cache.used == 4 * MIB


def test_cache_keeps_the_visible_pages_over_the_budget():
    cache = PageCache(budget=1 * MIB)
    for page in (3, 4, 5):
        cache.put(page, one_mib_page(), keep=frozenset({3, 4, 5}), focus=4)
    assert [cache.get(page) is not None for page in (3, 4, 5)] == [True, True, True]
    cache.trim(frozenset({4}), focus=4)
    assert [cache.get(page) is not None for page in (3, 4, 5)] == [False, True, False]


@linux_only
def test_budget_is_what_is_left_under_the_total_with_a_floor():
    own = resident_bytes()
    assert own is not None and own > 10 * MIB
    roomy = MemoryTarget(total=own + 80 * MIB, floor=8 * MIB)
    assert 60 * MIB < roomy.budget(cache_used=0, render_pid=None) < 100 * MIB
    # The cache's own bytes are not counted against it: they are what it may hold.
    assert roomy.budget(cache_used=20 * MIB, render_pid=None) > 75 * MIB
    cramped = MemoryTarget(total=own // 2, floor=8 * MIB)
    assert cramped.budget(cache_used=0, render_pid=None) == 8 * MIB


@linux_only
def test_budget_counts_the_render_process():
    helper = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; data = bytearray(60_000_000); time.sleep(30)"]
    )
    try:
        time.sleep(1.0)  # the child has allocated and touched its 60 MB
        helper_bytes = resident_bytes(helper.pid)
        assert helper_bytes is not None and helper_bytes > 60 * MIB
        target = MemoryTarget(total=(resident_bytes() or 0) + 200 * MIB, floor=8 * MIB)
        alone = target.budget(cache_used=0, render_pid=None)
        with_helper = target.budget(cache_used=0, render_pid=helper.pid)
        assert alone - with_helper == pytest.approx(helper_bytes, abs=8 * MIB)
    finally:
        helper.kill()
        helper.wait()
    assert resident_bytes(helper.pid) is None  # gone: unknown, not an error
