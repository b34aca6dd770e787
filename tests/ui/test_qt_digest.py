"""Qt's SHA-256 gives the digests hashlib gives (the start's names depend on it)."""

from __future__ import annotations

import hashlib

import pytest

from companion.ui.qt_digest import sha256_hex


@pytest.mark.parametrize("data", [b"", b"abc", "Økonomiudvalget".encode(), bytes(range(256)) * 97])
def test_sha256_hex_is_hashlibs_digest(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()
