"""SHA-256 through Qt's own hashing, for what the start names before its first paint.

Python's hashlib loads OpenSSL's libcrypto on import (3-5 ms of a cold start);
QtCore is loaded already. The digests are the same as hashlib's.
"""

from __future__ import annotations

from PySide6.QtCore import QCryptographicHash


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as lowercase hex, as ``hashlib.sha256(data).hexdigest()``."""
    digest = QCryptographicHash.hash(data, QCryptographicHash.Algorithm.Sha256)
    return bytes(digest.toHex().data()).decode("ascii")
