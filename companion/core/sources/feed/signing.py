"""Ed25519 signatures for feed manifests.

The publisher keeps a private key file (PEM, PKCS8, readable by its owner only)
and signs each manifest's exact bytes; the signature is stored next to the
manifest as base64 text. A member's source holds the public key: the raw 32
bytes in base64 (44 characters), short enough to paste into a settings field.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

logger = logging.getLogger(__name__)

PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
PRIVATE_KEY_MODE = 0o600
MAX_KEY_FILE_SIZE = 64 * 1024


class SignatureError(ValueError):
    """A signature or public key that does not check out; the message says why."""


class SigningKeyError(ValueError):
    """A private key file that cannot be used; the message names the file."""


def generate_key(private_path: Path) -> str:
    """Create a new Ed25519 key at ``private_path`` (PEM, mode 0600).

    Returns:
        The public key text to give to the members' sources.

    Raises:
        FileExistsError: a file is already there; a key is never replaced silently.
    """
    private_path = Path(private_path)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(private_path, flags, PRIVATE_KEY_MODE)
    except FileExistsError:
        raise FileExistsError(
            f"{private_path} already exists; not replacing a key (choose another path)"
        ) from None
    with os.fdopen(handle, "wb") as out:
        out.write(pem)
    os.chmod(private_path, PRIVATE_KEY_MODE)  # in case the umask or platform widened it
    logger.info("generated signing key %s", private_path)
    return _public_text(key.public_key())


def public_key_text(private_path: Path) -> str:
    """The public key text (base64 of the raw 32 bytes) of the key at ``private_path``."""
    return _public_text(_load_private_key(Path(private_path)).public_key())


def sign(data: bytes, private_path: Path) -> bytes:
    """The Ed25519 signature of ``data`` as base64 text (ASCII bytes, no newline)."""
    signature = _load_private_key(Path(private_path)).sign(data)
    return base64.b64encode(signature)


def verify(data: bytes, signature: bytes, public_key_text: str) -> None:
    """Check that ``signature`` (base64 text) signs ``data`` under ``public_key_text``.

    Raises:
        SignatureError: the key or signature is malformed, or the signature does not match.
    """
    public_key = parse_public_key(public_key_text)
    raw = _decode_base64(signature.strip(), "the signature")
    if len(raw) != SIGNATURE_SIZE:
        raise SignatureError(
            f"the signature must be {SIGNATURE_SIZE} bytes, but it is {len(raw)} bytes"
        )
    try:
        public_key.verify(raw, data)
    except InvalidSignature:
        raise SignatureError("the manifest's signature does not match the source's key") from None


def parse_public_key(text: str) -> Ed25519PublicKey:
    """The public key of ``text`` (base64 of 32 raw bytes); raises `SignatureError`."""
    raw = _decode_base64(text.strip().encode("ascii", "replace"), "the public key")
    if len(raw) != PUBLIC_KEY_SIZE:
        raise SignatureError(
            f"the public key must be {PUBLIC_KEY_SIZE} bytes in base64 (44 characters), "
            f"but it is {len(raw)} bytes; copy it again from the publisher"
        )
    return Ed25519PublicKey.from_public_bytes(raw)


def _public_text(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def _decode_base64(text: bytes, what: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"{what} is not valid base64 text") from None


def _load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        if path.stat().st_size > MAX_KEY_FILE_SIZE:
            raise SigningKeyError(f"{path}: too large to be a private key file")
        pem = path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyError(f"{path}: no such key file (create one with keygen)") from None
    except OSError as error:
        raise SigningKeyError(f"{path}: cannot be read ({error.strerror})") from None
    _warn_if_readable_by_others(path)
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as error:
        message = f"{path}: not an unencrypted PEM private key ({error})"
        raise SigningKeyError(message) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path}: the key is not an Ed25519 key")
    return key


def _warn_if_readable_by_others(path: Path) -> None:
    mode = stat.S_IMODE(path.stat().st_mode)
    if os.name == "posix" and mode & 0o077:
        logger.warning("%s: private key is readable by others (mode %o); chmod 600 it", path, mode)
