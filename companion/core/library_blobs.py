"""The library's files: blobs named by their sha256, verified before they are used."""

from __future__ import annotations

import logging
import re
from pathlib import Path

from companion.core.errors import Cause
from companion.core.library_errors import _NOT_A_CHECKSUM, LibraryError
from companion.core.library_open import LibraryBase

log = logging.getLogger(__name__)

#: Temporary names of blobs being copied in.
TEMP_PREFIX = ".incoming-"


class LibraryBlobs(LibraryBase):
    """The blobs of the library: where a checksum's file is, and whether it is sound."""

    def _blob_file(self, sha256: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise LibraryError(_NOT_A_CHECKSUM, Cause.INVALID, value=repr(sha256))
        return self.blobs_dir / sha256[:2] / sha256

    def blob_path(self, sha256: str) -> Path | None:
        """The file with checksum ``sha256``, or None if the library lacks it.

        A file whose bytes do not hash to ``sha256`` counts as missing: it is deleted
        (unless the library is read-only), so the next sync or import fetches it again.
        """
        path = self._blob_file(sha256)
        if not path.is_file():
            return None
        if self.blob_checks.matches(path, sha256):
            return path
        log.warning("Blob %s is damaged; it will be fetched again", sha256)
        if not self.read_only:
            path.unlink(missing_ok=True)
            self.blob_checks.forget(sha256)
        return None

    def has_blob(self, sha256: str) -> bool:
        """True when the library holds the file with checksum ``sha256``."""
        return self.blob_path(sha256) is not None

    def _remove_orphans(self, shas: list[str]) -> None:
        """Delete the blobs of ``shas`` that no stored version references (failed import, removal).

        Under the write lock, so a concurrent import (which copies its blobs again under
        that lock) never loses a blob it is about to reference.
        """
        if not shas:
            return
        try:
            with self._write_transaction():
                for sha in shas:
                    if not self.db.execute(
                        "SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", [sha]
                    ).fetchone():
                        self._blob_file(sha).unlink(missing_ok=True)
        except (LibraryError, OSError) as error:  # keep the first failure's sentence
            log.warning("Could not remove the files of a failed import: %s", error)
