"""What the operating system says about the network, for the automatic sync.

Qt's `QNetworkInformation` asks the OS (NetworkManager, glib, Windows, macOS).
Only a definite "disconnected" counts as offline: without a backend, or when
the OS is unsure, the sync simply tries (and says "Offline" if it must).
"""

from __future__ import annotations

import logging

from PySide6.QtNetwork import QNetworkInformation

log = logging.getLogger(__name__)


def network_information() -> QNetworkInformation | None:
    """The OS's network information (loaded once), or None when no backend reports it."""
    if QNetworkInformation.instance() is None and not QNetworkInformation.loadBackendByFeatures(
        QNetworkInformation.Feature.Reachability
    ):
        log.info("the system does not report the network state; syncs will simply try")
        return None
    return QNetworkInformation.instance()


def system_says_offline() -> bool:
    """True only when the operating system reports no network connection at all."""
    information = network_information()
    return (
        information is not None
        and information.reachability() == QNetworkInformation.Reachability.Disconnected
    )
