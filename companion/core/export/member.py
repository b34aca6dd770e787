"""The member's name, as author of the exports and of the annotations in annotated copies.

The window asks for it once and keeps it (a setting); until then, and on the
command line, the name is the system account's full name, or its login.
"""

from __future__ import annotations

import getpass
import logging
import os

log = logging.getLogger(__name__)


def account_full_name() -> str:
    """The full name of the system account ("" when the system does not say)."""
    if os.name == "nt":
        return _windows_display_name()
    try:
        import pwd

        gecos = pwd.getpwuid(os.getuid()).pw_gecos
    except (ImportError, KeyError, OSError):
        return ""
    return gecos.split(",")[0].strip()


def _windows_display_name() -> str:
    """The account's display name on Windows (GetUserNameExW, NameDisplay)."""
    try:
        import ctypes

        size = ctypes.c_ulong(0)
        secur32 = ctypes.windll.secur32  # type: ignore[attr-defined,unused-ignore]
        name_display = 3
        secur32.GetUserNameExW(name_display, None, ctypes.byref(size))
        buffer = ctypes.create_unicode_buffer(size.value)
        if secur32.GetUserNameExW(name_display, buffer, ctypes.byref(size)):
            return str(buffer.value).strip()
    except (AttributeError, OSError) as error:
        log.debug("no display name from Windows: %s", error)
    return ""


def login_name() -> str:
    """The system account's login ("" when it cannot be found)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def member_name(preferred: str = "") -> str:
    """``preferred`` (the member's own setting), else the account's full name, else the login."""
    return " ".join(preferred.split()) or account_full_name() or login_name()
