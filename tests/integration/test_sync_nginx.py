"""Sync from a real nginx serving a published feed, with basic auth and ETags.

nginx is installed by `make test` (apt-get); a missing nginx fails this test
rather than skipping it, so CI can never pass without exercising it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from companion.core.library import Library
from companion.core.samples import sample_packages
from companion.core.sources.feed.client import (
    AuthenticationRequired,
    Credentials,
    SyncSource,
    sync,
)
from companion.core.sources.feed.publish import publish
from tests.integration.nginx import Nginx, running_nginx

USER = "member"
PASSWORD = "nginx-test-secret-7c1f"


@pytest.fixture
def nginx_feed(tmp_path: Path) -> Iterator[Nginx]:
    feed = tmp_path / "feed"
    publish(sample_packages(), feed)
    with running_nginx(feed, tmp_path / "nginx", users={USER: PASSWORD}) as server:
        yield server


def test_sync_from_nginx_with_basic_auth_then_a_304(nginx_feed: Nginx, tmp_path: Path) -> None:
    source = SyncSource(nginx_feed.url, credentials=Credentials(username=USER, password=PASSWORD))
    with Library(tmp_path / "data") as library:
        first = sync(source, library)
        assert {outcome.status for outcome in first.meetings} == {"added"}
        assert len(library.meetings()) == len(sample_packages())
        logged_before = len(nginx_feed.lines_after(0))

        again = sync(source, library)
        assert again.not_modified
        assert again.requests == 1
        new_lines = nginx_feed.lines_after(logged_before)
        assert (
            len(new_lines) == 1 and '"GET /index.json' in new_lines[0] and " 304 " in new_lines[0]
        )


def test_wrong_password_asks_for_credentials_again(nginx_feed: Nginx, tmp_path: Path) -> None:
    source = SyncSource(nginx_feed.url, credentials=Credentials(username=USER, password="wrong"))
    with Library(tmp_path / "data") as library:
        with pytest.raises(AuthenticationRequired) as raised:
            sync(source, library)
        assert nginx_feed.url in str(raised.value)
        assert "wrong" not in str(raised.value)
        assert library.meetings() == []
