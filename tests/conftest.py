"""Shared by every test: the members' time zone.

Meeting times are shown in the member's time zone (`companion.core.model.local_time`).
The members are Danish, so the suite runs in Europe/Copenhagen whatever the
machine's zone; child processes inherit it through the environment.
"""

from __future__ import annotations

import os
import time

os.environ["TZ"] = "Europe/Copenhagen"
if hasattr(time, "tzset"):  # POSIX; Windows reads TZ differently and has no tzset
    time.tzset()
