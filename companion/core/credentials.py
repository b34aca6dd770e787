"""Secrets of sources (passwords, tokens): in the OS keyring, never in a settings file.

The keyring (service ``kkr-companion``, one entry per source id) is the default. A
machine without a usable keyring backend gets `KeyringUnavailable`, whose message says
what to do; the member may then choose, knowingly, one of two alternatives:

- ``file``: the secret in ``<config dir>/secrets/<source id>``, mode 0600, NOT encrypted;
- ``ask``: nothing stored, the secret is asked for at every sync.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal, TypeVar, get_args

import keyring
import keyring.errors
from keyring.backends import fail

from companion.core.durable import durable_write, make_dirs

log = logging.getLogger(__name__)

KEYRING_SERVICE = "kkr-companion"
SECRETS_DIR_NAME = "secrets"
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700

T = TypeVar("T")
SecretStorage = Literal["keyring", "file", "ask"]
SECRET_STORAGES: tuple[str, ...] = get_args(SecretStorage)

_SAFE_SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

INSECURE_FILE_WARNING = (
    "The secret is kept in {path}, readable only by you but NOT encrypted: anyone "
    "with access to your user account or a backup of it can read it."
)


class CredentialError(Exception):
    """A secret cannot be stored or read; the message says what to do."""


class KeyringUnavailable(CredentialError):
    """This machine has no usable OS keyring."""

    def __init__(self, detail: str = "") -> None:
        reason = f" ({detail})" if detail else ""
        super().__init__(
            f"No usable keyring was found on this machine{reason}, so the secret cannot be "
            "stored safely. Install or unlock a keyring (GNOME Keyring, KWallet, macOS "
            "Keychain, Windows Credential Manager) and try again, or choose knowingly: "
            "--ask (the secret is asked for at every sync) or --insecure-file (the secret "
            "is kept unencrypted in a file only you can read)."
        )


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable and writable by the owner only.

    The bytes go to a temporary file in the same folder (created with mode 0600, so
    they are never readable by others), are flushed to disk, then renamed over ``path``
    and the folder is fsynced (`companion.core.durable.durable_write`).
    """
    make_dirs(path.parent)
    durable_write(path, data, mode=PRIVATE_FILE_MODE)


def _check_source_id(source_id: str) -> None:
    if not _SAFE_SOURCE_ID.match(source_id):
        raise CredentialError(f"{source_id!r} is not a valid source id")


# -- the OS keyring


def keyring_available() -> bool:
    """True when the active keyring backend can store secrets."""
    backend = keyring.get_keyring()
    return not isinstance(backend, fail.Keyring) and backend.priority > 0


def _keyring_call(verb: str, source_id: str, call: Callable[[], T]) -> T:
    """Run ``call()`` and turn keyring's exceptions into sentences that say what to do."""
    _check_source_id(source_id)
    if not keyring_available():
        raise KeyringUnavailable(f"backend {type(keyring.get_keyring()).__name__}")
    try:
        return call()
    except keyring.errors.NoKeyringError as error:
        raise KeyringUnavailable(str(error)) from error
    except keyring.errors.KeyringLocked as error:
        raise CredentialError(
            f"The keyring is locked, so the companion cannot {verb} the secret of source "
            f"{source_id!r}. Unlock it and try again."
        ) from error
    except keyring.errors.KeyringError as error:
        raise CredentialError(
            f"The keyring refused to {verb} the secret of source {source_id!r} "
            f"({type(error).__name__})."
        ) from error


def store_secret(source_id: str, secret: str) -> None:
    """Store ``secret`` for ``source_id`` in the OS keyring (replacing any earlier one).

    Raises:
        KeyringUnavailable: there is no usable keyring.
        CredentialError: the keyring refused (locked, denied).
    """
    _keyring_call(
        "store", source_id, lambda: keyring.set_password(KEYRING_SERVICE, source_id, secret)
    )
    log.info("Stored the secret of source %s in the keyring", source_id)


def load_secret(source_id: str) -> str | None:
    """The secret of ``source_id`` from the OS keyring, or None when there is none."""
    return _keyring_call(
        "read", source_id, lambda: keyring.get_password(KEYRING_SERVICE, source_id)
    )


def delete_secret(source_id: str) -> None:
    """Remove the secret of ``source_id`` from the OS keyring; no secret is fine."""

    def delete() -> None:
        try:
            keyring.delete_password(KEYRING_SERVICE, source_id)
        except keyring.errors.PasswordDeleteError:
            log.debug("No secret of source %s in the keyring", source_id)

    _keyring_call("delete", source_id, delete)


# -- the insecure file, chosen knowingly


def secret_file(config_dir: Path, source_id: str) -> Path:
    """Where the ``file`` storage keeps the secret of ``source_id``."""
    _check_source_id(source_id)
    return config_dir / SECRETS_DIR_NAME / source_id


def store_file_secret(config_dir: Path, source_id: str, secret: str) -> Path:
    """Keep ``secret`` UNENCRYPTED in a file only the owner can read; returns its path."""
    path = secret_file(config_dir, source_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, PRIVATE_DIR_MODE)
    write_private_file(path, secret.encode("utf-8"))
    log.info(INSECURE_FILE_WARNING.format(path=path))
    return path


def load_file_secret(config_dir: Path, source_id: str) -> str | None:
    """The secret kept by `store_file_secret`, or None when there is none."""
    path = secret_file(config_dir, source_id)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise CredentialError(f"The secret file {path} cannot be read: {error}") from error


def delete_file_secret(config_dir: Path, source_id: str) -> None:
    """Remove the secret file of ``source_id``; no file is fine."""
    secret_file(config_dir, source_id).unlink(missing_ok=True)


# -- one entry point per operation, whatever the storage


def save_secret(storage: SecretStorage, config_dir: Path, source_id: str, secret: str) -> None:
    """Keep ``secret`` where ``storage`` says (``ask`` keeps nothing)."""
    if storage == "keyring":
        store_secret(source_id, secret)
    elif storage == "file":
        store_file_secret(config_dir, source_id, secret)


def read_secret(storage: SecretStorage, config_dir: Path, source_id: str) -> str | None:
    """The kept secret of ``source_id``, or None (always None for ``ask``)."""
    if storage == "keyring":
        return load_secret(source_id)
    if storage == "file":
        return load_file_secret(config_dir, source_id)
    return None


def forget_secret(storage: SecretStorage, config_dir: Path, source_id: str) -> None:
    """Remove the kept secret of ``source_id``, wherever ``storage`` kept it."""
    if storage == "keyring":
        delete_secret(source_id)
    elif storage == "file":
        delete_file_secret(config_dir, source_id)
