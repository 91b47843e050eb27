"""The settings of the test run: athar's own, with a private temporary data directory.

pytest-django imports the settings before any conftest.py runs, and athar.web.settings reads
ATHAR_DATA_DIR when it is imported (the secret key, the generated encryption key, the SQLite file,
uploads and kept linkage runs all go there). Without this module the suite would use the tester's
own registry (~/.local/share/athar) and leave files in it. The directory goes when the run ends.
The one other change: browser tests' requests take turns (tests/serial_requests.py).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

if "ATHAR_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="athar-tests-")
    atexit.register(shutil.rmtree, _data_dir, True)
    os.environ["ATHAR_DATA_DIR"] = _data_dir

from athar.web.settings import *  # noqa: E402,F403  (athar's settings; below, what the tests change)

# Requests to the live server take turns: see tests/serial_requests.py.
MIDDLEWARE = ["tests.serial_requests.SerialRequestsMiddleware", *MIDDLEWARE]  # noqa: F405
