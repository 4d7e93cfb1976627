from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from volunteer_portal.search import danish, search_document, with_search_text
from volunteer_portal.slugs import NotAPortalAddress, is_portal_address
from volunteer_portal.validators import (
    TEXT_MAX,
    cvr_validator,
    danish_phone_validator,
    no_cpr_number,
    normalise_digits,
    plain_email_validator,
)


class NamedListItem(models.Model):
    """An entry of a short list that staff keep in the admin (areas, target groups, …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        abstract = True
        ordering = [danish("name")]

    def __str__(self):
        return self.name


class Area(NamedListItem):
    """A district of the municipality (Islev, Valhøj, …), an editable list: organisations
    and their activities say where they are, and citizens look for what is near them."""

    class Meta(NamedListItem.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def municipal(self):
        return self.filter(kind__in=Organisation.MUNICIPAL_KINDS)

    def civil_society(self):
        return self.exclude(kind__in=Organisation.MUNICIPAL_KINDS)

    def with_list_data(self):
        return self.select_related("parent", "area")


class Organisation(models.Model):
    """An actor the municipality works with: a civil-society organisation or a municipal unit.

    Municipal units form a hierarchy (administration → centre → unit), so that initiatives,
    agreements and coordinators can name exactly the part of the municipality they concern.

    Contact details come in two groups: the public contact (``contact_name``, ``email``,
    ``phone``), shown to everyone, and the staff contact (``staff_contact_*``), the person the
    municipality's staff call about a referral or a cooperation, shown to municipal users only
    (rule ``organisations.view_staff_contact``). A field's group is its only marking: nothing
    in the ``staff_contact_*`` group ever reaches a visitor.
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
        NETWORK = "network", _("Network or programme")
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

    name = models.CharField(_("name"), max_length=200, validators=[no_cpr_number])
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=220,
        unique=True,
        blank=True,
        validators=[NotAPortalAddress("organisations.urls")],
    )
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
    description = models.TextField(
        _("description"), blank=True, validators=[no_cpr_number], max_length=TEXT_MAX
    )
    address = models.CharField(_("address"), max_length=300, blank=True, validators=[no_cpr_number])
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    cvr = models.CharField(
        _("CVR number"),
        max_length=11,  # room for "12 34 56 74" as typed; eight digits are kept
        blank=True,
        validators=[cvr_validator],
        help_text=_("Where the organisation has one: 8 digits."),
    )
    is_non_profit = models.BooleanField(
        _("non-profit"),
        default=False,
        help_text=_("A voluntary, non-profit association (not a company or a public body)."),
    )
    # The public contact: shown to everyone.
    contact_name = models.CharField(
        _("public contact person"),
        max_length=200,
        blank=True,
        help_text=_("Shown to everyone."),
        validators=[no_cpr_number],
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        validators=[plain_email_validator],
        help_text=_("Shown to everyone."),
    )
    phone = models.CharField(
        _("telephone"),
        max_length=40,
        blank=True,
        validators=[danish_phone_validator],
        help_text=_("Shown to everyone."),
    )
    # The staff contact: shown to the municipality's own users only.
    staff_contact_name = models.CharField(
        _("contact person for staff"),
        max_length=200,
        blank=True,
        help_text=_("Shown only to municipal staff, never to visitors."),
        validators=[no_cpr_number],
    )
    staff_contact_email = models.EmailField(
        _("e-mail for staff"),
        blank=True,
        validators=[plain_email_validator],
        help_text=_("Shown only to municipal staff, never to visitors."),
    )
    staff_contact_phone = models.CharField(
        _("telephone for staff"),
        max_length=40,
        blank=True,
        validators=[danish_phone_validator],
        help_text=_("Shown only to municipal staff, never to visitors."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    confirmation_requested_at = models.DateTimeField(
        _("last asked to confirm its activities"), null=True, blank=True, editable=False
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = [danish("name")]  # æ, ø, å after z; "SIND" among the S-names
        indexes = [
            models.Index(fields=["kind", "name"]),
            # The directory's order: the first page reads 25 rows instead of sorting them all.
            models.Index(
                danish("name"), name="organisation_active_name_da", condition=Q(is_active=True)
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **with_search_text(self, kwargs))

    def get_absolute_url(self):
        return reverse("organisations:organisation-detail", kwargs={"slug": self.slug})

    def compute_search_text(self):
        with translation.override("da"):
            kind = str(self.get_kind_display()) if self.kind else ""
        area = self.area.name if self.area_id else ""
        return search_document(self.name, kind, area, self.address, self.description)

    @property
    def is_municipal(self):
        return self.kind in self.MUNICIPAL_KINDS

    @property
    def has_staff_contact(self):
        return bool(self.staff_contact_name or self.staff_contact_email or self.staff_contact_phone)

    def clean_fields(self, exclude=None):
        # People type numbers in groups ("12 34 56 74"); the digits are what is checked and kept.
        self.cvr = normalise_digits(self.cvr or "")
        self.phone = " ".join((self.phone or "").split())
        self.staff_contact_phone = " ".join((self.staff_contact_phone or "").split())
        super().clean_fields(exclude=exclude)

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
    """A free short name made from ``name``, never one of the fixed addresses beside the
    organisations ("My units" becomes my-units-2: /organisations/my-units/ is a page)."""
    base = danish_slugify(name)[:200] or "organisation"
    slug, n = base, 2
    while (
        is_portal_address(slug, "organisations.urls")
        or Organisation.objects.filter(slug=slug).exists()
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


class MembershipQuerySet(models.QuerySet):
    def of_capacity(self, capacity):
        return self.filter(capacity=capacity)


class Membership(models.Model):
    """Who acts for which municipal unit or partner organisation, and in which capacity.

    A person may hold several. A coordinator of a centre or an administration acts for the
    units below it too; a staff member and an organisation contact act for their own only.
    """

    class Capacity(models.TextChoices):
        COORDINATOR = "coordinator", _("Volunteer coordinator")
        STAFF = "staff", _("Staff member")
        CONTACT = "contact", _("Organisation contact")

        @property
        def is_municipal(self):
            """Coordinators and staff members belong to municipal units."""
            return self in (self.COORDINATOR, self.STAFF)

    # A coordinator's rights reach down the municipal hierarchy; the others' do not.
    REACHES_DOWN = (Capacity.COORDINATOR,)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("unit or organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "organisation__name", "capacity"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "capacity"], name="membership_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_capacity_display()}, {self.organisation}"

    def clean(self):
        super().clean()
        if not (self.user_id and self.organisation_id and self.capacity):
            return
        capacity = self.Capacity(self.capacity)
        problem = membership_problem(self.user, self.organisation, capacity)
        if problem:
            raise ValidationError(problem)
        duplicates = Membership.objects.filter(
            user_id=self.user_id, organisation_id=self.organisation_id, capacity=capacity
        ).exclude(pk=self.pk)
        if duplicates.exists():
            raise ValidationError(
                _("%(person)s is already %(capacity)s of %(organisation)s."),
                params={
                    "person": self.user,
                    "capacity": capacity.label.lower(),
                    "organisation": self.organisation,
                },
                code="duplicate_membership",
            )


def membership_problem(user, organisation, capacity):
    """Why ``user`` cannot hold ``capacity`` in ``organisation``, or None when they can."""
    if capacity.is_municipal and not organisation.is_municipal:
        return ValidationError(
            _("A %(capacity)s belongs to a municipal unit, not to a partner organisation."),
            params={"capacity": capacity.label.lower()},
            code="municipal_capacity_outside_municipality",
        )
    if capacity == Membership.Capacity.CONTACT and organisation.is_municipal:
        return ValidationError(
            _(
                "An organisation contact belongs to a partner organisation, "
                "not to a municipal unit."
            ),
            code="contact_in_municipality",
        )
    if capacity.is_municipal and not user.is_municipal:
        return ValidationError(
            _(
                "Only a municipal account (staff, coordinator or administrator) can be "
                "%(capacity)s of a municipal unit."
            ),
            params={"capacity": capacity.label.lower()},
            code="not_a_municipal_account",
        )
    if capacity == Membership.Capacity.CONTACT and not user.is_organisation_contact:
        return ValidationError(
            _("Only an organisation contact account can be the contact of an organisation."),
            code="not_a_contact_account",
        )
    return None


class MembershipIndex:
    """A person's memberships as sets of organisation ids per capacity, loaded in one query,
    so that any number of rule checks on a page asks the database once."""

    def __init__(self, rows=()):
        self._ids = {capacity: set() for capacity in Membership.Capacity}
        for capacity, *organisation_ids in rows:
            ids = organisation_ids if capacity in Membership.REACHES_DOWN else organisation_ids[:1]
            self._ids[capacity].update(i for i in ids if i is not None)
        self._own = {capacity: set() for capacity in Membership.Capacity}
        for capacity, organisation_id, *_below in rows:
            self._own[capacity].add(organisation_id)

    @classmethod
    def load(cls, user):
        # Two levels below: administration → centre → unit is the deepest hierarchy allowed.
        rows = Membership.objects.filter(user=user).values_list(
            "capacity",
            "organisation_id",
            "organisation__children__id",
            "organisation__children__children__id",
        )
        return cls(list(rows))

    def acts_for(self, organisation, capacity):
        """Whether the person holds ``capacity`` for ``organisation`` (or a unit above it)."""
        return organisation is not None and organisation.pk in self._ids[capacity]

    def organisation_ids(self, capacity, *, below=True):
        """The organisations the person acts for in ``capacity``; with ``below`` false only
        those the memberships name, not the units under them."""
        return set(self._ids[capacity] if below else self._own[capacity])

    def holds(self, capacity):
        return bool(self._own[capacity])
