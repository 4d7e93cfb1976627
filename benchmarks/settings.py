"""The production settings, as a server started without DEBUG reads them, plus the benchmarks'
URLconf with its bare view. Only ``make bench`` (benchmarks/run.py) and its test use them."""

import os

# Set before the project's settings read the environment: production, not development.
os.environ["DEBUG"] = "false"
os.environ.setdefault(
    "SECRET_KEY", "benchmark-only-key-never-used-for-a-real-site-7f3c9a1e5b2d8046"
)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
# Mail is queued in the database and never sent (no task worker runs); a real backend keeps
# the production system check quiet.
os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:2525")

from volunteer_portal.settings import *  # noqa: E402, F403

ROOT_URLCONF = "benchmarks.urls"
