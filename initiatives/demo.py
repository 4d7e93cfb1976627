"""Demo data: Rødovre's action plan for voluntary social work 2020-2022, retold in our own words
from the source document, with a few milestones, progress notes and status changes.

Every row is keyed on a natural key (upsert), so loading twice changes nothing. Statuses are
written directly only here, together with the matching StatusChange rows and fixed dates,
because the service stamps "now" and the demo must stay the same on every load.
"""

import datetime
from zoneinfo import ZoneInfo

from initiatives.models import (
    ActionPlan,
    Initiative,
    InitiativeActor,
    Milestone,
    ProgressNote,
    StatusChange,
    StrategicGoal,
)
from volunteer_portal.models import User
from volunteer_portal.seeding import upsert

CPH = ZoneInfo("Europe/Copenhagen")
S = Initiative.Status
OWNER, PARTICIPANT, CONTRIBUTOR = (
    InitiativeActor.Role.OWNER,
    InitiativeActor.Role.PARTICIPANT,
    InitiativeActor.Role.CONTRIBUTOR,
)
SECRETARIAT = "ledelsessekretariatet"
CENTRE = "roedovre-frivilligcenter"

PLAN = {
    "title": "Handleplan for frivilligt socialt arbejde",
    "start_year": 2020,
    "end_year": 2022,
    "vision": (
        "Kommunens politik for frivilligt socialt arbejde er grundlaget for alle indsatser. "
        "Vi vil give de frivillige sociale kræfter i Rødovre gode vilkår og styrke samspillet "
        "mellem kommunen, foreningerne og de borgere, der gerne vil gøre en forskel."
    ),
    "legal_basis": (
        "Serviceloven § 18: kommunalbestyrelsen skal samarbejde med frivillige sociale "
        "organisationer og foreninger."
    ),
    "introduction": (
        "Planen gør politikken konkret for en toårig periode. Den rummer et udvalg af indsatser "
        "og er ikke et fuldt overblik over alt, der sker på området.\n\n"
        "Rødovre Frivilligcenter har siden 2007 været kommunens tætteste samarbejdspart. "
        "Centret er en selvstændig forening med tilskud fra kommunen, og de fælles indsatser "
        "indgår i den årlige samarbejdsaftale. Kommunen har også aftaler med Headspace, "
        "Rødovre Folkekøkken og Kræftens Bekæmpelse og mødes jævnligt med dem.\n\n"
        "Under overskriften 'Sammen med Borgeren' ser kommunen sin rolle som facilitator: vi "
        "bringer aktører sammen, så nye netværk kan opstå, og vi tænker civilsamfundet med, når "
        "vi løser velfærdsopgaver. Planen bygger blandt andet på workshops med foreningerne og "
        "medarbejderne."
    ),
}

GOALS = [
    (1, "Gode rammebetingelser for den frivillige sociale indsats", ""),
    (2, "Synlighed og netværk", "At gøre det frivillige sociale arbejde synligt og skabe netværk."),
]

