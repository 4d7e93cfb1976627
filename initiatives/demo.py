"""Demo data: Rødovre's action plan for voluntary social work 2020-2022, as the source document
writes it (titles, texts and actors in its own words), with a few milestones, progress notes
and status changes, and the plan it came from.

Of the previous plan the source names only the initiative that no. 3 develops further,
'Bedre adgang til de frivillige sociale foreninger'; the demo holds a short stand-in for that
plan with just that initiative. Its period (2017-2019) and its texts are ours.

Every row is keyed on a natural key (upsert), so loading twice changes nothing. Statuses are
written directly only here, together with the matching StatusChange rows and fixed dates,
because the service stamps "now" and the demo must stay the same on every load. Actors and
status changes of a demo initiative that the lists below no longer hold are removed, so that
a database loaded from an older demo follows the source too.
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

LEGAL_BASIS = (
    "Servicelovens § 18: “Kommunalbestyrelsen skal samarbejde med frivillige sociale "
    "organisationer og foreninger”."
)

# The strategic goals of Rødovre's policy for voluntary social work, as the plan cites them.
GOALS = [
    (1, "Gode rammer for den frivillige, sociale indsats", ""),
    (2, "Synlighed og netværk på området", ""),
]

PREVIOUS_PLAN_SLUG = "roedovre-2017-2019"
PREVIOUS_PLAN = {
    "title": "Handleplan for frivilligt socialt arbejde",
    "start_year": 2017,
    "end_year": 2019,
    "vision": (
        "Politikkens vision og strategimål er udgangspunktet for alle indsatser på området."
    ),
    "legal_basis": LEGAL_BASIS,
    "introduction": (
        "Den forrige handleplan for frivilligt socialt arbejde. Her vises kun den indsats, som "
        "handleplanen for 2020-2022 bygger videre på."
    ),
}

# number, title, description, purpose, goals, (start, end), status, actors
# Actors: (organisation slug or None, free-text name, role).
PREVIOUS_INITIATIVES = [
    (
        1,
        "Bedre adgang til de frivillige sociale foreninger",
        "Borgere og medarbejdere skal lettere kunne finde de frivillige sociale foreninger og "
        "deres aktiviteter. Forvaltningen, Udsatterådet, Handicaprådet og Rødovre "
        "Frivilligcenter ser sammen på, hvordan vejen fra de kommunale tilbud til foreningerne "
        "kan blive kortere.",
        "Formålet er, at flere borgere finder vej til de frivillige sociale foreninger.",
        [2],
        (2018, 2019),
        S.IN_PROGRESS,
        [
            (SECRETARIAT, "", OWNER),
            (CENTRE, "", PARTICIPANT),
            ("udsatteraadet", "", PARTICIPANT),
            ("handicapraadet", "", PARTICIPANT),
        ],
    ),
]

PREVIOUS_STATUS_CHANGES = [
    (1, S.PLANNED, S.IN_PROGRESS, (2018, 3, 1), ""),
]

PLAN_SLUG = "roedovre-2020-2022"
PLAN = {
    "title": "Handleplan for frivilligt socialt arbejde",
    "start_year": 2020,
    "end_year": 2022,
    "vision": (
        "Politikkens vision og strategimål er udgangspunktet for alle indsatser på området. "
        "Indsatserne sigter mod at sikre de frivillige sociale indsatser gode "
        "rammebetingelser og mod at styrke Rødovre Kommunes samspil med frivillige foreninger "
        "og aktive borgere."
    ),
    "legal_basis": LEGAL_BASIS,
    "introduction": (
        "Handleplanen omsætter Rødovre Kommunes politik for frivilligt socialt arbejde til "
        "praksis. Nogle af indsatserne knytter også an til mål i forvaltningens øvrige "
        "politikker og handleplaner. Handleplanen indeholder udvalgte indsatser for en toårig "
        "periode og giver dermed ikke et overblik over alle indsatser og aktiviteter på "
        "området.\n\n"
        "I Rødovre har vi siden 2007 haft et frivilligcenter. Rødovre Frivilligcenter er en "
        "selvstændig forening, men modtager økonomisk tilskud fra Rødovre Kommune, og kommunen "
        "er repræsenteret i bestyrelsen. Rødovre Frivilligcenter er en central platform for det "
        "frivillige sociale arbejde i Rødovre og en tæt samarbejdspart. Rødovre Kommune indgår "
        "hvert år en samarbejdsaftale med frivilligcentret, og de fælles indsatser i "
        "handleplanen vil indgå i den kommende samarbejdsaftale.\n\n"
        "Ud over frivilligcentret har Rødovre Kommune samarbejdsaftaler med henholdsvis "
        "Headspace, Rødovre Folkekøkken og Kræftens Bekæmpelse. Formålet er at fremme et godt, "
        "lokalt samarbejde, hvor begge parter bringer sine særlige styrker med ind i "
        "samarbejdet til gavn for borgerne i Rødovre.\n\n"
        "Sammen med Borgeren: I handleplanen har vi fokus på, at kommunen skal spille en "
        "faciliterende rolle. Vi vil arbejde for at sætte forskellige aktører i Rødovre i "
        "forbindelse med hinanden, så der kan opstå nye netværk og relationer. Derudover "
        "arbejder vi for, at civilsamfundet naturligt tænkes ind, når vi løser "
        "velfærdsopgaver.\n\n"
        "Der er blandt andet hentet input til handleplanen på workshops med de frivillige "
        "sociale foreninger og medarbejderne."
    ),
}

# As PREVIOUS_INITIATIVES above. The texts are the source's; obvious slips are mended
# ("borgeren" for "borgere", "i gangsættes" for "igangsættes").
INITIATIVES = [
    (
        1,
        "Vi vil have flere med i foreningerne",
        "Vi vil have flere med i foreningerne. Vi vil have fokus på tilgængelighed, åbenhed og "
        "støtte til at indgå i de etablerede frivillige fællesskaber.\n\n"
        "I samarbejde med Rødovre Frivilligcenter afholdes der temamøde med interesserede "
        "foreninger.\n\n"
        "Foreningerne efterspørger kompetencer til at inkludere udsatte borgere i "
        "foreningslivet – både som brugere og som frivillige.\n\n"
        "Der kan hentes inspiration fra eksempelvis Settlementet, KFUM’s Sociale Arbejde og "
        "DGI’s arbejde med mangfoldighed i foreningslivet.",
        "Formålet er at støtte foreningerne i at inkludere udsatte i deres foreninger både som "
        "brugere og frivillige, herunder at håndtere sårbarheder når de møder det hos brugere "
        "og frivillige.",
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
        "Vi vil forebygge ensomhed. Hvis ensomhed bider sig fast og bliver langvarig, bliver "
        "den samtidig skadelig for vores fysiske og psykiske sundhed.\n\n"
        "Der findes en gruppe borgere i socialpsykiatrien, typisk pensionister, der er uden "
        "netværk.\n\n"
        "Indsatsen handler om at afdække, om der blandt de psykisk sårbare pensionister er "
        "behov for at danne netværk, eller om der er behov for at understøtte allerede "
        "eksisterende netværk eller tilbud. I forhold til opsporing af målgruppen samarbejdes "
        "der foruden socialpsykiatrien med hjemmeplejen.\n\n"
        "Der kan hentes inspiration fra eksempelvis Røde Kors-tiltaget ’Værket’.",
        "Formålet er at støtte en gruppe borgere med meget begrænsede sociale relationer i at "
        "danne netværk – på deres præmisser.",
        [2],
        (2021, 2021),
        S.IN_PROGRESS,
        [
            (SECRETARIAT, "", OWNER),
            (None, "Borgere og medarbejdere i socialpsykiatrien", PARTICIPANT),
            (CENTRE, "", PARTICIPANT),
            (None, "Lokale foreninger", PARTICIPANT),
        ],
    ),
    (
        3,
        "Bedre overgange til civilsamfundet",
        "Vi vil skabe bedre overgange og synergi mellem kommunale tilbud og frivillige sociale "
        "foreninger og aktiviteter.\n\n"
        "Vi etablerer en brobygningsfunktion, hvor en medarbejder fra frivilligcentret er "
        "ansat en dag om ugen til eksempelvis at give medarbejdere på ældreområdet, "
        "sundhedsområdet og i jobcentret bedre kendskab til de mange frivillige sociale "
        "foreninger og deres aktiviteter.\n\n"
        "Som videreudvikling af indsatsen ’Bedre adgang til de frivillige sociale foreninger’ "
        "fra den tidligere handleplan mødes forvaltningen, repræsentanter fra Udsatterådet, "
        "Handicaprådet og Rødovre Frivilligcenter med Jobcentret og Socialpsykiatrien om "
        "mulighederne ved at brobygge til og samarbejde med frivillige foreninger.",
        "Formålet er at etablere bedre overgange fra kommunale forløb til foreningslivet, så "
        "borgere, der har haft et tilbud/forløb i Rødovre Kommune, efterfølgende kan få støtte "
        "i frivilligt regi, hvis de ønsker det.",
        [2],
        (2020, 2021),
        S.IN_PROGRESS,
        [
            (SECRETARIAT, "", OWNER),
            (CENTRE, "", PARTICIPANT),
            (None, "Lokale foreninger", PARTICIPANT),
            ("udsatteraadet", "", PARTICIPANT),
            ("handicapraadet", "", PARTICIPANT),
        ],
    ),
    (
        4,
        "Udvikling af et medborgerhus som del af Islev Bibliotek/Trekanten",
        "Kommunalbestyrelsen har vedtaget en budgetresolution om, at Islev Bibliotek skal "
        "nytænkes.\n\n"
        "Borgere, foreninger, boligselskaber og Rødovre Frivilligcenter skal inddrages i "
        "processen med at udvikle et lokalt samlingssted i Islev med udgangspunkt i "
        "biblioteket.\n\n"
        "Herudover skal erfaringer fra projekt ’Vores Sunde Hverdag’ inddrages.",
        "Formålet er at skabe et levende og inspirerende mødested, der kan være med til at "
        "styrke lokalområdet.",
        [1, 2],
        (2020, 2020),
        S.COMPLETED,
        [
            # "Kultur- og fritidsområdet er projektejer. Social- og Sundhedsforvaltningens
            # ledelsessekretariat deltager i udviklingsarbejdet."
            ("kultur-og-fritidsforvaltningen", "", OWNER),
            (SECRETARIAT, "", PARTICIPANT),
            ("vores-sunde-hverdag", "", CONTRIBUTOR),
            (CENTRE, "", PARTICIPANT),
            (None, "Borgere og lokale foreninger", PARTICIPANT),
        ],
    ),
    (
        5,
        "Netværksfamilier til udsatte familier",
        "Vi vil skabe relationer, hvor udfordrede familier forbindes med mennesker og familier "
        "med andre ressourcer og erfaringer end dem selv.\n\n"
        "Indsatsen består i et samarbejde med ’Sammen om Familien’ om at finde frivillige "
        "netværksfamilier eller ressourcepersoner. Samarbejdet kan også vedrøre "
        "kommunikationsbistand.\n\n"
        "Første skridt er at afklare med familierne, hvilke behov de har.\n\n"
        "Der er holdt møde med Rødovre Frivilligcenter med henblik på at gøre brug af deres "
        "foreningskontakter til at skabe større netværk hos familierne.",
        "Formålet er at støtte indsatsen med at finde netværksfamilier til de familier fra "
        "’Sammen om Familien’, der ønsker at udvide deres netværk og danne nye relationer.",
        [2],
        (2020, 2020),
        S.POSTPONED,
        [
            (SECRETARIAT, "", OWNER),
            # "Jobcentret, ’Sammen om Familien’": the job centre's project.
            ("jobcentret", "", PARTICIPANT),
            ("sammen-om-familien", "", PARTICIPANT),
            (CENTRE, "", PARTICIPANT),
            (None, "Borgere og foreninger i Rødovre", PARTICIPANT),
        ],
    ),
    (
        6,
        "Samspil med ’Vores Sunde Hverdag’",
        "Vi vil medvirke til at sikre, at initiativerne i projekt ’Vores Sunde Hverdag’ "
        "realiseres.\n\n"
        "I foråret skal der i forbindelse med projekt ’Vores Sunde Hverdag’ genereres idéer "
        "til initiativer inden for trivsel og bevægelse.\n\n"
        "Indsatsen handler desuden om at undersøge, hvordan initiativerne kan gøres synlige og "
        "lettilgængelige, så aktiviteterne kan bidrage til at forbinde borgerne med hinanden.",
        "Formålet er at understøtte de indsatser og initiativer, der skal igangsættes i "
        "forbindelse med projekt ’Vores Sunde Hverdag’.",
        [1, 2],
        (2020, 2021),
        S.PLANNED,
        [
            (SECRETARIAT, "", OWNER),
            # "Udvalgte sociale foreninger er udpeget til at deltage."
            (None, "Udvalgte sociale foreninger", PARTICIPANT),
        ],
    ),
    (
        7,
        "’Sammen med Borgeren’ i Islev",
        "Vi vil inddrage civilsamfundet, når vi udvikler vores institutioner og sociale "
        "tilbud.\n\n"
        "Der er nedsat en arbejdsgruppe bestående af medarbejdere fra de forskellige "
        "institutioner i området omkring Broparken og Frivilligcentret, der står for at "
        "udvikle og afholde aktiviteterne.\n\n"
        "Indsatsen består i at støtte arbejdsgruppen i at udvikle flere fælles aktiviteter i "
        "området med særlig fokus på at tænke involvering af civilsamfundet ind.\n\n"
        "Indsatsen tænkes i sammenhæng med udvikling af Medborgerhuset i Islev.",
        "Formålet er at bidrage til at styrke de nære fællesskaber i Rødovres lokalområder.",
        [2],
        (2020, 2021),
        S.IN_PROGRESS,
        [
            (SECRETARIAT, "", OWNER),
            ("sammen-med-borgeren-islev", "", PARTICIPANT),
            ("vores-sunde-hverdag", "", CONTRIBUTOR),
        ],
    ),
]

# Initiative 3 develops 'Bedre adgang til de frivillige sociale foreninger' further:
# {number in this plan: number in the previous plan}.
CARRIED_OVER = {3: 1}

# The path each initiative's status took: (number, from, to, when, comment). A carried-over
# initiative starts with the status it brought along (from and to the same), as when the
# portal starts a new plan from an old one.
STATUS_CHANGES = [
    (1, S.PLANNED, S.IN_PROGRESS, (2020, 2, 3), "Temamødet er under planlægning."),
    (1, S.IN_PROGRESS, S.COMPLETED, (2020, 11, 26), "Temamødet er holdt, og materialet delt."),
    (2, S.PLANNED, S.IN_PROGRESS, (2021, 3, 1), ""),
    (3, S.IN_PROGRESS, S.IN_PROGRESS, (2019, 11, 4), ""),
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
    """Create or update the Rødovre plan 2020-2022 and the plan before it; return the first."""
    staff = User.objects.filter(email="medarbejder@example.dk").first()
    admin = User.objects.filter(email="admin@example.dk").first()
    previous = _load_plan(
        PREVIOUS_PLAN_SLUG, {**PREVIOUS_PLAN, "published_at": _when((2017, 1, 16))}, admin
    )
    previous_initiatives = _load_initiatives(
        previous, PREVIOUS_INITIATIVES, PREVIOUS_STATUS_CHANGES, organisations, staff
    )
    plan = _load_plan(
        PLAN_SLUG,
        {**PLAN, "published_at": _when((2020, 1, 15)), "previous_plan": previous},
        admin,
    )
    carried_over = {new: previous_initiatives[old] for new, old in CARRIED_OVER.items()}
    initiatives = _load_initiatives(
        plan, INITIATIVES, STATUS_CHANGES, organisations, staff, carried_over=carried_over
    )
    initiatives[7].related.set([initiatives[4]])
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


def _load_plan(slug, fields, published_by):
    plan = upsert(
        ActionPlan,
        {"slug": slug},
        {**fields, "status": ActionPlan.Status.PUBLISHED, "published_by": published_by},
    )
    for number, title, description in GOALS:
        upsert(
            StrategicGoal,
            {"plan": plan, "number": number},
            {"title": title, "description": description},
        )
    return plan


def _load_initiatives(plan, rows, status_changes, organisations, staff, *, carried_over=None):
    """The plan's initiatives with their goals, actors and status history, by number."""
    carried_over = carried_over or {}
    goals = {goal.number: goal for goal in plan.goals.all()}
    last_change = {number: _when(ymd) for number, _old, _new, ymd, _c in status_changes}
    initiatives = {}
    for number, title, description, purpose, goal_numbers, years, status, actors in rows:
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
                "carried_over_from": carried_over.get(number),
            },
        )
        initiative.goals.set([goals[n] for n in goal_numbers])
        kept = [
            upsert(
                InitiativeActor,
                {"initiative": initiative, "organisation": organisations.get(slug), "name": name},
                {"role": role, "position": position},
            ).pk
            for position, (slug, name, role) in enumerate(actors)
        ]
        initiative.actors.exclude(pk__in=kept).delete()
        initiatives[number] = initiative
    kept_changes = {number: [] for number in initiatives}
    for number, old, new, ymd, comment in status_changes:
        change = upsert(
            StatusChange,
            {"initiative": initiatives[number], "to_status": new, "changed_at": _when(ymd)},
            {"from_status": old, "changed_by": staff, "comment": comment},
        )
        kept_changes[number].append(change.pk)
    for number, initiative in initiatives.items():
        initiative.status_changes.exclude(pk__in=kept_changes[number]).delete()
    return initiatives
