"""Ed25519 keys and manifest signatures (companion.core.sources.feed.signing)."""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from companion.core.sources.feed.signing import (
    SignatureError,
    SigningKeyError,
    generate_key,
    public_key_text,
    sign,
    verify,
)

MANIFEST = b'{"formatVersion": 1, "meeting": {"id": "kkr-midtjylland-2015-04-20"}}\n'


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "keys" / "feed.pem"
    return path, generate_key(path)


def test_generate_key_writes_a_private_pem_readable_by_the_owner_only(
    key: tuple[Path, str],
) -> None:
    path, public = key
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(base64.b64decode(public, validate=True)) == 32
    assert len(public) == 44
    assert public_key_text(path) == public


def test_generate_key_never_replaces_an_existing_key(key: tuple[Path, str]) -> None:
    path, public = key
    before = path.read_bytes()
    with pytest.raises(FileExistsError, match="not replacing a key"):
        generate_key(path)
    assert path.read_bytes() == before
    assert public_key_text(path) == public


def test_sign_and_verify_round_trip(key: tuple[Path, str]) -> None:
    path, public = key
    signature = sign(MANIFEST, path)
    assert len(base64.b64decode(signature, validate=True)) == 64
    verify(MANIFEST, signature, public)
    verify(MANIFEST, signature + b"\n", public + "\n")  # as read from files and settings


def test_a_tampered_manifest_fails(key: tuple[Path, str]) -> None:
    path, public = key
    signature = sign(MANIFEST, path)
    tampered = MANIFEST.replace(b"2015", b"2016")
    with pytest.raises(SignatureError, match="signature does not match the source's key"):
        verify(tampered, signature, public)


def test_another_key_fails(key: tuple[Path, str], tmp_path: Path) -> None:
    path, _ = key
    other_public = generate_key(tmp_path / "other.pem")
    with pytest.raises(SignatureError, match="does not match the source's key"):
        verify(MANIFEST, sign(MANIFEST, path), other_public)


@pytest.mark.parametrize(
    ("signature", "public", "message"),
    [
        (b"not base64!", None, "the signature is not valid base64"),
        (base64.b64encode(b"x" * 10), None, "the signature must be 64 bytes"),
        (None, "!!!", "the public key is not valid base64"),
        (None, base64.b64encode(b"k" * 16).decode(), "the public key must be 32 bytes"),
        (None, "blåbær", "the public key is not valid base64"),
    ],
)
def test_malformed_signature_or_key_names_the_problem(
    key: tuple[Path, str], signature: bytes | None, public: str | None, message: str
) -> None:
    path, good_public = key
    with pytest.raises(SignatureError, match=message):
        verify(MANIFEST, signature or sign(MANIFEST, path), public or good_public)


def test_a_missing_or_broken_key_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pem"
    with pytest.raises(SigningKeyError, match=r"missing\.pem: no such key file"):
        sign(MANIFEST, missing)
    broken = tmp_path / "broken.pem"
    broken.write_text("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n")
    with pytest.raises(SigningKeyError, match=r"broken\.pem: not an unencrypted PEM private key"):
        public_key_text(broken)


def test_a_key_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ec.pem"
    ec_key = ec.generate_private_key(ec.SECP256R1())
    pem = ec_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.write_bytes(pem)
    with pytest.raises(SigningKeyError, match=r"ec\.pem: the key is not an Ed25519 key"):
        sign(MANIFEST, path)
