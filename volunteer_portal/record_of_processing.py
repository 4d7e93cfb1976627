"""The record of processing activities (fortegnelse over behandlingsaktiviteter, GDPR art. 30)
for the administrator: per purpose, the categories of data and of people, the legal basis, the
recipients, how long the data is kept and how it is protected.

It is generated from the settings the code itself uses (the retention periods of
``partnerships.services.retention``, the session ages, the password hasher, two-factor
authentication, login throttling), so that it never says something other than what the portal
does. The municipality's own record may say more; this is the portal's part of it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Purpose:
    key: str
    name: str
    data: list
    people: list
    legal_basis: list
    recipients: str
    retention: list
    security: list


def _months(n):
    return ngettext("%(n)d month", "%(n)d months", n) % {"n": n}


def _years(n):
    return ngettext("%(n)d year", "%(n)d years", n) % {"n": n}


def _days(n):
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def security_measures():
    """What protects the data, as configured now."""
    measures = [
        _("Every page is closed unless a declared rule opens it; others' records answer 404."),
        _("Free texts refuse anything shaped like a CPR number."),
        _(
            "Every change to plans, organisations, agreements, grants and volunteers is logged "
            "with who and when (audit log)."
        ),
    ]
    hasher = settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1]
    measures.append(_("Passwords are stored only as hashes (%(hasher)s).") % {"hasher": hasher})
    if "allauth.mfa" in settings.INSTALLED_APPS:
        measures.append(
            _("Staff, coordinators and administrators log in with two-factor authentication.")
        )
    if "axes" in settings.INSTALLED_APPS:
        measures.append(
            _("Log-in is locked after %(limit)s failed attempts per account and address.")
            % {"limit": getattr(settings, "LOGIN_FAILURE_LIMIT", settings.AXES_FAILURE_LIMIT)}
        )
    municipal = getattr(settings, "SESSION_IDLE_SECONDS_MUNICIPAL", None)
    others = getattr(settings, "SESSION_IDLE_SECONDS", None)
    if municipal and others:
        measures.append(
            _(
                "A session ends after %(municipal)s minutes without use for municipal users, "
                "%(others)s minutes for others."
            )
            % {"municipal": municipal // 60, "others": others // 60}
        )
    if getattr(settings, "SECURE_HSTS_SECONDS", 0) or not settings.DEBUG:
        measures.append(_("All traffic is encrypted (HTTPS only, HSTS)."))
    return measures


def record_of_processing():
    """The purposes, each a ``Purpose``, in the order the record shows them."""
    interest_months = settings.RETENTION_CLOSED_INTEREST_MONTHS
    agreement_years = settings.VOLUNTEER_AGREEMENT_RETENTION_YEARS
    signup_days = settings.RETENTION_UNCONFIRMED_SIGNUP_DAYS
    referral_months = settings.RETENTION_REFERRAL_NOTE_MONTHS
    warning_days = settings.RETENTION_WARNING_DAYS
    security = security_measures()
    inside = _("None outside the municipality. Nothing is passed on to others.")
    public_task = _(
        "GDPR art. 6(1)(e): a task in the public interest, the municipality's cooperation with "
        "voluntary social work (Serviceloven § 18)."
    )
    return [
        Purpose(
            key="volunteers",
            name=_("The volunteer flow: volunteers, their interest and volunteer agreements"),
            data=[
                _("Name, e-mail address, phone number, preferred language."),
                _(
                    "The volunteer's profile: languages, presentation, areas, kinds of work, when "
                    "they can help; when consent was given or withdrawn."
                ),
                _("Interests and their messages; the reason an interest was declined."),
                _(
                    "Volunteer agreements: unit, contact person, tasks, expectations, dates, "
                    "reason for ending."
                ),
                _(
                    "Child-protection certificate (børneattest): only whether it is required, "
                    "when it was assessed, by whom and when it is due again. The certificate "
                    "itself and CPR numbers are never stored."
                ),
            ],
            people=[_("Volunteers (citizens)."), _("Municipal coordinators and contact persons.")],
            legal_basis=[
                public_task,
                _(
                    "GDPR art. 10 and databeskyttelsesloven § 8: the note of the assessment of "
                    "a child-protection certificate (data on criminal offences), which only the "
                    "unit's coordinators see and which is never e-mailed."
                ),
            ],
            recipients=inside,
            retention=[
                _(
                    "Declined, withdrawn and lapsed interests: their texts are deleted "
                    "%(period)s after the last change of status."
                )
                % {"period": _months(interest_months)},
                _(
                    "Ended volunteer agreements: their texts and the note of the certificate's "
                    "assessment are deleted %(period)s after the agreement ended; dates and unit "
                    "are kept for statistics."
                )
                % {"period": _years(agreement_years)},
                _(
                    "The volunteer is warned by e-mail %(period)s before and can download their "
                    "data."
                )
                % {"period": _days(warning_days)},
                _(
                    "The volunteer can delete their account at any time; their data is then "
                    "erased or anonymised at once."
                ),
            ],
            security=security,
        ),
        Purpose(
            key="referrals",
            name=_("Bridge-building: referring citizens to associations' activities"),
            data=[
                _(
                    "The date, the referring unit, the activity and an optional note. Never the "
                    "citizen, nor the staff member who referred."
                ),
                _("An e-mail address a slip is sent to, for that mail only."),
            ],
            people=[_("Citizens referred (not identified)."), _("Municipal staff.")],
            legal_basis=[public_task],
            recipients=inside,
            retention=[
                _("The note is deleted %(period)s after the referral; the count is kept.")
                % {"period": _months(referral_months)},
            ],
            security=security,
        ),
        Purpose(
            key="agreements",
            name=_("Cooperation agreements, grants and review meetings with associations"),
            data=[
                _("The associations' contact persons: name, e-mail address, phone number."),
                _(
                    "Agreement texts, grants and reports, review meetings' participants, minutes "
                    "and follow-ups."
                ),
            ],
            people=[
                _("Contact persons of associations."),
                _("Municipal staff."),
            ],
            legal_basis=[public_task],
            recipients=inside,
            retention=[
                _(
                    "Kept while the agreement is relevant; the portal deletes nothing "
                    "automatically. The municipality's archive rules apply."
                ),
            ],
            security=security,
        ),
        Purpose(
            key="accounts",
            name=_("User accounts and the security of the portal"),
            data=[
                _(
                    "E-mail address, name, role, memberships, preferred language, password hash, "
                    "second factor, log-in attempts, audit log."
                ),
            ],
            people=[
                _(
                    "Everyone with an account: volunteers, staff, coordinators, association "
                    "contacts, administrators."
                ),
            ],
            legal_basis=[public_task],
            recipients=inside,
            retention=[
                _("A volunteer sign-up never confirmed is deleted after %(period)s.")
                % {"period": _days(signup_days)},
                _("Other accounts are kept until they are deleted."),
                _("Audit-log entries are deleted %(period)s after they were written.")
                % {"period": _days(settings.AUDIT_LOG_RETENTION_DAYS)},
            ],
            security=security,
        ),
    ]
