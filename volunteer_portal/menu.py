"""The main menu: which entries a user sees follows from the permission rules."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    permission: str | None = None  # None: everyone sees it

    def url(self):
        return reverse(self.url_name)


MAIN_MENU = [
    MenuEntry(_("Home"), "home"),
    MenuEntry(_("Action plans"), "initiatives:plan-list"),
    MenuEntry(_("Organisations"), "organisations:organisation-list"),
    MenuEntry(_("Plan overview"), "initiatives:overview-index", "initiatives.view_overview"),
    MenuEntry(_("My units"), "organisations:my-units", "organisations.view_own_units"),
]


def menu_for(user, current_path):
    entries = []
    for entry in MAIN_MENU:
        if entry.permission and not user.has_perm(entry.permission):
            continue
        url = entry.url()
        is_section = entry.url_name != "home" and current_path.startswith(url)
        is_current = current_path == url or is_section
        entries.append({"label": entry.label, "url": url, "is_current": is_current})
    return entries
