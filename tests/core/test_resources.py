"""The resources used are those next to the code that runs."""

from __future__ import annotations

from pathlib import Path

import companion
from companion.core.resources import resources_dir


def test_a_checkout_uses_its_own_resources() -> None:
    # An editable install maps companion.resources to the checkout it was made from;
    # code run from another checkout (a worktree on PYTHONPATH) must read its own
    # translations and samples, not that one's.
    checkout = Path(companion.__file__).resolve().parents[1]
    assert (checkout / "resources" / "translations").is_dir()
    assert resources_dir() == checkout / "resources"
