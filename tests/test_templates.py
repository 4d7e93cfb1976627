"""No inline script or style anywhere, so that a strict Content-Security-Policy holds."""

import re
from pathlib import Path

from django.conf import settings

INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle\s*=|<style[\s>]|\son[a-z]+\s*=", re.I)


def template_files():
    base = Path(settings.BASE_DIR)
    for folder in ["templates", "volunteer_portal", "organisations", "initiatives", "partnerships"]:
        yield from (base / folder).rglob("*.html")


def test_templates_have_no_inline_script_style_or_event_handlers():
    offenders = [
        f"{path}: {match.group(0)}"
        for path in template_files()
        for match in INLINE.finditer(path.read_text())
    ]
    assert offenders == []


def test_inline_detector_catches_what_it_should():
    for bad in ["<script>alert(1)</script>", '<p style="color:red">', '<a onclick="x()">']:
        assert INLINE.search(bad)
    assert not INLINE.search('<script src="/static/js/x.js" defer></script>')


def test_pages_are_served_with_a_strict_csp(client, db):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
