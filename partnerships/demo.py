"""Demo agreements, § 18 pools and grants: Rødovre's agreements with its volunteer centre
(renewed yearly since 2020), Headspace, Rødovre Folkekøkken and Kræftens Bekæmpelse, a
partnership on co-creation with Frivilligrådet after Odense's model, a multi-year
co-financing agreement, and enough others that every cell of Furesø's matrix (the four
volunteer types × three degrees of involvement) holds one. In our own words.

Dates are set relative to the day the demo is first loaded, so that some agreements are
expiring and one report is overdue whenever it is loaded; a row is created once and never
changed afterwards, so loading again changes nothing. Statuses are reached through the
services, as in real use.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from organisations.models import Organisation
from partnerships.models import (
    Agreement,
    ChildCertificateDeclaration,
    Grant,
    GrantPool,
    GrantReport,
    ReviewMeeting,
)
from partnerships.models.grant import report_due_for
from partnerships.services import agreements as services
from volunteer_portal.models import User
from volunteer_portal.seeding import upsert

K = Organisation.Kind

# Individuals who volunteer on their own, not through an association (the Furesø case's fourth
# volunteer type), and a neighbourhood group, as partners of their own.
EXTRA_PARTNERS = [
    (
        "frivillige-ved-broparken",
        "Frivillige enkeltpersoner ved Plejecenter Broparken",
        K.INDIVIDUAL,
    ),
    ("vaagetjenesten", "Vågetjenestens frivillige", K.INDIVIDUAL),
    ("lektiehjaelpere-islev", "Lektiehjælpere på Islev Bibliotek", K.INDIVIDUAL),
    ("nabohjaelpen-kirkebyen", "Nabohjælpen i Kirkebyen", K.COMMUNITY),
]

CONTENTS = {
    "municipality_commits": "Kommunen stiller lokaler til rådighed og deltager i to "
    "statusmøder om året.",
    "partner_commits": "Foreningen rekrutterer og støtter de frivillige og melder "
    "aktiviteterne ind på portalen.",
    "task_boundary": "De frivillige supplerer og erstatter ikke de ansattes opgaver.",
    "confidentiality": "De frivillige har tavshedspligt og modtager ingen personoplysninger "
    "ud over det nødvendige.",
    "termination": "Begge parter kan opsige aftalen med tre måneders varsel.",
}

# (title, partner slugs, responsible unit, kind, involvement, months from today to the start,
#  length in months, extras)
AGREEMENTS = [
    (
        "Samarbejdsaftale med Headspace Rødovre",
        ["headspace-roedovre"],
        "socialpsykiatrien",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.MEDIUM,
        -11,
        12,
        {"purpose": "Anonym rådgivning og fællesskaber for unge mellem 12 og 25 år."},
    ),
    (
        "Samarbejdsaftale med Rødovre Folkekøkken",
        ["roedovre-folkekoekken"],
        "social-og-sundhedsforvaltningen",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.LOW,
        -10,
        12,
        {
            "purpose": "Fællesspisning for alle, med særlig plads til socialt udsatte.",
            "rooms": "Køkken og spisesal i kommunens medborgerhus tre aftener om ugen.",
        },
    ),
    (
        "Samarbejdsaftale med Kræftens Bekæmpelse",
        ["kraeftens-bekaempelse"],
        "social-og-sundhedsforvaltningen",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.MEDIUM,
        -6,
        24,
        {"purpose": "Netværksgrupper og rådgivning for kræftramte og pårørende."},
    ),
    (
        "Partnerskab om samskabelse med Frivilligrådet",
        ["frivilligraadet"],
        "ledelsessekretariatet",
        Agreement.Kind.PARTNERSHIP,
        Agreement.Involvement.HIGH,
        -4,
        24,
        {
            "purpose": "Frivilligrådet er kritisk ven: sammen undersøger vi nye former for "
            "samskabelse mellem kommune og civilsamfund.",
            "term": Agreement.Term.MULTI_YEAR,
        },
    ),
    (
        "Frivilligcentrets medfinansieringsaftale",
        ["roedovre-frivilligcenter"],
        "ledelsessekretariatet",
        Agreement.Kind.CO_FINANCING,
        Agreement.Involvement.HIGH,
        -23,
        48,
        {
            "purpose": "Kommunens medfinansiering af frivilligcentret, som statens "
            "grundfinansiering forudsætter.",
            "term": Agreement.Term.MULTI_YEAR,
        },
    ),
    (
        "Besøgsvenner på Plejecenter Broparken",
        ["roede-kors"],
        "plejecenter-broparken",
        Agreement.Kind.PARTNERSHIP,
        Agreement.Involvement.HIGH,
        -8,
        12,
        {"purpose": "Faste besøgsvenner til beboere uden pårørende i nærheden."},
    ),
    (
        "Ældre Sagens motionshold i Kirkebyen",
        ["aeldre-sagen"],
        "hjemmeplejen",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.MEDIUM,
        -3,
        12,
        {"purpose": "Motion og samvær for hjemmeboende ældre."},
    ),
    (
        "Lokaler til SINDs samtalegrupper",
        ["sind"],
        "socialpsykiatrien",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.LOW,
        -2,
        12,
        {"purpose": "Lån af mødelokale til samtalegrupper.", "rooms": "Mødelokale 2, tirsdage."},
    ),
    (
        "Motion på plejecentrene med Rødovre Gymnastikforening",
        ["roedovre-gymnastikforening"],
        "plejecenter-broparken",
        Agreement.Kind.PARTNERSHIP,
        Agreement.Involvement.HIGH,
        -5,
        12,
        {"purpose": "Instruktører fra foreningen træner med beboerne to gange om ugen."},
    ),
    (
        "Fodbold for alle med Islev Boldklub",
        ["islev-boldklub"],
        "jobcentret",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.MEDIUM,
        -7,
        12,
        {"purpose": "Fællesskab og bevægelse for ledige borgere."},
    ),
    (
        "Spejdernes lån af Islev Bibliotek",
        ["spejderne-islev"],
        "islev-bibliotek",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.LOW,
        -9,
        12,
        {"purpose": "Lån af bibliotekets sal til spejdermøder.", "rooms": "Salen, onsdage."},
    ),
    (
        "Sammen med Borgeren i Islev",
        ["sammen-med-borgeren-islev"],
        "plejecenter-broparken",
        Agreement.Kind.PARTNERSHIP,
        Agreement.Involvement.HIGH,
        -6,
        12,
        {"purpose": "Medarbejdere og frivillige skaber sammen aktiviteter omkring Broparken."},
    ),
    (
        "Strikkecaféen i Valhøj",
        ["strikkecafeen-valhoej"],
        "islev-bibliotek",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.MEDIUM,
        -4,
        12,
        {"purpose": "Strikkecafé med plads til nye ansigter."},
    ),
    (
        "Henvisning til Nabohjælpen i Kirkebyen",
        ["nabohjaelpen-kirkebyen"],
        "hjemmeplejen",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.LOW,
        -1,
        12,
        {"purpose": "Hjemmeplejen henviser borgere, der har brug for en hånd i hverdagen."},
    ),
    (
        "Frivillige på Plejecenter Broparken",
        ["frivillige-ved-broparken"],
        "plejecenter-broparken",
        Agreement.Kind.PARTNERSHIP,
        Agreement.Involvement.HIGH,
        -10,
        12,
        {"purpose": "Enkeltpersoner, der hjælper ved arrangementer, med en fast kontaktperson."},
    ),
    (
        "Vågetjenesten",
        ["vaagetjenesten"],
        "hjemmeplejen",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.MEDIUM,
        -3,
        12,
        {"purpose": "Frivillige våger hos døende, der ikke har pårørende."},
    ),
    (
        "Lektiehjælp på Islev Bibliotek",
        ["lektiehjaelpere-islev"],
        "islev-bibliotek",
        Agreement.Kind.COOPERATION,
        Agreement.Involvement.LOW,
        -2,
        12,
        {"purpose": "Frivillige lektiehjælpere i bibliotekets lokaler."},
    ),
]


def _months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, 1)


def load_agreements(organisations):
    """Create the demo agreements, pools and grants that are missing; return how many
    agreements there are."""
    today = timezone.localdate()
    admin = User.objects.get(email="admin@example.dk")
    staff = User.objects.get(email="medarbejder@example.dk")
    partners = dict(organisations)
    for slug, name, kind in EXTRA_PARTNERS:
        partners[slug] = upsert(Organisation, {"slug": slug}, {"name": name, "kind": kind})
    first = _months(today, 0)
    _volunteer_centre_chain(partners, admin, staff, today)
    for title, slugs, unit, kind, involvement, start, length, extra in AGREEMENTS:
        if Agreement.objects.filter(title=title).exists():
            continue
        starts = _months(first, start)
        agreement = Agreement(
            title=title,
            kind=kind,
            involvement=involvement,
            responsible_unit=partners[unit],
            responsible_staff=staff,
            start_date=starts,
            end_date=_months(starts, length) - datetime.timedelta(days=1),
            is_public=True,
            reviews_per_year=2,
            next_review_date=today + datetime.timedelta(days=(len(title) * 7) % 120 - 20),
            **{**CONTENTS, **extra},
        )
        services.agreement_create(agreement, partners=[partners[s] for s in slugs], by=admin)
        services.activate(agreement, by=admin)
    _ended_and_draft(partners, admin, staff, first)
    _grants(partners, admin, today)
    for slug in ("roede-kors", "spejderne-islev", "islev-boldklub", "roedovre-frivilligcenter"):
        ChildCertificateDeclaration.objects.get_or_create(
            organisation=partners[slug],
            year=today.year,
            defaults={"received_on": datetime.date(today.year, 1, 15)},
        )
    return Agreement.objects.count()


def _volunteer_centre_chain(partners, admin, staff, today):
    """The volunteer centre's agreement, renewed yearly since 2020: a chain of one-year
    agreements, each the renewal of the one before; this year's is in force."""
    title = "Samarbejdsaftale med Rødovre Frivilligcenter"
    if Agreement.objects.filter(title=title).exists():
        return
    agreement = Agreement(
        title=title,
        kind=Agreement.Kind.COOPERATION,
        involvement=Agreement.Involvement.HIGH,
        responsible_unit=partners["ledelsessekretariatet"],
        responsible_staff=staff,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2020, 12, 31),
        renewed_yearly=True,
        is_public=True,
        reviews_per_year=4,
        purpose="Frivilligcentret er kommunens centrale samarbejdspart om frivilligt socialt "
        "arbejde: det formidler frivillige, rådgiver foreninger og driver fællesskaber.",
        **CONTENTS,
    )
    services.agreement_create(agreement, partners=[partners["roedovre-frivilligcenter"]], by=admin)
    services.activate(agreement, by=admin)
    while agreement.end_date.year < today.year:
        ReviewMeeting.objects.create(
            agreement=agreement,
            date=datetime.date(agreement.start_date.year, 10, 1),
            participants="Frivilligcentrets leder, kommunens frivilligkonsulent",
            minutes="Gennemgang af årets aktiviteter og næste års fokus.",
        )
        agreement = services.renew(agreement, by=admin)
        services.activate(agreement, by=admin)
    services.refresh_all_statuses(by=admin, today=today)


