from __future__ import annotations

import requests


class TimeoutSession(requests.Session):
    """A requests session that never waits forever for a server (the CAS server)."""

    timeout: float = 5.0

    def request(self, *args, **kwargs):
        kwargs.setdefault("timeout", self.timeout)
        return super().request(*args, **kwargs)
