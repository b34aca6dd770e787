"""Where a password or token may go unencrypted: only to this machine itself.

Plain http:// sends the Authorization header as readable text to every network
between the member and the server (a hotel's wifi, a train's). Loopback
(``localhost``, 127.0.0.0/8, ::1) never leaves the machine, so a test or
local server there is fine. Used by the sources (refused when added) and by the
sync client (never sent); kept apart from both so the command line can check a
source without loading the network code.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback_host(host: str | None) -> bool:
    """True for this machine itself: ``localhost``, 127.0.0.0/8 or ::1."""
    if not host:
        return False
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost":  # not "*.localhost": a resolver may send those anywhere
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def sends_secret_in_clear(url: str) -> bool:
    """True for a plain http:// URL whose host is another machine (not loopback)."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname)
