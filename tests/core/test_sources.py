"""Sources in sources.json: typed, checked, written atomically, never holding a secret."""

from __future__ import annotations

import base64
import io
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from companion.core.plain_http import is_loopback_host
from companion.core.samples import sample_packages
from companion.core.sources import (
    InsecureHttpSource,
    Source,
    SourceError,
    SourceStore,
    sync_source_for,
)

PUBLIC_KEY = base64.b64encode(bytes(range(32))).decode()


def test_add_list_get_and_remove_round_trip(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    assert store.list() == []
    kkr = store.add(
        "https://feed.example.dk/kkr/",
        name="KKR Midtjylland",
        auth="basic",
        username="borgmester",
        public_key=PUBLIC_KEY,
    )
    sample = store.add(str(sample_packages()[0]))
    assert kkr.id == "kkr-midtjylland" and kkr.username == "borgmester" and kkr.is_remote
    assert sample.id == sample_packages()[0].name.replace(".", "-")
    assert not sample.is_remote and Path(sample.location).is_absolute()

    reopened = SourceStore(tmp_path)
    assert [s.id for s in reopened.list()] == [kkr.id, sample.id]
    assert reopened.get(kkr.id) == kkr
    assert reopened.get(kkr.id).public_key == PUBLIC_KEY

    removed = reopened.remove(kkr.id)
    assert removed == kkr
    assert [s.id for s in SourceStore(tmp_path).list()] == [sample.id]
    with pytest.raises(SourceError, match="no source 'kkr-midtjylland'"):
        reopened.get(kkr.id)


def test_ids_stay_unique_and_the_name_defaults_to_the_host(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    first = store.add("https://feed.example.dk/a/")
    second = store.add("https://feed.example.dk/b/")
    assert first.name == "feed.example.dk"
    assert (first.id, second.id) == ("feed-example-dk", "feed-example-dk-2")


def test_the_file_is_private_and_holds_no_unknown_field(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    store.add("https://feed.example.dk/", auth="token")
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    document = json.loads(store.path.read_text(encoding="utf-8"))
    assert document["formatVersion"] == 1
    assert set(document["sources"][0]) == set(Source.__dataclass_fields__)
    # no temp file left; the lock file stays (it locks nothing when no one holds it)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources.json", "sources.json.lock"]


def test_update_last_sync_keeps_the_other_sources(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    one = store.add("https://one.example.dk/")
    two = store.add("https://two.example.dk/")
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    updated = store.update_last_sync(two.id, "ok", when)
    assert updated.last_sync == when and updated.last_sync_result == "ok"
    assert SourceStore(tmp_path).list() == [one, updated]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"location": "https://user:pw@feed.example.dk/"}, "must not hold a user name"),
        ({"location": "ftp://feed.example.dk/"}, "only http, https or a local path"),
        ({"location": "https:///nohost"}, "has no host"),
        ({"location": "https://x.dk/", "auth": "basic"}, "user name is needed"),
        ({"location": "https://x.dk/", "public_key": "bm90IGEga2V5"}, "must be 32 bytes"),
        ({"location": "https://x.dk/", "public_key": "***"}, "not valid base64"),
    ],
)
def test_add_refuses_a_source_that_cannot_work(
    tmp_path: Path, kwargs: dict[str, str], message: str
) -> None:
    store = SourceStore(tmp_path)
    with pytest.raises(SourceError, match=message):
        store.add(**kwargs)  # type: ignore[arg-type]
    assert not store.path.exists()


def test_a_missing_local_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="nowhere.zip: no such folder or file"):
        SourceStore(tmp_path).add(str(tmp_path / "nowhere.zip"))


def test_a_local_source_takes_no_secret(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="needs no user name"):
        SourceStore(tmp_path).add(str(tmp_path), auth="token")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is damaged \\(not valid JSON"),
        ('{"sources": 3}', "is damaged: expected an object"),
        ('{"formatVersion": 9, "sources": []}', "format version 9"),
        (
            '{"formatVersion": 1, "sources": [{"id": "a", "name": "A", '
            '"location": "https://a.dk/", "password": "x"}]}',
            "sources\\[0\\]: unknown fields password",
        ),
        (
            '{"formatVersion": 1, "sources": [{"id": "a", "name": "A", '
            '"location": "https://a.dk/", "auth": "magic"}]}',
            "auth must be one of",
        ),
    ],
)
def test_a_damaged_file_is_named_and_left_as_it_is(
    tmp_path: Path, content: str, message: str
) -> None:
    store = SourceStore(tmp_path)
    store.path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=message) as raised:
        store.list()
    assert str(store.path) in str(raised.value)
    with pytest.raises(SourceError):
        store.add("https://new.example.dk/")
    assert store.path.read_text(encoding="utf-8") == content  # nothing good is lost