def _ended_and_draft(partners, admin, staff, first):
    ended = "Samarbejdsaftale om børneklub med Red Barnet"
    if not Agreement.objects.filter(title=ended).exists():
        agreement = Agreement(
            title=ended,
            kind=Agreement.Kind.COOPERATION,
            involvement=Agreement.Involvement.MEDIUM,
            responsible_unit=partners["kultur-og-fritidsforvaltningen"],
            responsible_staff=staff,
            start_date=_months(first, -12),
            end_date=_months(first, 12) - datetime.timedelta(days=1),
            purpose="Ugentlig børneklub for børn i familier med få midler.",
        )
        services.agreement_create(agreement, partners=[partners["red-barnet"]], by=admin)
        services.activate(agreement, by=admin)
        services.end_early(
            agreement, reason="Red Barnet har flyttet klubben til nabokommunen.", by=admin
        )
    draft = "Samarbejdsaftale med Børns Vilkår (udkast)"
    if not Agreement.objects.filter(title=draft).exists():
        agreement = Agreement(
            title=draft,
            kind=Agreement.Kind.COOPERATION,
            involvement=Agreement.Involvement.LOW,
            responsible_unit=partners["kultur-og-fritidsforvaltningen"],
            responsible_staff=staff,
            start_date=_months(first, 2),
            end_date=_months(first, 14) - datetime.timedelta(days=1),
            purpose="Børnetelefonens frivillige fortæller i skolerne om trivsel.",
        )
        services.agreement_create(agreement, partners=[partners["boerns-vilkaar"]], by=admin)


