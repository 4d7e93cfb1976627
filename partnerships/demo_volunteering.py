"""Demo volunteer flow: opportunities at Plejecenter Broparken, Islev Bibliotek, Jobcentret and
at associations, of all five kinds of the Lyngby-Taarbæk policy (concrete activities, cultural
events, parties and events, escort service, company and presence); interests and volunteer
agreements in every state; and the demo volunteer (frivillig@example.dk) with one active
agreement and one open interest. Invented for the demo, in our own words; the volunteers and
staff members are no real people and their addresses are @example.dk.

Every state is reached through the services, as in real use, with the demo coordinator
(koordinator@example.dk) acting, so that the places held are consistent: "Sprogcafé" is full
and has a waiting list. Only history is dated back by hand: the day one interest came in (so
that the service goal shows), and the time an offer from the waiting list was open (so that
it lapsed). A scenario is played once, when its volunteer has nothing for its opportunity yet;
loading again changes nothing. The mail the services queue on the way is dropped.
"""

import contextlib
import datetime

from django.utils import timezone

from organisations.models import Area, Membership, TargetGroup
from partnerships.models import (
    Interest,
    Kind,
    Opportunity,
    TimeOfWeek,
    VolunteerAgreement,
    VolunteerProfile,
)
from partnerships.services import interests, volunteer_agreements, volunteers
from partnerships.services import opportunities as opportunity_services
from partnerships.services.volunteer_agreements import add_months
from volunteer_portal.models import User

COORDINATOR = "koordinator@example.dk"
DEMO_VOLUNTEER = "frivillig@example.dk"

# Staff members of the units, who are the volunteers' contact persons there
# (e-mail, name, unit slug). Jobcentret's is the demo staff member medarbejder@example.dk.
CONTACTS = {
    "plejecenter-broparken": ("plejer@example.dk", "Per Plejer"),
    "islev-bibliotek": ("bibliotekar@example.dk", "Birgit Bibliotekar"),
    "jobcentret": ("medarbejder@example.dk", "Mette Medarbejder"),
}

# (e-mail, name, phone, kinds, availability, areas, languages, presentation)
VOLUNTEERS = [
    (
        DEMO_VOLUNTEER,
        "Frida Frivillig",
        "20 00 00 01",
        [Kind.COMPANY, Kind.PARTIES],
        [TimeOfWeek.WEEKDAY_DAYTIME, TimeOfWeek.WEEKEND],
        ["Rødovre Nord", "Islev"],
        "Dansk, engelsk",
        "Jeg er nyslået pensionist og vil gerne bruge et par timer om ugen på at være "
        "sammen med ældre, gerne over en kop kaffe og et spil kort.",
    ),
    (
        "bodil.frivillig@example.dk",
        "Bodil Besøgsven",
        "20 00 00 02",
        [Kind.CONCRETE, Kind.COMPANY],
        [TimeOfWeek.WEEKDAY_DAYTIME],
        ["Islev"],
        "Dansk",
        "Tidligere folkeskolelærer. Jeg hjælper gerne børn med lektierne.",
    ),
    (
        "carsten.frivillig@example.dk",
        "Carsten Cykelven",
        "20 00 00 03",
        [Kind.CONCRETE, Kind.PARTIES, Kind.CULTURAL],
        [TimeOfWeek.WEEKDAY_EVENING, TimeOfWeek.WEEKEND],
        ["Rødovre Centrum", "Kirkebyen"],
        "Dansk, tysk",
        "Jeg kan lide at stå for det praktiske: stole, borde, lyd og kaffe.",
    ),
    (
        "dorthe.frivillig@example.dk",
        "Dorthe Dialog",
        "20 00 00 04",
        [Kind.CONCRETE, Kind.COMPANY],
        [TimeOfWeek.WEEKDAY_EVENING],
        ["Islev", "Valhøj"],
        "Dansk, engelsk",
        "Studerer til pædagog og har erfaring fra lektiecafé og fritidsklub.",
    ),
    (
        "erik.frivillig@example.dk",
        "Erik Eventyr",
        "20 00 00 05",
        [Kind.CULTURAL, Kind.ESCORT],
        [TimeOfWeek.WEEKDAY_DAYTIME],
        ["Rødovre Syd"],
        "Dansk",
        "Jeg læser gerne højt og fortæller historier fra det gamle Rødovre.",
    ),
    (
        "gurli.frivillig@example.dk",
        "Gurli Gåtur",
        "20 00 00 06",
        [Kind.ESCORT, Kind.COMPANY],
        [TimeOfWeek.WEEKDAY_DAYTIME],
        ["Rødovre Nord", "Rødovre Centrum"],
        "Dansk, svensk",
        "Jeg har bil og følger gerne en ældre borger til lægen eller på en gåtur.",
    ),
    (
        "hassan.frivillig@example.dk",
        "Hassan Hjælpsom",
        "20 00 00 07",
        [Kind.CONCRETE, Kind.CULTURAL],
        [TimeOfWeek.WEEKDAY_EVENING, TimeOfWeek.WEEKEND],
        ["Rødovre Centrum"],
        "Dansk, arabisk, engelsk",
        "Jeg kom selv til Danmark for ti år siden og vil gerne hjælpe andre godt i gang.",
    ),
]

