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
    visible = [e for e in MAIN_MENU if not e.permission or user.has_perm(e.permission)]
    urls = [entry.url() for entry in visible]
    # Only the deepest matching entry is current: "/plans/overview/" lies inside "/plans/",
    # and a page must not mark two menu entries with aria-current.
    matches = [
        url
        for entry, url in zip(visible, urls, strict=True)
        if current_path == url or (entry.url_name != "home" and current_path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    return [
        {"label": entry.label, "url": url, "is_current": url == current}
        for entry, url in zip(visible, urls, strict=True)
    ]