def test_the_sync_source_carries_the_secret_the_way_the_auth_says(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    basic = store.add("https://a.example.dk/", auth="basic", username="mette")
    token = store.add("https://b.example.dk/", auth="token", public_key=PUBLIC_KEY)
    public = store.add("https://c.example.dk/", verify_tls=False)

    basic_source = sync_source_for(basic, "pw")
    assert basic_source.credentials is not None
    assert (
        basic_source.credentials.authorization()
        == "Basic " + base64.b64encode(b"mette:pw").decode()
    )
    token_source = sync_source_for(token, "tok")
    assert token_source.credentials is not None
    assert token_source.credentials.authorization() == "Bearer tok"
    assert token_source.public_key == PUBLIC_KEY and token_source.url == token.location
    public_source = sync_source_for(public, None)
    assert public_source.credentials is None and public_source.verify_tls is False


def test_a_failed_change_releases_the_lock_and_writes_nothing(tmp_path: Path) -> None:
    store = SourceStore(tmp_path, lock_timeout=0.2)
    kept = store.add("https://kept.example.dk/")
    before = store.path.read_bytes()
    with pytest.raises(SourceError, match="no source 'gone'"):
        store.remove("gone")
    with pytest.raises(SourceError, match="no source 'gone'"):
        store.update_last_sync("gone", "ok")
    assert store.path.read_bytes() == before
    updated = store.update_last_sync(kept.id, "ok")  # would time out if still locked
    assert store.list() == [updated]


# -- a password or token over plain http ---------------------------------------------------


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("128.0.0.1", False),
        ("10.0.0.1", False),
        ("feed.kkr.dk", False),
        ("localhost.kkr.dk", False),
        ("evil.localhost", False),
        ("", False),
        (None, False),
    ],
)
def test_only_this_machine_counts_as_loopback(host: str | None, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize("auth", ["basic", "token"])
def test_a_secret_over_plain_http_to_another_host_is_refused(tmp_path: Path, auth: str) -> None:
    store = SourceStore(tmp_path)
    username = "mette" if auth == "basic" else None
    with pytest.raises(InsecureHttpSource, match="http://feed.kkr.dk/ is not encrypted") as error:
        store.add("http://feed.kkr.dk/", auth=auth, username=username)  # type: ignore[arg-type]
    assert isinstance(error.value, SourceError)
    assert "--allow-insecure-http" in str(error.value)
    assert not store.path.exists()

    insisted = store.add(
        "http://feed.kkr.dk/",
        auth=auth,  # type: ignore[arg-type]
        username=username,
        allow_insecure_http=True,
    )
    assert insisted.allow_insecure_http and insisted.secret_in_clear
    reread = SourceStore(tmp_path).get(insisted.id)
    assert reread.allow_insecure_http
    assert sync_source_for(reread, "pw").allow_insecure_http


def test_loopback_https_and_no_secret_need_no_permission(tmp_path: Path) -> None:
    store = SourceStore(tmp_path)
    local = store.add("http://127.0.0.1:8080/feed/", auth="token")
    named = store.add("http://localhost:8080/", auth="basic", username="mette")
    ipv6 = store.add("http://[::1]:8080/", auth="token")
    public = store.add("http://feed.kkr.dk/", allow_insecure_http=True)
    encrypted = store.add("https://feed.kkr.dk/", auth="token", allow_insecure_http=True)
    for source in (local, named, ipv6, public, encrypted):
        assert not source.secret_in_clear
        # Recorded only where it means something: a secret that would go in clear.
        assert not source.allow_insecure_http
        assert not sync_source_for(source, "pw").allow_insecure_http


def test_a_source_saved_before_the_check_still_loads(tmp_path: Path) -> None:
    """sources.json of an older version: http with a token, no allow_insecure_http field."""
    (tmp_path / "sources.json").write_text(
        '{"formatVersion": 1, "sources": [{"id": "kkr", "name": "KKR", '
        '"location": "http://feed.kkr.dk/", "auth": "token"}]}',
        encoding="utf-8",
    )
    [legacy] = SourceStore(tmp_path).list()
    assert legacy.secret_in_clear and not legacy.allow_insecure_http
    # The sync client refuses to send it (tests/integration/test_sync_plain_http.py).
    assert not sync_source_for(legacy, "tok").allow_insecure_http


def test_the_command_line_refuses_a_token_over_plain_http(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from companion.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("tok-secret\n"))
    code = main(
        [
            "--config-dir",
            str(tmp_path),
            "source",
            "add",
            "http://feed.kkr.dk/",
            "--token",
            "--secret-stdin",
            "--insecure-file",
        ]
    )
    assert code == 2
    assert "http://feed.kkr.dk/ is not encrypted" in capsys.readouterr().err
    assert not (tmp_path / "sources.json").exists()


def test_the_command_line_adds_it_when_the_member_insists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from companion.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("tok-secret\n"))
    arguments = ["--config-dir", str(tmp_path), "source", "add", "http://feed.kkr.dk/"]
    options = ["--token", "--secret-stdin", "--insecure-file", "--allow-insecure-http"]
    assert main([*arguments, *options]) == 0
    assert "UNENCRYPTED (plain http)" in capsys.readouterr().err
    (added,) = SourceStore(tmp_path).list()
    assert added.allow_insecure_http
    assert main(["--config-dir", str(tmp_path), "source", "list"]) == 0
    assert "unencrypted http allowed" in capsys.readouterr().out