CHILDREN_NOTE = (
    "Du arbejder fast med børn under 15 år, så vi indhenter en børneattest med dit "
    "samtykke, før du starter."
)

# (title, unit slug, kind, volunteers wanted, days from today to the start (and end, for a
#  one-off), extras). All published unless the extras say otherwise.
OPPORTUNITIES = [
    (
        "Besøgsven for beboere på Plejecenter Broparken",
        "plejecenter-broparken",
        Kind.COMPANY,
        3,
        (-180, None),
        {
            "description": "Vær en fast besøgsven for en beboer, der sjældent får besøg. I "
            "aftaler selv, hvad I laver: en snak over kaffen, et spil kort, avisen læst højt "
            "eller en tur i haven.",
            "rhythm": "En gang om ugen",
            "time_commitment": "1-2 timer om ugen",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME, TimeOfWeek.WEEKEND],
            "area": "Rødovre Nord",
            "place": "Plejecenter Broparken",
            "meeting_place": "Receptionen, stuen",
            "target_groups": ["Ældre"],
            "practical_notes": "Kaffe og kage er på huset. Du får en introduktion af "
            "frivilligkoordinatoren og en kontaktperson i afdelingen.",
        },
    ),
    (
        "Følgeven til læge og hospital",
        "plejecenter-broparken",
        Kind.ESCORT,
        2,
        (-90, None),
        {
            "description": "Følg en beboer til lægen, tandlægen eller et ambulant besøg på "
            "hospitalet, og vær en rolig hånd i venteværelset.",
            "rhythm": "Efter aftale, typisk et par gange om måneden",
            "time_commitment": "2-3 timer pr. tur",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME],
            "area": "Rødovre Nord",
            "place": "Plejecenter Broparken",
            "target_groups": ["Ældre"],
            "skills": "Rolig og tålmodig; kørekort er en fordel, men ikke et krav.",
        },
    ),
    (
        "Sommerfest på Broparken",
        "plejecenter-broparken",
        Kind.PARTIES,
        6,
        (40, 40),
        {
            "description": "Hjælp os med årets sommerfest for beboere og pårørende: borde og "
            "stole, servering, musik og en hånd til dem, der skal ud i haven.",
            "is_one_off": True,
            "rhythm": "Én lørdag eftermiddag",
            "time_commitment": "5 timer",
            "times": [TimeOfWeek.WEEKEND],
            "area": "Rødovre Nord",
            "place": "Haven ved Plejecenter Broparken",
            "target_groups": ["Ældre", "Pårørende"],
            "practical_notes": "Alle frivillige spiser med bagefter.",
        },
    ),
    (
        "Lektiecafé for skolebørn på Islev Bibliotek",
        "islev-bibliotek",
        Kind.CONCRETE,
        3,
        (-800, None),
        {
            "description": "Hjælp børn fra 3. til 7. klasse med lektierne: læsning, matematik "
            "og engelsk. Vi sørger for frugt og saftevand, du for ro og opmuntring.",
            "works_with_children": True,
            "rhythm": "Hver tirsdag og torsdag",
            "time_commitment": "2 timer om ugen",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME],
            "area": "Islev",
            "place": "Islev Bibliotek",
            "meeting_place": "Børnebiblioteket",
            "target_groups": ["Børn"],
            "skills": "Lyst til at hjælpe børn; du behøver ikke være lærer.",
            "practical_notes": CHILDREN_NOTE,
        },
    ),
    (
        "Højtlæsning og fortællecafé",
        "islev-bibliotek",
        Kind.CULTURAL,
        2,
        (-300, None),
        {
            "description": "Læs noveller og digte højt for voksne, der ikke selv læser så "
            "meget længere, og snak om teksterne bagefter.",
            "rhythm": "Hver anden onsdag",
            "time_commitment": "2 timer hver anden uge",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME],
            "area": "Islev",
            "place": "Islev Bibliotek",
            "target_groups": ["Ældre", "Alle"],
        },
    ),
    (
        "IT-café for seniorer",
        "islev-bibliotek",
        Kind.CONCRETE,
        2,
        (60, None),
        {
            "description": "Hjælp seniorer med MitID, e-Boks og videoopkald til børnebørnene.",
            "rhythm": "Hver fredag formiddag",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME],
            "area": "Islev",
            "place": "Islev Bibliotek",
            "target_groups": ["Ældre"],
            "draft": True,
        },
    ),
    (
        "Sprogcafé: dansk i praksis",
        "jobcentret",
        Kind.CONCRETE,
        2,
        (-200, None),
        {
            "description": "Tal dansk med borgere, der er ved at lære sproget og skal i job: "
            "hverdagssnak, jobsamtaler øvet i trygge rammer og hjælp med en ansøgning.",
            "rhythm": "Hver mandag eftermiddag",
            "time_commitment": "2 timer om ugen",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME],
            "area": "Rødovre Centrum",
            "place": "Jobcentret",
            "meeting_place": "Mødelokale 2, 1. sal",
            "target_groups": ["Flygtninge og migranter", "Ledige"],
            "languages": "Dansk",
            "initiative": 5,
        },
    ),
    (
        "Besøgsven med Røde Kors",
        "roede-kors",
        Kind.COMPANY,
        5,
        (-365, None),
        {
            "description": "Bliv besøgsven for en ensom borger i eget hjem. Røde Kors matcher "
            "jer efter interesser og bopæl og følger op med netværksmøder.",
            "rhythm": "En gang om ugen eller hver anden uge",
            "time_commitment": "1-2 timer pr. besøg",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME, TimeOfWeek.WEEKDAY_EVENING],
            "area": "Rødovre Syd",
            "target_groups": ["Ældre", "Socialt udsatte"],
        },
    ),
    (
        "Billetsalg og garderobe ved koncerter",
        "syvstjernescenen",
        Kind.CULTURAL,
        4,
        (-100, None),
        {
            "description": "Stå i døren ved Syvstjernescenens koncerter og fællessang: "
            "billetsalg, garderobe og en venlig velkomst.",
            "rhythm": "Et par aftener om måneden",
            "time_commitment": "3-4 timer pr. aften",
            "times": [TimeOfWeek.WEEKDAY_EVENING, TimeOfWeek.WEEKEND],
            "area": "Rødovre Centrum",
            "target_groups": ["Alle"],
        },
    ),
    (
        "Hjælper på sommerlejr med Red Barnet",
        "red-barnet",
        Kind.PARTIES,
        4,
        (70, 75),
        {
            "description": "Vær med på en uges sommerlejr for familier med få penge: "
            "madlavning, aktiviteter og lejrbål.",
            "is_one_off": True,
            "rhythm": "En uge i sommerferien",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME, TimeOfWeek.WEEKEND],
            "target_groups": ["Familier", "Børn"],
            "practical_notes": "En hjælper på en enkelt lejruge har ingen fast tilknytning "
            "til børnene, så der kræves ikke børneattest.",
        },
    ),
    (
        "Ledsager til indkøb og ærinder",
        "aeldre-sagen",
        Kind.ESCORT,
        3,
        (-30, None),
        {
            "description": "Følg en ældre borger til butikken, banken eller apoteket, og hjælp "
            "med at bære varerne hjem.",
            "rhythm": "Efter aftale",
            "times": [TimeOfWeek.WEEKDAY_DAYTIME],
            "area": "Valhøj",
            "target_groups": ["Ældre"],
        },
    ),
]