# number, title, description, purpose, goals, (start, end), status, actors
# Actors: (organisation slug or None, free-text name, role).
INITIATIVES = [
    (
        1,
        "Flere med i foreningerne",
        "Foreningerne skal være lettere at komme ind i: åbne, tilgængelige og parate til at "
        "tage imod nye. Sammen med Frivilligcentret holder vi et temamøde for interesserede "
        "foreninger, som har efterspurgt redskaber til at inkludere udsatte borgere. "
        "Erfaringer fra bl.a. Settlementet, KFUM's Sociale Arbejde og DGI bruges som "
        "inspiration.",
        "At hjælpe foreningerne med at tage udsatte borgere med – som deltagere og som "
        "frivillige – og med at håndtere sårbarhed, når de møder den.",
        [2],
        (2020, 2020),
        S.COMPLETED,
        [
            (SECRETARIAT, "", OWNER),
            (CENTRE, "", PARTICIPANT),
            (None, "Lokale foreninger", PARTICIPANT),
        ],
    ),
    (
        2,
        "Alle har brug for et fællesskab",
        "Langvarig ensomhed skader både krop og psyke. En gruppe borgere i socialpsykiatrien, "
        "ofte pensionister, har næsten intet netværk. Vi undersøger, om de ønsker nye netværk, "
        "eller om eksisterende fællesskaber og tilbud skal styrkes. Hjemmeplejen hjælper med "
        "at finde frem til målgruppen. Røde Kors' 'Værket' er en mulig inspiration.",
        "At støtte borgere med meget få sociale relationer i at danne netværk på deres egne "
        "betingelser.",
        [2],
        (2021, 2021),
        S.IN_PROGRESS,
        [
            (SECRETARIAT, "", OWNER),
            ("socialpsykiatrien", "", PARTICIPANT),
            ("hjemmeplejen", "", CONTRIBUTOR),
            (CENTRE, "", PARTICIPANT),
            (None, "Lokale foreninger", PARTICIPANT),
        ],
    ),
    (
        3,
        "Bedre overgange til civilsamfundet",
        "Kommunale tilbud og frivillige foreninger skal hænge bedre sammen. En medarbejder fra "
        "Frivilligcentret bliver brobygger én dag om ugen og giver medarbejdere i ældreplejen, "
        "på sundhedsområdet og i jobcentret kendskab til foreningernes aktiviteter. Forvaltningen, "
        "Udsatterådet, Handicaprådet og Frivilligcentret mødes med Jobcentret og "
        "Socialpsykiatrien om, hvordan der kan bygges bro.",
        "At borgere, der afslutter et kommunalt forløb, kan fortsætte med støtte i en forening, "
        "hvis de ønsker det.",
        [2],
        (2020, 2021),
        S.IN_PROGRESS,
        [
            (SECRETARIAT, "", OWNER),
            (CENTRE, "", PARTICIPANT),
            ("udsatteraadet", "", PARTICIPANT),
            ("handicapraadet", "", PARTICIPANT),
            ("jobcentret", "", CONTRIBUTOR),
            (None, "Lokale foreninger", PARTICIPANT),
        ],
    ),
    (
        4,
        "Et medborgerhus i Islev Bibliotek og Trekanten",
        "Kommunalbestyrelsen har besluttet, at Islev Bibliotek skal tænkes på en ny måde. "
        "Borgere, foreninger, boligselskaber og Frivilligcentret inddrages, når biblioteket "
        "udvikles til et lokalt samlingssted, og erfaringerne fra 'Vores Sunde Hverdag' tages "
        "med.",
        "At skabe et levende mødested, der giver lokalområdet ny energi.",
        [1, 2],
        (2020, 2020),
        S.COMPLETED,
        [
            ("kultur-og-fritidsforvaltningen", "", OWNER),
            (SECRETARIAT, "", PARTICIPANT),
            ("islev-bibliotek", "", PARTICIPANT),
            ("vores-sunde-hverdag", "", CONTRIBUTOR),
            (CENTRE, "", PARTICIPANT),
            (None, "Borgere og lokale foreninger", PARTICIPANT),
        ],
    ),
    (
        5,
        "Netværksfamilier til udsatte familier",
        "Familier med store udfordringer skal kobles med mennesker og familier, der har andre "
        "ressourcer og erfaringer. Sammen med 'Sammen om Familien' finder vi frivillige "
        "netværksfamilier og ressourcepersoner, eventuelt også hjælp til kommunikation. Først "
        "afklarer vi med familierne, hvad de har brug for, og Frivilligcentret åbner sit "
        "netværk af foreninger.",
        "At hjælpe familier fra 'Sammen om Familien', der ønsker et større netværk, med at finde "
        "en netværksfamilie og nye relationer.",
        [2],
        (2020, 2020),
        S.POSTPONED,
        [
            (SECRETARIAT, "", OWNER),
            ("sammen-om-familien", "", PARTICIPANT),
            (CENTRE, "", PARTICIPANT),
            (None, "Borgere og foreninger i Rødovre", PARTICIPANT),
        ],
    ),
    (
        6,
        "Samspil med 'Vores Sunde Hverdag'",
        "Vi bidrager til, at projektets idéer om trivsel og bevægelse bliver til virkelighed. "
        "Idéerne samles i foråret, og vi ser på, hvordan aktiviteterne bliver synlige og lette "
        "at finde, så de kan bringe borgerne sammen.",
        "At støtte de initiativer, som 'Vores Sunde Hverdag' sætter i gang.",
        [1, 2],
        (2020, 2021),
        S.PLANNED,
        [
            (SECRETARIAT, "", OWNER),
            ("vores-sunde-hverdag", "", PARTICIPANT),
            (None, "Udvalgte sociale foreninger", PARTICIPANT),
        ],
    ),
    (
        7,
        "'Sammen med Borgeren' i Islev",
        "Civilsamfundet skal være med, når vi udvikler institutioner og sociale tilbud. En "
        "arbejdsgruppe af medarbejdere fra institutionerne omkring Broparken og Frivilligcentret "
        "planlægger og holder aktiviteter, og vi støtter gruppen i at skabe flere fælles "
        "aktiviteter med plads til frivillige. Indsatsen hænger sammen med medborgerhuset i "
        "Islev (indsats 4).",
        "At styrke de nære fællesskaber i Rødovres lokalområder.",
        [2],
        (2020, 2021),
        S.IN_PROGRESS,
        [
            (SECRETARIAT, "", OWNER),
            ("sammen-med-borgeren-islev", "", PARTICIPANT),
            ("plejecenter-broparken", "", PARTICIPANT),
            ("vores-sunde-hverdag", "", CONTRIBUTOR),
        ],
    ),
]

