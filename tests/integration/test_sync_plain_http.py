"""A password or token never goes over plain http to another machine unless allowed.

The feed server is the real loopback `FeedServer`. Loopback itself is allowed,
so the refusal is tested with a host name that is not loopback
(``feed.kkr-midtjylland.example``: the .example domain never resolves): the
member's ``http_proxy`` points at the loopback server, so a request that the
client did send would arrive there, with its headers, and be counted. The
allowed case through the same proxy shows the route works: zero hits in the
refused case mean nothing was sent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.sources import SourceStore, sync_source_for
from companion.core.sources.feed.client import (
    Credentials,
    InsecureHttpRefused,
    RetryPolicy,
    SyncError,
    SyncSource,
    sync,
)

from .conftest import FeedServer

FAST = RetryPolicy(attempts=2, base_delay=0.01, timeout=5)
REMOTE = "http://feed.kkr-midtjylland.example/"
TOKEN = "tok-plain-http-very-secret"


@pytest.fixture
def via_proxy(feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> FeedServer:
    """Every plain http request goes to ``feed_server`` (as an HTTP proxy)."""
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", feed_server.url)
    return feed_server


def run_sync(source: SyncSource, data_dir: Path):  # type: ignore[no-untyped-def]
    with Library(data_dir) as library:
        return sync(source, library, retry=FAST)


def test_a_token_to_another_host_over_http_is_never_sent(
    via_proxy: FeedServer, data_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    via_proxy.authorization = f"Bearer {TOKEN}"
    with pytest.raises(InsecureHttpRefused) as refused:
        run_sync(SyncSource(REMOTE, Credentials(token=TOKEN)), data_dir)
    assert isinstance(refused.value, SyncError)
    assert str(refused.value).startswith(f"{REMOTE} is not encrypted (http)")
    assert TOKEN not in str(refused.value) + caplog.text
    assert via_proxy.hits == []  # not even a request without the header

    allowed = SyncSource(REMOTE, Credentials(token=TOKEN), allow_insecure_http=True)
    report = run_sync(allowed, data_dir)
    assert len(report.meetings) == 4
    assert via_proxy.hits and all(hit.authorized for hit in via_proxy.hits)


def test_without_a_secret_plain_http_to_another_host_syncs(
    via_proxy: FeedServer, data_dir: Path
) -> None:
    report = run_sync(SyncSource(REMOTE), data_dir)
    assert len(report.meetings) == 4
    assert via_proxy.hits and not any(hit.authorized for hit in via_proxy.hits)


def test_a_source_saved_before_the_check_is_refused_at_sync(
    via_proxy: FeedServer, tmp_path: Path, data_dir: Path
) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "sources.json").write_text(
        '{"formatVersion": 1, "sources": [{"id": "kkr", "name": "KKR", '
        f'"location": "{REMOTE}", "auth": "basic", "username": "mette"}}]}}',
        encoding="utf-8",
    )
    [legacy] = SourceStore(config).list()
    with pytest.raises(InsecureHttpRefused):
        run_sync(sync_source_for(legacy, "pw-very-secret"), data_dir)
    assert via_proxy.hits == []


def test_loopback_over_http_with_a_password_is_added_and_syncs(
    feed_server: FeedServer, tmp_path: Path, data_dir: Path
) -> None:
    feed_server.authorization = "Basic bWV0dGU6cHctbG9vcGJhY2s="  # mette:pw-loopback
    store = SourceStore(tmp_path / "config")
    source = store.add(feed_server.url, auth="basic", username="mette")
    assert source.location.startswith("http://127.0.0.1:") and not source.allow_insecure_http
    report = run_sync(sync_source_for(source, "pw-loopback"), data_dir)
    assert len(report.meetings) == 4
    assert feed_server.hits and all(hit.authorized for hit in feed_server.hits)
