"""Demo referrals (brobygning): staff of Jobcentret, Plejecenter Broparken and other demo units
have referred citizens to a handful of activities over the last months, so that the staff
overview has numbers to show. The notes say nothing about who the citizen was.

Each row is keyed on its activity, unit and note (every note differs), and only created when
missing: loading the demo again, on any later day, adds or changes nothing.
"""

import datetime

from django.utils import timezone

from organisations.models import Activity, Referral

# (days ago, referring unit's slug, (organisation's slug, activity's title), note)
DEMO_REFERRALS = [
    (4, "jobcentret", ("sammen-om-familien", "Jobmentor"), "Aftalt første møde med mentor."),
    (9, "jobcentret", ("roedovre-frivilligcenter", "Frivilligcaféen"), "Vil gerne møde nye."),
    (15, "plejecenter-broparken", ("roede-kors", "Besøgsven"), "Ønsker besøg om eftermiddagen."),
    (21, "hjemmeplejen", ("aeldre-sagen", "Spisevenner"), "Spiser mest alene."),
    (27, "socialpsykiatrien", ("sind", "SIND-klubben"), "Tager gerne følge med første gang."),
    (33, "jobcentret", ("roedovre-frivilligcenter", "Gå-gruppen i Kirkebyen"), "Motion og ro."),
    (38, "plejecenter-broparken", ("strikkecafeen-valhoej", "Strik og snak"), "Pårørende."),
    (44, "hjemmeplejen", ("roedovre-frivilligcenter", "Telefonvenner"), "Foretrækker telefon."),
    (52, "jobcentret", ("roedovre-folkekoekken", "Fællesspisning"), "Vil gerne hjælpe til."),
    (58, "socialpsykiatrien", ("roedovre-frivilligcenter", "Frivilligcaféen"), "Første besøg."),
    (63, "plejecenter-broparken", ("aeldre-sagen", "Spisevenner"), "Efter indflytning."),
    (71, "islev-bibliotek", ("islev-bibliotek", "Læseklub"), "Spurgte ved skranken."),
    (79, "jobcentret", ("sammen-om-familien", "Jobmentor"), "Har brug for hjælp til CV."),
    (86, "hjemmeplejen", ("roede-kors", "Besøgsven"), "Har ingen familie i nærheden."),
    (94, "plejecenter-broparken", ("roedovre-frivilligcenter", "Sorggruppe for voksne"), ""),
    (
        103,
        "socialpsykiatrien",
        ("sind", "Selvhjælpsgruppe om depression"),
        "Henvist efter samtale.",
    ),
    (111, "jobcentret", ("roede-kors", "Sprogcafé"), "Øver dansk til samtaler."),
    (122, "islev-bibliotek", ("aeldre-sagen", "IT-hjælp for seniorer"), "Vil lære MitID."),
    (
        134,
        "plejecenter-broparken",
        ("skovgaardens-venneforening", "Eftermiddagskaffe og musik"),
        "",
    ),
    (
        147,
        "jobcentret",
        ("roedovre-frivilligcenter", "Gå-gruppen i Kirkebyen"),
        "Følges af en ven.",
    ),
    (158, "hjemmeplejen", ("aeldre-sagen", "Motion for seniorer"), "Efter faldforebyggelse."),
    (169, "socialpsykiatrien", ("roedovre-folkekoekken", "Suppekøkken"), "Tager en ven med."),
]


def load_referrals(organisations, today=None):
    """Create the demo referrals that are missing; return how many the demo has."""
    today = today or timezone.localdate()
    activities = {
        (activity.organisation.slug, activity.title): activity
        for activity in Activity.objects.filter(
            organisation__in=organisations.values()
        ).select_related("organisation")
    }
    for days_ago, unit_slug, activity_key, note in DEMO_REFERRALS:
        Referral.objects.get_or_create(
            activity=activities[activity_key],
            unit=organisations[unit_slug],
            note=note,
            defaults={"referred_on": today - datetime.timedelta(days=days_ago)},
        )
    return len(DEMO_REFERRALS)
