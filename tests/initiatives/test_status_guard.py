"""Statuses change only in initiatives/services.py, so every change is checked and recorded."""

import re
from pathlib import Path

from django.conf import settings

ASSIGNMENT = re.compile(r"\.status\s*=(?!=)")


def test_status_is_assigned_only_in_services():
    base = Path(settings.BASE_DIR)
    offenders = [
        str(path.relative_to(base))
        for folder in ("initiatives", "volunteer_portal", "organisations", "partnerships")
        for path in (base / folder).rglob("*.py")
        if "migrations" not in path.parts
        and path != base / "initiatives" / "services.py"
        and ASSIGNMENT.search(path.read_text())
    ]
    assert offenders == []


def test_guard_catches_an_assignment():
    assert ASSIGNMENT.search("initiative.status = 'completed'")
    assert not ASSIGNMENT.search("if initiative.status == 'completed':")