# (organisation, amount, purpose, reported)
GRANTS = [
    ("roedovre-frivilligcenter", "250000.00", "Drift af frivilligcentret", True),
    ("headspace-roedovre", "40000.00", "Åben rådgivning for unge", True),
    ("roedovre-folkekoekken", "12500.50", "Råvarer til fællesspisning", False),
    ("skovgaardens-venneforening", "4500.00", "Udflugter for beboerne", True),
    ("lillevangs-venner", "8000.00", "Sommerfest og julefrokost", True),
]


def _grants(partners, admin, today):
    last_year, this_year = today.year - 1, today.year
    for year, budget in ((last_year, "600000.00"), (this_year, "650000.00")):
        GrantPool.objects.get_or_create(
            year=year,
            name="§ 18-puljen",
            defaults={
                "budget": Decimal(budget),
                "focus_areas": "Ensomhed, psykisk sårbarhed og fællesskaber for udsatte.",
            },
        )
    for year in (last_year, this_year):
        pool = GrantPool.objects.get(year=year, name="§ 18-puljen")
        for slug, amount, purpose, reported in GRANTS:
            organisation = partners[slug]
            grant, created = Grant.objects.get_or_create(
                pool=pool,
                organisation=organisation,
                defaults={
                    "amount": Decimal(amount),
                    "purpose": purpose,
                    "report_due": report_due_for(year),
                    "paid_on": datetime.date(year, 3, 1),
                    "is_public": True,
                    "agreement": organisation.agreements.order_by("-start_date").first(),
                    # This year's grant was given while last year's report was outstanding.
                    "override_reason": ""
                    if reported or year == last_year
                    else "Foreningen har lovet regnskabet; driften må ikke stoppe.",
                },
            )
            if created and reported and year == last_year:
                GrantReport.objects.create(
                    grant=grant,
                    received_on=datetime.date(this_year, 3, 15),
                    use="Midlerne er brugt som ansøgt.",
                    itemised_accounts_received=grant.itemised_accounts_required,
                    certified_accounts_received=grant.certified_accounts_required,
                )
