"""Demo data. Every step is keyed on a natural key, so loading twice changes nothing."""

from initiatives.demo import load_initiatives
from organisations.demo import load_organisations
from organisations.demo_referrals import load_referrals
from partnerships.demo import load_agreements
from partnerships.demo_volunteering import load_volunteering
from volunteer_portal.models import Municipality, User
from volunteer_portal.seeding import upsert

DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105  (documented demo password, DEBUG only)

COORDINATOR, STAFF, CONTACT = "coordinator", "staff", "contact"

# (e-mail, name, role, memberships as (organisation slug, capacity))
DEMO_USERS = [
    ("admin@example.dk", "Anne Admin", User.Role.ADMIN, []),
    (
        "medarbejder@example.dk",
        "Mette Medarbejder",
        User.Role.STAFF,
        [("ledelsessekretariatet", STAFF), ("jobcentret", STAFF)],
    ),
    (
        "koordinator@example.dk",
        "Karsten Koordinator",
        User.Role.COORDINATOR,
        [
            ("plejecenter-broparken", COORDINATOR),
            ("islev-bibliotek", COORDINATOR),
            # Jobcentret is an actor in initiative 5: its coordinator adds progress notes there.
            ("jobcentret", COORDINATOR),
            ("plejecenter-broparken", STAFF),
        ],
    ),
    (
        "forening@example.dk",
        "Frede Foreningskontakt",
        User.Role.ORGANISATION_CONTACT,
        [("roedovre-frivilligcenter", CONTACT)],
    ),
    ("frivillig@example.dk", "Frida Frivillig", User.Role.VOLUNTEER, []),
]


def load_users(organisations):
    from organisations.models import Membership

    for email, name, role, memberships in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name, role=role)
        for slug, capacity in memberships:
            Membership.objects.get_or_create(
                user=user, organisation=organisations[slug], capacity=capacity
            )
        ensure_verified_email(user)
    return len(DEMO_USERS)


def ensure_verified_email(user):
    from allauth.account.models import EmailAddress

    upsert(EmailAddress, {"user": user, "email": user.email}, {"verified": True, "primary": True})


# The contact details of the action plan's own back page (Rødovre Kommune, Social- og
# Sundhedsforvaltningen); the e-mail address and the website are the municipality's public
# ones. The WAS-Tool and Digital Post addresses are placeholders until the municipality gives
# its own. No logo: an administrator uploads the coat of arms in the admin.
DEMO_MUNICIPALITY = {
    "name": "Rødovre Kommune",
    "address": "Social- og Sundhedsforvaltningen\nRødovre Parkvej 150\n2610 Rødovre",
    "phone": "36 37 70 00",
    "email": "kommunen@rk.dk",
    "website": "https://www.rk.dk",
    "digital_post_url": "https://post.borger.dk",
    "accessibility_statement_url": "https://www.was.digst.dk/rk-dk",
    "privacy_notice": (
        "Rødovre Kommune er dataansvarlig for de personoplysninger, der behandles i "
        "Frivilligportalen. Du kan kontakte os på Rødovre Parkvej 150, 2610 Rødovre, på "
        "telefon 36 37 70 00 eller med sikker Digital Post.\n\n"
        "Når du opretter en konto, gemmer vi dit navn og din e-mailadresse. Når du melder dig "
        "som frivillig, gemmer vi de oplysninger, du selv giver os, og den frivilligaftale, du "
        "indgår med kommunen. Skal du arbejde med børn under 15 år, noterer vi, at der er "
        "indhentet børneattest.\n\n"
        "Vi bruger oplysningerne til at formidle frivilligt arbejde og til kommunens samarbejde "
        "med frivillige sociale foreninger efter servicelovens § 18.\n\n"
        "Du har ret til at få indsigt i de oplysninger, vi har om dig, og til at få dem rettet "
        "eller slettet. Er du utilfreds med vores behandling af dine oplysninger, kan du klage "
        "til Datatilsynet."
    ),
}


def load_municipality():
    return upsert(Municipality, {"id": Municipality.SINGLETON_ID}, DEMO_MUNICIPALITY)


def load():
    municipality = load_municipality()
    organisations = load_organisations()
    referrals = load_referrals(organisations)
    users = load_users(organisations)
    agreements = load_agreements(organisations)
    plan = load_initiatives(organisations)
    opportunities = load_volunteering(organisations)
    return [
        f"Municipality: {municipality}",
        f"Organisations and units: {len(organisations)}",
        f"Referrals: {referrals}",
        f"Demo accounts: {users}",
        f"Agreements: {agreements}",
        f"Action plan: {plan} with {plan.initiatives.count()} initiatives",
        f"Volunteer opportunities: {opportunities}",
    ]
