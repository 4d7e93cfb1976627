from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def municipal(self):
        return self.filter(kind__in=Organisation.MUNICIPAL_KINDS)

    def civil_society(self):
        return self.exclude(kind__in=Organisation.MUNICIPAL_KINDS)

    def with_list_data(self):
        return self.select_related("parent")


class Organisation(models.Model):
    """An actor the municipality works with: a civil-society organisation or a municipal unit.

    Municipal units form a hierarchy (administration → centre → unit), so that initiatives,
    agreements and coordinators can name exactly the part of the municipality they concern.
    """

    class Kind(models.TextChoices):
        # The four volunteer types of the Furesø case.
        ADULT_EDUCATION = "adult_education", _("Adult-education association")
        HUMANITARIAN = "humanitarian", _("Humanitarian or social association")
        COMMUNITY = "community", _("Self-organised community")
        INDIVIDUAL = "individual", _("Individual")
        # Other actors.
        VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
        COUNCIL = "council", _("Council")
        PROJECT = "project", _("Project")
        # The municipality's own organisation.
        ADMINISTRATION = "administration", _("Municipal administration")
        CENTRE = "centre", _("Municipal centre")
        UNIT = "unit", _("Municipal unit")

    MUNICIPAL_KINDS = (Kind.ADMINISTRATION, Kind.CENTRE, Kind.UNIT)
    # Which kind of municipal unit may sit directly under which.
    ALLOWED_PARENT_KINDS = {
        Kind.ADMINISTRATION: (),
        Kind.CENTRE: (Kind.ADMINISTRATION,),
        Kind.UNIT: (Kind.ADMINISTRATION, Kind.CENTRE),
    }

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("For municipal units: the administration or centre above this one."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [Lower("name")]  # "SIND" among the S-names, not before them
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:organisation-detail", kwargs={"slug": self.slug})

    @property
    def is_municipal(self):
        return self.kind in self.MUNICIPAL_KINDS

    def clean(self):
        super().clean()
        if not self.parent_id:
            if self.kind in (self.Kind.CENTRE, self.Kind.UNIT):
                raise ValidationError(
                    {"parent": _("A municipal centre or unit must belong to an administration.")}
                )
            return
        if self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
        if self.is_municipal:
            allowed = self.ALLOWED_PARENT_KINDS[self.kind]
            if self.parent.kind not in allowed:
                raise ValidationError(
                    {"parent": _("This kind of municipal unit cannot sit under the one chosen.")}
                )

    def ancestors(self):
        """The chain of units above this one, nearest last (administration first)."""
        chain, node = [], self.parent
        while node is not None and len(chain) < 10:
            chain.insert(0, node)
            node = node.parent
        return chain


DANISH_LETTERS = str.maketrans(
    {"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "–": "-", "—": "-"}
)


def danish_slugify(text):
    """A short name for addresses: 'Rødovre 2023' becomes 'roedovre-2023'."""
    return slugify(text.translate(DANISH_LETTERS))


def unique_slug(name):
    base = danish_slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
