"""Where the companion keeps its files: platformdirs, overridable for tests."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "kkr-companion"
DATA_DIR_ENV = "COMPANION_DATA_DIR"
CONFIG_DIR_ENV = "COMPANION_CONFIG_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The library's folder: ``override``, else $COMPANION_DATA_DIR, else platformdirs."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Settings and window state: ``override``, else $COMPANION_CONFIG_DIR, else platformdirs."""
    chosen = override or os.environ.get(CONFIG_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
