"""Every permission name the code and templates ask for is declared by a rule, so that a
misspelt name fails here instead of quietly refusing everyone (administrators included)."""

import importlib.util
import re
from pathlib import Path

import rules
from django.conf import settings

APPS = ("volunteer_portal", "organisations", "initiatives", "partnerships")
SOURCES = (*APPS, "templates")
# A string that is nothing but "<app>.<name>", e.g. "initiatives.view_plan".
APP_NAMES = "|".join(APPS)
PY_NAME = re.compile(rf"""["']((?:{APP_NAMES})\.[a-z][a-z0-9_]*)["']""")
# perms.app.name in a template.
TEMPLATE_NAME = re.compile(rf"\bperms\.((?:{APP_NAMES})\.[a-z][a-z0-9_]*)")


def _is_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def permission_names_used():
    base = Path(settings.BASE_DIR)
    found = {}
    for folder in SOURCES:
        for path in sorted((base / folder).rglob("*")):
            if "migrations" in path.parts or path.suffix not in (".py", ".html", ".txt"):
                continue
            pattern = PY_NAME if path.suffix == ".py" else TEMPLATE_NAME
            for match in pattern.finditer(path.read_text()):
                name = match.group(1)
                if not _is_module(name):
                    found.setdefault(name, f"{path.relative_to(base)}")
    return found


def test_permission_names_are_found_in_the_code():
    used = permission_names_used()
    assert "initiatives.view_plan" in used
    assert "organisations.view_own_units" in used


def test_every_permission_name_used_is_declared_by_a_rule():
    undeclared = {
        name: where
        for name, where in permission_names_used().items()
        if not rules.perm_exists(name)
    }
    assert undeclared == {}


def test_the_scan_finds_a_misspelt_name(tmp_path):
    assert PY_NAME.search('user.has_perm("initiatives.chnage_plan", plan)').group(1) == (
        "initiatives.chnage_plan"
    )
    assert not rules.perm_exists("initiatives.chnage_plan")
    assert TEMPLATE_NAME.search("{% if perms.initiatives.view_plan %}")
