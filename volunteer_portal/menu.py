"""The main menu: which entries a user sees follows from the permission rules."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    permission: str | None = None  # None: everyone sees it
    sections: tuple[str, ...] = ()  # other views that belong to this entry

    def url(self):
        return reverse(self.url_name)


# A volunteer agreement's pages belong to the volunteer's own page and to the coordinator's
# inbox alike; each person sees one of the two entries.
AGREEMENT_PAGES = (
    "volunteering:agreement-detail",
    "volunteering:agreement-edit",
    "volunteering:agreement-end",
    "volunteering:agreement-child-certificate",
)

MAIN_MENU = [
    MenuEntry(_("Home"), "home"),
    MenuEntry(_("Action plans"), "initiatives:plan-list"),
    MenuEntry(_("Organisations"), "organisations:organisation-list"),
    MenuEntry(_("Activities"), "organisations:activity-list"),
    MenuEntry(_("Volunteer opportunities"), "volunteering:opportunity-list"),
    MenuEntry(
        _("My volunteering"),
        "volunteering:me",
        "partnerships.use_volunteer_page",
        sections=("volunteering:profile", "volunteering:calendar", *AGREEMENT_PAGES),
    ),
    MenuEntry(
        _("Volunteer inbox"),
        "volunteering:inbox",
        "partnerships.use_inbox",
        sections=(
            "volunteering:interest-detail",
            "volunteering:agreement-create",
            *AGREEMENT_PAGES,
        ),
    ),
    MenuEntry(
        _("Volunteer overview"),
        "volunteering:overview",
        "partnerships.view_volunteer_overview",
    ),
    MenuEntry(
        _("Plan overview"),
        "initiatives:overview-index",
        "initiatives.view_overview",
        sections=("initiatives:overview",),
    ),
    MenuEntry(_("My units"), "organisations:my-units", "organisations.view_own_units"),
    MenuEntry(
        _("My organisation"),
        "organisations:my-organisations",
        "organisations.view_own_organisations",
        sections=(
            "organisations:organisation-edit",
            "organisations:organisation-confirm",
            "organisations:activity-create",
            "organisations:activity-edit",
            "organisations:activity-preview",
        ),
    ),
    MenuEntry(
        _("Bridge-building"),
        "organisations:bridge",
        "organisations.use_bridge_building",
        sections=("organisations:activity-slip", "organisations:referral-create"),
    ),
    MenuEntry(
        _("Organisation overview"),
        "organisations:overview",
        "organisations.view_organisation_overview",
    ),
    MenuEntry(_("Agreements"), "partnerships:agreement-list", "partnerships.view_agreements"),
    MenuEntry(
        _("Grants"),
        "partnerships:pool-list",
        "partnerships.view_grants",
        sections=(
            "partnerships:pool-create",
            "partnerships:pool-detail",
            "partnerships:pool-edit",
            "partnerships:grant-detail",
            "partnerships:grant-paid",
            "partnerships:grant-report",
            "partnerships:grant-create",
            "partnerships:grant-totals",
        ),
    ),
]


def menu_for(user, current_path, view_name=None):
    visible = [e for e in MAIN_MENU if not e.permission or user.has_perm(e.permission)]
    urls = [entry.url() for entry in visible]
    pairs = list(zip(visible, urls, strict=True))
    # A view that belongs to an entry marks it, wherever its address lies (a plan's overview
    # lives under /plans/). Otherwise the deepest entry whose address the page lies under:
    # "/plans/overview/" is inside "/plans/", and a page must not mark two entries.
    sections = [url for entry, url in pairs if view_name in entry.sections]
    matches = sections or [
        url
        for entry, url in pairs
        if current_path == url or (entry.url_name != "home" and current_path.startswith(url))
    ]
    current = max(matches, key=len, default=None)
    return [
        {"label": entry.label, "url": url, "is_current": url == current} for entry, url in pairs
    ]
