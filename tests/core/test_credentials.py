"""Secrets in the OS keyring, a clear message without one, and the knowing alternatives."""

from __future__ import annotations

import logging
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from companion.core import credentials
from companion.core.credentials import (
    KEYRING_SERVICE,
    CredentialError,
    KeyringUnavailable,
    delete_secret,
    forget_secret,
    keyring_available,
    load_secret,
    read_secret,
    save_secret,
    store_secret,
)

SECRET = "hemmelig-token-4711"
B = TypeVar("B", bound=KeyringBackend)


class MemoryKeyring(KeyringBackend):
    """A real keyring backend that keeps secrets in a dict.

    The OS keyrings (Secret Service, KWallet, Keychain) cannot run on this CI machine
    (no session bus, no daemon): this backend is the edge we stand in for; everything
    above it - the keyring package's API and our code - is the real thing.
    """

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("no such password")


class LockedKeyring(MemoryKeyring):
    """A keyring the member has not unlocked."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


@contextmanager
def keyring_backend(backend: B) -> Iterator[B]:
    """Use ``backend`` as the keyring inside the block; the previous one afterwards."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    with keyring_backend(MemoryKeyring()) as backend:
        yield backend


@pytest.fixture
def no_keyring() -> Iterator[None]:
    with keyring_backend(fail.Keyring()):
        yield


def test_a_secret_goes_to_the_keyring_under_the_source_id(memory_keyring: MemoryKeyring) -> None:
    assert keyring_available()
    assert load_secret("kkr") is None
    store_secret("kkr", SECRET)
    assert memory_keyring.entries == {(KEYRING_SERVICE, "kkr"): SECRET}
    assert load_secret("kkr") == SECRET
    store_secret("kkr", "new")
    assert load_secret("kkr") == "new"
    delete_secret("kkr")
    assert load_secret("kkr") is None
    delete_secret("kkr")  # deleting what is not there is fine


def test_no_keyring_gives_a_message_that_says_what_to_do(no_keyring: None) -> None:
    assert not keyring_available()
    for call in (lambda: store_secret("kkr", SECRET), lambda: load_secret("kkr")):
        with pytest.raises(KeyringUnavailable) as raised:
            call()
        message = str(raised.value)
        assert "No usable keyring" in message
        assert "--ask" in message and "--insecure-file" in message
        assert SECRET not in message


def test_the_keyring_packages_own_no_keyring_error_is_translated(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("No recommended backend was available.")

    monkeypatch.setattr(memory_keyring, "set_password", refuse)
    with pytest.raises(KeyringUnavailable, match="No recommended backend"):
        store_secret("kkr", SECRET)


def test_a_locked_keyring_asks_to_unlock_it() -> None:
    with (
        keyring_backend(LockedKeyring()),
        pytest.raises(CredentialError, match="locked.*Unlock it"),
    ):
        load_secret("kkr")


def test_the_insecure_file_is_private_and_works_without_a_keyring(
    tmp_path: Path, no_keyring: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="companion.core.credentials")
    save_secret("file", tmp_path, "kkr", SECRET)
    path = tmp_path / "secrets" / "kkr"
    assert path.read_text(encoding="utf-8") == SECRET
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "NOT encrypted" in caplog.text and SECRET not in caplog.text
    assert read_secret("file", tmp_path, "kkr") == SECRET
    forget_secret("file", tmp_path, "kkr")
    assert not path.exists()
    assert read_secret("file", tmp_path, "kkr") is None


def test_ask_keeps_nothing(tmp_path: Path, no_keyring: None) -> None:
    save_secret("ask", tmp_path, "kkr", SECRET)
    assert read_secret("ask", tmp_path, "kkr") is None
    assert list(tmp_path.iterdir()) == []


def test_the_storages_dispatch_to_the_keyring(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    save_secret("keyring", tmp_path, "kkr", SECRET)
    assert read_secret("keyring", tmp_path, "kkr") == SECRET
    assert list(tmp_path.iterdir()) == []  # nothing on disk
    forget_secret("keyring", tmp_path, "kkr")
    assert memory_keyring.entries == {}


def test_a_source_id_cannot_escape_the_secrets_folder(tmp_path: Path) -> None:
    with pytest.raises(CredentialError, match="not a valid source id"):
        credentials.store_file_secret(tmp_path, "../evil", SECRET)