# The path each initiative's status took: (number, from, to, when, comment).
STATUS_CHANGES = [
    (1, S.PLANNED, S.IN_PROGRESS, (2020, 2, 3), "Temamødet er under planlægning."),
    (1, S.IN_PROGRESS, S.COMPLETED, (2020, 11, 26), "Temamødet er holdt, og materialet delt."),
    (2, S.PLANNED, S.IN_PROGRESS, (2021, 3, 1), ""),
    (3, S.PLANNED, S.IN_PROGRESS, (2020, 4, 14), "Brobyggeren er ansat."),
    (4, S.PLANNED, S.IN_PROGRESS, (2020, 1, 20), ""),
    (4, S.IN_PROGRESS, S.COMPLETED, (2020, 12, 15), "Udviklingsplanen er vedtaget."),
    (5, S.PLANNED, S.POSTPONED, (2020, 6, 2), "Udskudt, indtil familierne kan mødes igen."),
    (7, S.PLANNED, S.IN_PROGRESS, (2020, 9, 7), ""),
]

MILESTONES = [
    (1, (2020, 5, 12), "Temamøde med foreningerne", True),
    (3, (2020, 4, 1), "Brobygger ansat i Frivilligcentret", True),
    (3, (2021, 6, 1), "Fællesmøde med Jobcentret og Socialpsykiatrien", False),
    (4, (2020, 3, 1), "Borgermøde om fremtidens bibliotek", True),
    (4, (2020, 10, 1), "Udviklingsplan for medborgerhuset", True),
    (7, (2020, 9, 1), "Arbejdsgruppen nedsat", True),
]

NOTES = [
    (
        1,
        (2020, 5, 13),
        "Temamødet samlede 14 foreninger. Flere ønsker et kursus i at tage imod "
        "sårbare frivillige.",
    ),
    (
        3,
        (2020, 10, 5),
        "Brobyggeren har besøgt hjemmeplejen og jobcentret; medarbejderne "
        "efterspørger en oversigt over foreningernes aktiviteter.",
    ),
    (
        4,
        (2020, 3, 2),
        "Godt fremmøde til borgermødet; mange ønsker caféområde og lokaler til foreninger.",
    ),
    (
        7,
        (2021, 2, 15),
        "Arbejdsgruppen planlægger en sommerfest ved Broparken sammen med Frivilligcentret.",
    ),
]


def _when(ymd):
    return datetime.datetime(*ymd, 10, 0, tzinfo=CPH)


def load_initiatives(organisations):
    """Create or update the Rødovre plan 2020-2022; return it."""
    staff = User.objects.filter(email="medarbejder@example.dk").first()
    admin = User.objects.filter(email="admin@example.dk").first()
    plan = upsert(
        ActionPlan,
        {"slug": "roedovre-2020-2022"},
        {
            **PLAN,
            "status": ActionPlan.Status.PUBLISHED,
            "published_at": _when((2020, 1, 15)),
            "published_by": admin,
        },
    )
    goals = {
        number: upsert(
            StrategicGoal,
            {"plan": plan, "number": number},
            {"title": title, "description": description},
        )
        for number, title, description in GOALS
    }
    last_change = {number: _when(ymd) for number, _old, _new, ymd, _c in STATUS_CHANGES}
    initiatives = {}
    for number, title, description, purpose, goal_numbers, years, status, actors in INITIATIVES:
        initiative = upsert(
            Initiative,
            {"plan": plan, "number": number},
            {
                "title": title,
                "description": description,
                "purpose": purpose,
                "start_year": years[0],
                "end_year": years[1],
                "status": status,
                "status_changed_at": last_change.get(number),
            },
        )
        initiative.goals.set([goals[n] for n in goal_numbers])
        for position, (slug, name, role) in enumerate(actors):
            upsert(
                InitiativeActor,
                {"initiative": initiative, "organisation": organisations.get(slug), "name": name},
                {"role": role, "position": position},
            )
        initiatives[number] = initiative
    initiatives[7].related.set([initiatives[4]])
    for number, old, new, ymd, comment in STATUS_CHANGES:
        upsert(
            StatusChange,
            {"initiative": initiatives[number], "to_status": new, "changed_at": _when(ymd)},
            {"from_status": old, "changed_by": staff, "comment": comment},
        )
    for number, ymd, title, is_reached in MILESTONES:
        upsert(
            Milestone,
            {"initiative": initiatives[number], "title": title},
            {"date": datetime.date(*ymd), "is_reached": is_reached},
        )
    for number, ymd, text in NOTES:
        upsert(
            ProgressNote,
            {"initiative": initiatives[number], "date": datetime.date(*ymd)},
            {"text": text, "author": staff},
        )
    return plan
