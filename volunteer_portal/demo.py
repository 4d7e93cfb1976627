"""Demo data. Every step is keyed on a natural key, so loading twice changes nothing."""

from initiatives.demo import load_initiatives
from organisations.demo import load_organisations
from volunteer_portal.models import User
from volunteer_portal.seeding import upsert

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105  (documented demo password, DEBUG only)

DEMO_USERS = [
    ("admin@example.dk", "Anne Admin", User.Role.ADMIN, []),
    ("medarbejder@example.dk", "Mette Medarbejder", User.Role.STAFF, []),
    (
        "koordinator@example.dk",
        "Karsten Koordinator",
        User.Role.COORDINATOR,
        ["plejecenter-broparken", "islev-bibliotek"],
    ),
    ("frivillig@example.dk", "Frida Frivillig", User.Role.VOLUNTEER, []),
]


def load_users(organisations):
    for email, name, role, unit_slugs in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=role)
        user.units.set([organisations[slug] for slug in unit_slugs])
        ensure_verified_email(user)
    return len(DEMO_USERS)


def ensure_verified_email(user):
    from allauth.account.models import EmailAddress

    upsert(EmailAddress, {"user": user, "email": user.email}, {"verified": True, "primary": True})


def load():
    organisations = load_organisations()
    users = load_users(organisations)
    plan = load_initiatives(organisations)
    return [
        f"Organisations and units: {len(organisations)}",
        f"Demo accounts: {users}",
        f"Action plan: {plan} with {plan.initiatives.count()} initiatives",
    ]
