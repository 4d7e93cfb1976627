"""Demo organisations and municipal units, from Rødovre's action plan and the other sources."""

from organisations.models import Organisation
from volunteer_portal.seeding import upsert

K = Organisation.Kind

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
        K.PROJECT,
        "jobcentret",
        "Jobcentrets indsats for udsatte familier.",
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
    """Create or update the demo organisations; return them by slug."""
    by_slug = {}
    for slug, name, kind, parent_slug, description in DEMO_ORGANISATIONS:
        organisation = upsert(
            Organisation,
            {"slug": slug},
            {
                "name": name,
                "kind": kind,
                "parent": by_slug.get(parent_slug),
                "description": description,
            },
        )
        by_slug[slug] = organisation
    return by_slug
