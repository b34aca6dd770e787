"""Every way a meeting arrives: the member's sources and the sources themselves.

`registry` keeps the member's list of sources (``sources.json``). Its names are
re-exported here for the code that imports them from ``companion.core.sources``.
"""

from companion.core.sources.registry import (
    AUTH_KINDS,
    PUBLIC_KEY_BYTES,
    SOURCES_FILE_NAME,
    SOURCES_FORMAT_VERSION,
    SOURCES_LOCK_FILE_NAME,
    AuthKind,
    Source,
    SourceError,
    SourceStore,
    check_public_key,
    check_source,
    default_name,
    normalize_location,
    sync_source_for,
)

__all__ = [
    "AUTH_KINDS",
    "PUBLIC_KEY_BYTES",
    "SOURCES_FILE_NAME",
    "SOURCES_FORMAT_VERSION",
    "SOURCES_LOCK_FILE_NAME",
    "AuthKind",
    "Source",
    "SourceError",
    "SourceStore",
    "check_public_key",
    "check_source",
    "default_name",
    "normalize_location",
    "sync_source_for",
]