AGREEMENT_TEXTS = {
    "plejecenter-broparken": {
        "expectations": "Den frivillige kommer som aftalt og melder afbud i god tid. "
        "Plejecentret giver en introduktion, en kontaktperson og indbyder til frivilligmøder "
        "og julefrokost.",
        "task_boundary": "Den frivillige hjælper ikke med personlig pleje eller medicin; det "
        "gør personalet.",
        "meetings": "En samtale med kontaktpersonen hvert halve år",
    },
    "islev-bibliotek": {
        "expectations": "Den frivillige møder stabilt op og siger til, hvis noget bekymrer "
        "dem. Biblioteket stiller lokale, materialer og forplejning til rådighed.",
        "task_boundary": "Den frivillige støtter børnene, men har ikke ansvaret for dem; det "
        "har bibliotekets personale.",
        "meetings": "Frivilligmøde hver sæsonstart",
    },
    "jobcentret": {
        "expectations": "Den frivillige taler dansk med deltagerne i øjenhøjde. Jobcentret "
        "sørger for lokale og en kontaktperson.",
        "task_boundary": "Den frivillige giver ikke råd om ydelser eller sager; det gør "
        "sagsbehandlerne.",
        "meetings": "Opfølgning med kontaktpersonen efter tre måneder",
    },
}


