"""Danish is complete: no untranslated or fuzzy entry, and no string missing from the catalogue."""

import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.conftest import IN_CI

DA_PO = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"


def problems(po_path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in catalogue.untranslated_entries() if not e.obsolete]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries() if not e.obsolete]
    return untranslated, fuzzy


def test_danish_catalogue_has_no_untranslated_or_fuzzy_entry():
    untranslated, fuzzy = problems(DA_PO)
    assert untranslated == []
    assert fuzzy == []


def test_every_string_in_the_code_is_in_the_danish_catalogue(settings, monkeypatch):
    if shutil.which("xgettext") is None:
        if IN_CI:
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogue")
        pytest.skip("GNU gettext is not installed")
    base = Path(settings.BASE_DIR)
    # makemessages writes to the first locale folder that sits directly in a parent of the
    # scanned files, so the copy must sit in the project folder, or the real catalogue changes.
    locale = base / ".locale-check"
    shutil.rmtree(locale, ignore_errors=True)
    shutil.copytree(base / "locale", locale)
    settings.LOCALE_PATHS = [locale]
    monkeypatch.chdir(base)
    real_catalogue = DA_PO.read_bytes()
    try:
        call_command(
            "makemessages",
            locale=["da"],
            no_location=True,
            verbosity=0,
            ignore_patterns=["node_modules/*", "staticfiles/*", "tests/*", "benchmarks/*"],
        )
        untranslated, fuzzy = problems(locale / "da" / "LC_MESSAGES" / "django.po")
    finally:
        shutil.rmtree(locale, ignore_errors=True)
    assert DA_PO.read_bytes() == real_catalogue, "the check must not touch the real catalogue"
    assert untranslated == [], "run `make messages` and translate the new strings"
    assert fuzzy == []


def test_the_check_notices_an_untranslated_entry(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Hello", msgstr=""))
    po.append(polib.POEntry(msgid="Bye", msgstr="Farvel", flags=["fuzzy"]))
    po.save(str(tmp_path / "x.po"))
    assert problems(tmp_path / "x.po") == (["Hello"], ["Bye"])
