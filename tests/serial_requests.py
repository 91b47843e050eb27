"""One request at a time in the test run's live server.

With SQLite in memory, Django's live server shares the test's one database connection with every
request thread (an in-memory database cannot be opened twice). Chromium asks for several things at
once (a chart while a CSV is downloaded), and two threads interleaving savepoints on that one
connection fail with "no such savepoint". A real deployment has a connection per thread and needs
none of this; the test settings put this middleware first, so requests take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_one_at_a_time = threading.RLock()


class SerialRequestsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with _one_at_a_time:
            return self.get_response(request)