@contextlib.contextmanager
def mail_held_back():
    """The services queue a mail at every change: in the demo nobody is to get them."""
    from volunteer_portal import mail

    original = mail.enqueue_mail
    mail.enqueue_mail = lambda **kwargs: None
    try:
        yield
    finally:
        mail.enqueue_mail = original


def load_volunteering(organisations, today=None):
    """Create the demo opportunities, volunteers, interests and agreements that are missing;
    return how many opportunities there are."""
    today = today or timezone.localdate()
    with mail_held_back():
        coordinator = User.objects.get(email=COORDINATOR)
        contacts = _contacts(organisations)
        people = _volunteers()
        opportunities = _opportunities(organisations, coordinator, today)
        _Flow(coordinator, contacts, people, opportunities, organisations, today).play()
    return Opportunity.objects.count()


def _contacts(organisations):
    from volunteer_portal.demo import DEMO_PASSWORD, ensure_verified_email

    contacts = {}
    for slug, (email, name) in CONTACTS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, role=User.Role.STAFF
            )
        Membership.objects.get_or_create(
            user=user, organisation=organisations[slug], capacity=Membership.Capacity.STAFF
        )
        ensure_verified_email(user)
        contacts[slug] = user
    return contacts


def _volunteers():
    from volunteer_portal.demo import DEMO_PASSWORD, ensure_verified_email

    people = {}
    for email, name, phone, kinds, times, areas, languages, text in VOLUNTEERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, full_name=name, role=User.Role.VOLUNTEER
            )
        ensure_verified_email(user)
        if not VolunteerProfile.objects.filter(user=user).exists():
            profile = volunteers.register_volunteer(user, full_name=name, phone=phone, by=user)
            profile.kinds = [str(k) for k in kinds]
            profile.availability = [str(t) for t in times]
            profile.languages = languages
            profile.presentation = text
            volunteers.profile_update(
                profile, areas=list(Area.objects.filter(name__in=areas)), by=user
            )
        people[email.split("@")[0].split(".")[0]] = user
    return people


def _opportunities(organisations, coordinator, today):
    from initiatives.models import Initiative

    by_title = {}
    for title, slug, kind, wanted, (start, end), extra in OPPORTUNITIES:
        existing = Opportunity.objects.filter(title=title).first()
        if existing is not None:
            by_title[title] = existing
            continue
        extra = dict(extra)
        groups = extra.pop("target_groups", [])
        area = extra.pop("area", None)
        draft = extra.pop("draft", False)
        initiative = extra.pop("initiative", None)
        opportunity = Opportunity(
            title=title,
            organisation=organisations[slug],
            kind=kind,
            volunteers_wanted=wanted,
            area=Area.objects.filter(name=area).first() if area else None,
            start_date=today + datetime.timedelta(days=start),
            end_date=today + datetime.timedelta(days=end) if end is not None else None,
            **extra,
        )
        opportunity_services.opportunity_create(
            opportunity,
            coordinators=[coordinator],
            target_groups=TargetGroup.objects.filter(name__in=groups),
            initiatives=Initiative.objects.filter(
                plan__slug="roedovre-2020-2022", number=initiative
            )
            if initiative is not None
            else [],
            by=coordinator,
        )
        if not draft:
            opportunity_services.opportunity_publish(opportunity, by=coordinator)
        by_title[title] = opportunity
    return by_title


