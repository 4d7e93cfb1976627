"""Demo organisations and municipal units, from Rødovre's action plan and the other sources,
with the districts, target groups, challenges and the activities the organisations offer."""

from organisations.demo_activities import (
    DEMO_AREAS,
    DEMO_CHALLENGES,
    DEMO_DETAILS,
    DEMO_TARGET_GROUPS,
    load_activities,
)
from organisations.models import Area, Challenge, Organisation, TargetGroup
from volunteer_portal.seeding import upsert

K = Organisation.Kind
# In the demo, the associations and the volunteer centre are non-profit; the municipality's
# units, its councils, projects and programmes are not associations.
NON_PROFIT_KINDS = (K.ADULT_EDUCATION, K.HUMANITARIAN, K.COMMUNITY, K.VOLUNTEER_CENTRE)

# (slug, name, kind, parent slug, description)
DEMO_ORGANISATIONS = [
    (
        "social-og-sundhedsforvaltningen",
        "Social- og Sundhedsforvaltningen",
        K.ADMINISTRATION,
        None,
        "Forvaltningen for ældre, sundhed, handicap og socialpsykiatri.",
    ),
    (
        "ledelsessekretariatet",
        "Social- og Sundhedsforvaltningens ledelsessekretariat",
        K.UNIT,
        "social-og-sundhedsforvaltningen",
        "Sekretariatet driver handleplanen for frivilligt socialt arbejde.",
    ),
    (
        "plejecenter-broparken",
        "Plejecenter Broparken",
        K.CENTRE,
        "social-og-sundhedsforvaltningen",
        "Plejecenter med frivillige besøgsvenner, caféeftermiddage og fester.",
    ),
    (
        "hjemmeplejen",
        "Hjemmeplejen",
        K.UNIT,
        "social-og-sundhedsforvaltningen",
        "Hjælp i eget hjem; samarbejder om at finde ensomme borgere.",
    ),
    (
        "socialpsykiatrien",
        "Socialpsykiatrien",
        K.UNIT,
        "social-og-sundhedsforvaltningen",
        "Tilbud til borgere med psykiske vanskeligheder.",
    ),
    (
        "kultur-og-fritidsforvaltningen",
        "Kultur- og Fritidsforvaltningen",
        K.ADMINISTRATION,
        None,
        "Kultur- og fritidsområdet med biblioteker og foreningsliv.",
    ),
    (
        "islev-bibliotek",
        "Islev Bibliotek",
        K.UNIT,
        "kultur-og-fritidsforvaltningen",
        "Biblioteket i Islev, som skal udvikles til et medborgerhus.",
    ),
    (
        "beskaeftigelsesforvaltningen",
        "Beskæftigelsesforvaltningen",
        K.ADMINISTRATION,
        None,
        "Forvaltningen for beskæftigelse og integration.",
    ),
    (
        "jobcentret",
        "Jobcentret",
        K.CENTRE,
        "beskaeftigelsesforvaltningen",
        "Jobcentret henviser borgere til foreningers aktiviteter.",
    ),
    (
        "sammen-om-familien",
        "Sammen om Familien",
        K.NETWORK,
        "jobcentret",
        "Jobcentrets program for udsatte familier, hvor kommune og foreninger arbejder sammen "
        "om familiens hverdag, job og fritid.",
    ),
    (
        "roedovre-frivilligcenter",
        "Rødovre Frivilligcenter",
        K.VOLUNTEER_CENTRE,
        None,
        "Selvstændig forening siden 2007 og kommunens centrale samarbejdspart om frivilligt "
        "socialt arbejde.",
    ),
    (
        "headspace-roedovre",
        "Headspace Rødovre",
        K.HUMANITARIAN,
        None,
        "Gratis og anonym rådgivning til unge.",
    ),
    (
        "roedovre-folkekoekken",
        "Rødovre Folkekøkken",
        K.HUMANITARIAN,
        None,
        "Fællesspisning og et måltid for alle.",
    ),
    (
        "kraeftens-bekaempelse",
        "Kræftens Bekæmpelse",
        K.HUMANITARIAN,
        None,
        "Rådgivning og netværk for mennesker ramt af kræft og deres pårørende.",
    ),
    ("roede-kors", "Røde Kors", K.HUMANITARIAN, None, "Besøgsvenner og netværkstilbud."),
    ("aeldre-sagen", "Ældre Sagen", K.HUMANITARIAN, None, "Frivillige aktiviteter for ældre."),
    ("sind", "SIND", K.HUMANITARIAN, None, "Landsforeningen for psykisk sundhed."),
    ("spejderne-islev", "Spejderne i Islev", K.ADULT_EDUCATION, None, "Spejdergruppe for børn."),
    (
        "red-barnet",
        "Red Barnet",
        K.HUMANITARIAN,
        None,
        "Frivillige skaber fællesskab og ferie for børn og familier med få penge.",
    ),
    (
        "boerns-vilkaar",
        "Børns Vilkår",
        K.HUMANITARIAN,
        None,
        "Rådgivning til børn og unge og til de voksne omkring dem.",
    ),
    (
        "roedovre-gymnastikforening",
        "Rødovre Gymnastikforening",
        K.ADULT_EDUCATION,
        None,
        "Gymnastik for alle aldre, fra forældre-barn-hold til motion for seniorer.",
    ),
    (
        "islev-boldklub",
        "Islev Boldklub",
        K.ADULT_EDUCATION,
        None,
        "Fodboldklub med hold for børn, unge, voksne og veteraner.",
    ),
    (
        "syvstjernescenen",
        "Syvstjernescenen",
        K.ADULT_EDUCATION,
        None,
        "Kulturforening med teater, koncerter og fællessang, drevet af frivillige.",
    ),
    (
        "skovgaardens-venneforening",
        "Skovgårdens Venneforening",
        K.HUMANITARIAN,
        None,
        "Venneforeningen giver beboerne på Plejecentret Skovgården hyggelige stunder og udflugter.",
    ),
    (
        "lillevangs-venner",
        "Lillevangs Venner",
        K.HUMANITARIAN,
        None,
        "Frivillige, som besøger og hygger med beboerne på Lillevang.",
    ),
    (
        "strikkecafeen-valhoej",
        "Strikkecaféen i Valhøj",
        K.COMMUNITY,
        None,
        "Et selvorganiseret fællesskab om strik, kaffe og snak.",
    ),
    (
        "frivilligraadet",
        "Frivilligrådet",
        K.COUNCIL,
        None,
        "Rådet samler foreningerne og rådgiver kommunen om samarbejdet med frivillige.",
    ),
    (
        "aeldreraadet",
        "Ældrerådet",
        K.COUNCIL,
        None,
        "Rådet rådgiver kommunalbestyrelsen om ældrepolitik.",
    ),
    (
        "udsatteraadet",
        "Udsatterådet",
        K.COUNCIL,
        None,
        "Rådet giver socialt udsatte borgere en stemme.",
    ),
    (
        "handicapraadet",
        "Handicaprådet",
        K.COUNCIL,
        None,
        "Rådet rådgiver kommunalbestyrelsen i handicappolitiske spørgsmål.",
    ),
    (
        "vores-sunde-hverdag",
        "Projekt ’Vores Sunde Hverdag’",
        K.PROJECT,
        None,
        "Projekt om trivsel og bevægelse i hverdagen.",
    ),
    (
        "sammen-med-borgeren-islev",
        "Arbejdsgruppen ’Sammen med Borgeren’ i Islev",
        K.COMMUNITY,
        None,
        "Medarbejdere fra institutionerne omkring Broparken og Frivilligcentret.",
    ),
]


def load_organisations():
    """Create or update the demo organisations and their activities; return them by slug."""
    areas = {name: Area.objects.get_or_create(name=name)[0] for name in DEMO_AREAS}
    target_groups = {
        name: TargetGroup.objects.get_or_create(name=name)[0] for name in DEMO_TARGET_GROUPS
    }
    challenges = {name: Challenge.objects.get_or_create(name=name)[0] for name in DEMO_CHALLENGES}
    by_slug = {}
    for slug, name, kind, parent_slug, description in DEMO_ORGANISATIONS:
        details = dict(DEMO_DETAILS.get(slug, {}))
        area = details.pop("area", None)
        organisation = upsert(
            Organisation,
            {"slug": slug},
            {
                "name": name,
                "kind": kind,
                "parent": by_slug.get(parent_slug),
                "description": description,
                "area": areas[area] if area else None,
                "is_non_profit": kind in NON_PROFIT_KINDS,
                **details,
            },
        )
        by_slug[slug] = organisation
    load_activities(by_slug, areas, target_groups, challenges)
    return by_slug