class _Flow:
    """The interests and agreements, each scenario played once through the services."""

    def __init__(self, coordinator, contacts, people, opportunities, organisations, today):
        self.coordinator = coordinator
        self.contacts = contacts
        self.people = people
        self.opportunities = opportunities
        self.organisations = organisations
        self.today = today

    def play(self):
        p, o = self.people, self.opportunities
        visiting = o["Besøgsven for beboere på Plejecenter Broparken"]
        escort = o["Følgeven til læge og hospital"]
        party = o["Sommerfest på Broparken"]
        homework = o["Lektiecafé for skolebørn på Islev Bibliotek"]
        reading = o["Højtlæsning og fortællecafé"]
        language = o["Sprogcafé: dansk i praksis"]
        concerts = o["Billetsalg og garderobe ved koncerter"]

        # The demo volunteer: one active agreement, one open (new) interest.
        self.once(p["frivillig"], visiting, lambda: self.active(p["frivillig"], visiting, -120))
        self.once(p["frivillig"], party, lambda: self.interest(p["frivillig"], party))
        # A new interest older than the service goal.
        self.once(p["dorthe"], visiting, lambda: self.interest(p["dorthe"], visiting, days=-20))
        # Declined with a reason, in dialogue, and an agreement offered.
        self.once(p["hassan"], escort, lambda: self.declined(p["hassan"], escort))
        self.once(p["erik"], escort, lambda: self.dialogue(p["erik"], escort))
        self.once(p["gurli"], escort, lambda: self.offered(p["gurli"], escort, 7))
        # A draft agreement (its interest in dialogue).
        self.once(p["carsten"], party, lambda: self.draft(p["carsten"], party))
        # Children under 15: an active agreement with its certificate assessed (due again
        # within two months), and a confirmed one waiting for the certificate.
        self.once(p["dorthe"], homework, lambda: self.with_certificate(p["dorthe"], homework))
        self.once(p["bodil"], homework, lambda: self.confirmed(p["bodil"], homework, -5))
        # An ended agreement, and an active one ending within 30 days.
        self.once(p["erik"], reading, lambda: self.ended(p["erik"], reading))
        self.once(p["hassan"], reading, lambda: self.active(p["hassan"], reading, -330, 21))
        # Withdrawn by the volunteer, at an association.
        self.once(p["carsten"], concerts, lambda: self.withdrawn(p["carsten"], concerts))
        # The full opportunity with a waiting list.
        self.once(p["carsten"], language, lambda: self.waiting_list(language))
        # A general interest for the volunteer centre.
        centre = self.organisations["roedovre-frivilligcenter"]
        if not Interest.objects.filter(volunteer=p["hassan"], organisation=centre).exists():
            interests.register_interest(
                volunteer=p["hassan"],
                organisation=centre,
                message="Jeg vil gerne hjælpe, hvor der er brug for en, der taler arabisk.",
                by=p["hassan"],
            )

    def once(self, volunteer, opportunity, scenario):
        """Play ``scenario`` unless ``volunteer`` already has something for ``opportunity``."""
        if not (
            Interest.objects.filter(volunteer=volunteer, opportunity=opportunity).exists()
            or VolunteerAgreement.objects.filter(
                volunteer=volunteer, opportunity=opportunity
            ).exists()
        ):
            scenario()

    # The steps.

    def interest(self, volunteer, opportunity, *, days=0, join_waiting_list=False):
        interest = interests.register_interest(
            volunteer=volunteer,
            opportunity=opportunity,
            message=f"Hej! Jeg vil gerne være med til “{opportunity.title}”.",
            join_waiting_list=join_waiting_list,
            by=volunteer,
        )
        if days:
            # History: the interest came in ``days`` ago (the service goal shows it).
            when = interest.created_at + datetime.timedelta(days=days)
            Interest.objects.filter(pk=interest.pk).update(created_at=when, updated_at=when)
            interest.refresh_from_db()
        return interest

    def dialogue(self, volunteer, opportunity):
        return interests.start_dialogue(self.interest(volunteer, opportunity), by=self.coordinator)

    def declined(self, volunteer, opportunity):
        return interests.decline(
            self.interest(volunteer, opportunity),
            reason="Tak for din interesse! Vi har desværre kun brug for følgevenner i dagtimerne, "
            "og du kan kun om aftenen. Se gerne vores andre opgaver.",
            by=self.coordinator,
        )

    def withdrawn(self, volunteer, opportunity):
        return interests.withdraw(self.interest(volunteer, opportunity), by=volunteer)

    def draft(self, volunteer, opportunity, start=None, ends_in=None):
        unit = opportunity.organisation
        interest = self.interest(volunteer, opportunity)
        start_date = self.today + datetime.timedelta(days=start) if start is not None else None
        agreement = VolunteerAgreement(
            unit=unit,
            contact_person=self.contacts[unit.slug],
            tasks=_tasks(opportunity),
            rhythm=opportunity.rhythm,
            start_date=start_date or opportunity.start_date or self.today,
            end_date=(
                self.today + datetime.timedelta(days=ends_in)
                if ends_in is not None
                else opportunity.end_date
                if opportunity.is_one_off
                else None
            ),
            **AGREEMENT_TEXTS[unit.slug],
        )
        return volunteer_agreements.agreement_create(
            agreement, interest=interest, by=self.coordinator
        )

    def offered(self, volunteer, opportunity, start, ends_in=None):
        agreement = self.draft(volunteer, opportunity, start, ends_in)
        return volunteer_agreements.offer(agreement, by=self.coordinator)

    def confirmed(self, volunteer, opportunity, start, ends_in=None):
        agreement = self.offered(volunteer, opportunity, start, ends_in)
        return volunteer_agreements.confirm(agreement, by=volunteer)

    def active(self, volunteer, opportunity, start, ends_in=None):
        agreement = self.confirmed(volunteer, opportunity, start, ends_in)
        return volunteer_agreements.approve(agreement, by=self.coordinator)

    def with_certificate(self, volunteer, opportunity):
        # Assessed 23 months ago, just before the start: due again within two months.
        assessed = add_months(self.today, -23)
        started = assessed + datetime.timedelta(days=7)
        agreement = self.confirmed(volunteer, opportunity, (started - self.today).days)
        volunteer_agreements.record_child_certificate(
            agreement, assessed_on=assessed, by=self.coordinator
        )
        return volunteer_agreements.approve(agreement, by=self.coordinator)

    def ended(self, volunteer, opportunity):
        agreement = self.active(volunteer, opportunity, -280)
        return volunteer_agreements.end(
            agreement,
            reason="Erik flytter til Aarhus og kan ikke fortsætte. Tak for mange gode "
            "eftermiddage.",
            on=self.today - datetime.timedelta(days=20),
            by=volunteer,
        )

    def waiting_list(self, opportunity):
        """Sprogcafé wants two: Carsten is active; Hassan took the other place and withdrew;
        it was offered to Erik, first on the waiting list, who did not answer in time; then
        to Bodil, who accepted; Gurli waits."""
        p = self.people
        self.active(p["carsten"], opportunity, -150)
        hassan = self.interest(p["hassan"], opportunity)
        erik = self.interest(p["erik"], opportunity, join_waiting_list=True)
        bodil = self.interest(p["bodil"], opportunity, join_waiting_list=True)
        interests.withdraw(hassan, by=p["hassan"])  # the place is offered to Erik
        # History: Erik's offer was made days ago and is no longer open.
        Interest.objects.filter(pk=erik.pk).update(
            place_offered_until=timezone.now() - datetime.timedelta(days=1)
        )
        interests.pass_on_lapsed_offers(by=self.coordinator)  # Erik lapses, Bodil is offered
        bodil.refresh_from_db()
        interests.accept_place(bodil, by=p["bodil"])
        self.interest(p["gurli"], opportunity, join_waiting_list=True)


def _tasks(opportunity):
    return f"{opportunity.description}\n\nAftalt med frivilligkoordinatoren: {opportunity.rhythm}."
