"""The chain on record: who takes part, what they run, who holds which role, what was promised."""

from datetime import date
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.history import tracked_history

from .calendars import BusinessCalendar, format_weekly_hours, parse_weekly_hours, working_day_minutes
from .querysets import (
    AgreementQuerySet,
    AgreementTargetQuerySet,
    ComponentDependencyQuerySet,
    ComponentQuerySet,
    PartyQuerySet,
    RoleAssignmentQuerySet,
    ServiceCalendarQuerySet,
    ServiceQuerySet,
)


class PartyKind(models.TextChoices):
    BUSINESS_OWNER = "business_owner", _("Opdrachtgever")
    REGIE = "regie", _("Regiepartij")
    OPERATOR = "operator", _("Beheerpartij")
    HOSTING = "hosting", _("Hostingpartij")
    SOC = "soc", _("Beveiligingscentrum (SOC)")
    USER_ORGANISATION = "user_organisation", _("Gebruikersorganisatie")


class Role(models.TextChoices):
    PRODUCT_OWNER = "product_owner", _("Product Owner")
    SYSTEM_ARCHITECT = "system_architect", _("Systeemarchitect")
    OPERATOR = "operator", _("Behandelaar")
    REPORTER = "reporter", _("Melder")
    VIEWER = "viewer", _("Toezichthouder (alleen lezen)")
    BUSINESS_OWNER = "business_owner", _("Vertegenwoordiger opdrachtgever")
    ADMINISTRATOR = "administrator", _("Beheerder")


class Priority(models.TextChoices):
    P1 = "P1", _("P1 – kritiek")
    P2 = "P2", _("P2 – hoog")
    P3 = "P3", _("P3 – gemiddeld")
    P4 = "P4", _("P4 – laag")


class AgreementKind(models.TextChoices):
    SLA = "SLA", _("Dienstverleningsovereenkomst (SLA)")
    OLA = "OLA", _("Interne dienstverleningsafspraak (OLA)")
    UC = "UC", _("Onderliggend contract (UC)")


class Party(models.Model):
    """An organisation in the chain. `parent` is the party it works for as a subcontractor."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=50, unique=True)
    kind = models.CharField(_("soort"), max_length=30, choices=PartyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("onderaannemer van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcontractors",
    )
    description = models.TextField(_("omschrijving"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    history = tracked_history()
    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("partij")
        verbose_name_plural = _("partijen")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.parent_id is None:
            return
        seen = {self.pk} if self.pk else set()
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {
                        "parent": _(
                            "Dit maakt de keten rond: een partij kan niet (indirect) onderaannemer van zichzelf zijn."
                        )
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def chain_above(self) -> list["Party"]:
        """The parties this one works for, nearest first."""
        chain, ancestor = [], self.parent
        while ancestor is not None and ancestor not in chain:
            chain.append(ancestor)
            ancestor = ancestor.parent
        return chain


class Service(models.Model):
    """A public service the chain delivers (CoronaMelder, Oplossing II), owned by one party: the party that
    reads its dashboards and approves its high-risk changes."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=50, unique=True)
    public_name = models.CharField(_("publieke naam"), max_length=200)
    owner = models.ForeignKey(
        Party, verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="owned_services"
    )
    description = models.TextField(_("omschrijving"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    history = tracked_history()
    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("dienst")
        verbose_name_plural = _("diensten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Component(models.Model):
    """A service element: software, infrastructure or a service that one party operates.

    It belongs to one service (whose owner answers for it); a component another service relies on is
    expressed as a dependency, not as shared membership."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=50, unique=True)
    public_name = models.CharField(
        _("naam voor melders"),
        max_length=200,
        help_text=_("Hoe een melder dit onderdeel herkent, in gewone woorden (bijv. 'App op iPhone')."),
    )
    description = models.TextField(_("omschrijving"), blank=True)
    operating_party = models.ForeignKey(
        Party, verbose_name=_("beheerd door"), on_delete=models.PROTECT, related_name="operated_components"
    )
    hosting_party = models.ForeignKey(
        Party,
        verbose_name=_("gehost door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_components",
    )
    monitoring_party = models.ForeignKey(
        Party,
        verbose_name=_("securitymonitoring door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitored_components",
    )
    service = models.ForeignKey(
        Service,
        verbose_name=_("dienst"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="components",
    )
    is_active = models.BooleanField(_("actief"), default=True)

    history = tracked_history()
    objects = ComponentQuerySet.as_manager()

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("componenten")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ComponentDependency(models.Model):
    """`component` needs `depends_on` to work: a disruption of `depends_on` reaches `component`."""

    component = models.ForeignKey(
        Component, verbose_name=_("component"), on_delete=models.PROTECT, related_name="dependencies"
    )
    depends_on = models.ForeignKey(
        Component, verbose_name=_("hangt af van"), on_delete=models.PROTECT, related_name="dependents"
    )
    description = models.CharField(_("toelichting"), max_length=300, blank=True)

    history = tracked_history()
    objects = ComponentDependencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("afhankelijkheid")
        verbose_name_plural = _("afhankelijkheden")
        ordering = ["component__name", "depends_on__name"]
        constraints = [
            models.UniqueConstraint(fields=["component", "depends_on"], name="one_dependency_per_pair"),
            models.CheckConstraint(condition=~Q(component=models.F("depends_on")), name="no_self_dependency"),
        ]

    def __str__(self):
        return f"{self.component} → {self.depends_on}"

    def clean(self):
        if not self.component_id or not self.depends_on_id:
            return
        if self.component_id == self.depends_on_id:
            raise ValidationError({"depends_on": _("Een component kan niet van zichzelf afhangen.")})
        pairs = ComponentDependency.objects.exclude(pk=self.pk).values_list("component_id", "depends_on_id")
        if self.component_id in reachable_from(self.depends_on_id, pairs):
            raise ValidationError(
                {
                    "depends_on": _(
                        "Dit maakt de afhankelijkheden rond: %(other)s hangt al (indirect) af van %(self)s."
                    )
                    % {"other": self.depends_on, "self": self.component}
                }
            )


def reachable_from(start: int, pairs) -> set[int]:
    """The component ids `start` depends on, directly or through others, given (component, depends_on) pairs."""
    needs: dict[int, set[int]] = {}
    for component_id, depends_on_id in pairs:
        needs.setdefault(component_id, set()).add(depends_on_id)
    found, todo = set(), [start]
    while todo:
        for other in needs.get(todo.pop(), ()):
            if other not in found:
                found.add(other)
                todo.append(other)
    return found


class RoleAssignment(models.Model):
    """A person holds a role on behalf of a party from `valid_from` up to and including `valid_to`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("partij"), on_delete=models.PROTECT, related_name="role_assignments"
    )
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    valid_from = models.DateField(_("geldig vanaf"), default=date.today)
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)

    history = tracked_history()
    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        ordering = ["party__name", "role", "user__username"]
        indexes = [models.Index(fields=["user", "valid_from", "valid_to"])]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.party})"

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("De einddatum ligt vóór de begindatum.")})
        if self.user_id and self.party_id and self.role and self.valid_from:
            clash = RoleAssignment.objects.filter(user_id=self.user_id, party_id=self.party_id, role=self.role)
            clash = clash.overlapping(self.valid_from, self.valid_to).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    _("Deze persoon heeft deze rol bij deze partij al in (een deel van) die periode.")
                )


class ServiceCalendar(models.Model):
    """When the clock of an agreement runs: weekly opening hours in a time zone, minus holidays.

    `weekly_hours` is JSON: seven lists (Monday first) of ["HH:MM", "HH:MM"] intervals, "24:00"
    closing a day. An always-open (24×7) calendar counts real elapsed time.
    """

    name = models.CharField(_("naam"), max_length=100, unique=True)
    time_zone = models.CharField(_("tijdzone"), max_length=64, default="Europe/Amsterdam")
    always_open = models.BooleanField(_("altijd open (24×7)"), default=False)
    weekly_hours = models.JSONField(_("openingstijden per weekdag"), default=list, blank=True)
    public_holidays = models.CharField(
        _("feestdagen van land"),
        max_length=2,
        default="NL",
        blank=True,
        help_text=_("ISO-landcode waarvan de officiële feestdagen gesloten zijn; leeg voor geen."),
    )
    extra_closed_days = models.JSONField(
        _("extra gesloten dagen"), default=list, blank=True, help_text=_("Lijst van datums (JJJJ-MM-DD).")
    )

    history = tracked_history()
    objects = ServiceCalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("servicekalender")
        verbose_name_plural = _("servicekalenders")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        try:
            self.engine_from_snapshot(self.snapshot())
        except ValueError as error:
            raise ValidationError(str(error)) from error

    @cached_property
    def engine(self) -> BusinessCalendar:
        return self.engine_from_snapshot(self.snapshot())

    SNAPSHOT_FIELDS = ("name", "time_zone", "always_open", "weekly_hours", "public_holidays", "extra_closed_days")

    def snapshot(self) -> dict:
        """The calendar's meaning as plain data, so a clock can keep the calendar it started with."""
        return {field: getattr(self, field) for field in self.SNAPSHOT_FIELDS}

    @staticmethod
    def engine_from_snapshot(snapshot: dict) -> BusinessCalendar:
        always_open = snapshot["always_open"]
        weekly_hours = [[] for _day in range(7)] if always_open else parse_weekly_hours(snapshot["weekly_hours"])
        try:
            closed = frozenset(date.fromisoformat(day) for day in snapshot["extra_closed_days"] or [])
        except (TypeError, ValueError) as error:
            raise ValueError(_("Extra gesloten dagen moeten datums zijn in de vorm JJJJ-MM-DD.")) from error
        return BusinessCalendar(
            time_zone=snapshot["time_zone"],
            weekly_hours=weekly_hours,
            public_holidays=snapshot["public_holidays"] or None,
            extra_closed_days=closed,
            always_open=always_open,
        )

    @property
    def working_day_minutes(self) -> int | None:
        """Minutes in one working day of this calendar (None when always open), for durations in words."""
        return self.working_day_minutes_of(self.snapshot())

    @staticmethod
    def working_day_minutes_of(snapshot: dict) -> int | None:
        if snapshot.get("always_open"):
            return None
        try:
            return working_day_minutes(parse_weekly_hours(snapshot.get("weekly_hours")))
        except ValueError:
            return None

    def opening_hours_display(self) -> list[tuple[str, str]]:
        """(weekday, "08:00–17:00") pairs for pages."""
        if self.always_open:
            return []
        day_names = [
            _("maandag"),
            _("dinsdag"),
            _("woensdag"),
            _("donderdag"),
            _("vrijdag"),
            _("zaterdag"),
            _("zondag"),
        ]
        hours = format_weekly_hours(parse_weekly_hours(self.weekly_hours))
        return [
            (day_names[day], ", ".join(f"{opens}–{closes}" for opens, closes in intervals) or _("gesloten"))
            for day, intervals in enumerate(hours)
        ]


class Agreement(models.Model):
    """A promise from provider to customer about components: an SLA, OLA or underpinning contract.

    `underpins` points up the chain: a UC CIBG ← KPN underpins the SLA VWS ← CIBG.
    """

    reference = models.CharField(_("kenmerk"), max_length=50, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=3, choices=AgreementKind.choices)
    provider = models.ForeignKey(
        Party, verbose_name=_("leverancier"), on_delete=models.PROTECT, related_name="agreements_as_provider"
    )
    customer = models.ForeignKey(
        Party, verbose_name=_("afnemer"), on_delete=models.PROTECT, related_name="agreements_as_customer"
    )
    components = models.ManyToManyField(Component, verbose_name=_("componenten"), related_name="agreements")
    calendar = models.ForeignKey(
        ServiceCalendar, verbose_name=_("servicekalender"), on_delete=models.PROTECT, related_name="agreements"
    )
    underpins = models.ForeignKey(
        "self",
        verbose_name=_("ondersteunt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="underpinned_by",
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)

    history = tracked_history(m2m_fields=[components])
    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["kind", "reference"]
        indexes = [models.Index(fields=["provider", "customer", "valid_from"])]

    def __str__(self):
        return f"{self.reference} – {self.title}"

    def clean(self):
        errors = {}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = _("De einddatum ligt vóór de begindatum.")
        if self.provider_id and self.provider_id == self.customer_id:
            errors["customer"] = _("Leverancier en afnemer moeten verschillende partijen zijn.")
        if self.underpins_id and self.pk and self.underpins_id == self.pk:
            errors["underpins"] = _("Een afspraak kan zichzelf niet ondersteunen.")
        if errors:
            raise ValidationError(errors)

    def validate_coverage(self, components) -> None:
        """No two agreements between the same provider and customer cover a component at once."""
        if not self.provider_id or not self.customer_id or not self.valid_from:
            return
        clashes = (
            Agreement.objects.filter(
                provider_id=self.provider_id, customer_id=self.customer_id, components__in=components
            )
            .overlapping(self.valid_from, self.valid_to)
            .exclude(pk=self.pk)
            .distinct()
        )
        clash = clashes.first()
        if clash is not None:
            raise ValidationError(
                {
                    "components": _(
                        "Afspraak %(reference)s tussen dezelfde partijen dekt een of meer van deze componenten al in "
                        "(een deel van) deze periode."
                    )
                    % {"reference": clash.reference}
                }
            )

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class AgreementTarget(models.Model):
    """What an agreement promises for one priority: response and resolution in business minutes."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="targets"
    )
    priority = models.CharField(_("prioriteit"), max_length=2, choices=Priority.choices)
    response_minutes = models.PositiveIntegerField(_("reactietijd (minuten)"), validators=[MinValueValidator(1)])
    resolution_minutes = models.PositiveIntegerField(_("oplostijd (minuten)"), validators=[MinValueValidator(1)])
    calendar = models.ForeignKey(
        ServiceCalendar,
        verbose_name=_("servicekalender"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leeg: de kalender van de afspraak."),
    )
    availability_percent = models.DecimalField(
        _("beschikbaarheid per maand (%)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.001")), MaxValueValidator(Decimal("100"))],
    )
    update_interval_minutes = models.PositiveIntegerField(
        _("updatefrequentie bij een major incident (minuten)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Hoe vaak de coördinator van een major incident met deze prioriteit een update geeft. Leeg: geen."),
    )

    history = tracked_history()
    objects = AgreementTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("norm")
        verbose_name_plural = _("normen")
        ordering = ["agreement", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "priority"], name="one_target_per_priority"),
            models.CheckConstraint(
                condition=Q(response_minutes__gt=0) & Q(resolution_minutes__gt=0), name="targets_positive"
            ),
        ]

    def __str__(self):
        return f"{self.agreement.reference} {self.priority}"

    def clean(self):
        if self.response_minutes and self.resolution_minutes and self.resolution_minutes < self.response_minutes:
            raise ValidationError({"resolution_minutes": _("De oplostijd kan niet korter zijn dan de reactietijd.")})

    @property
    def effective_calendar(self) -> ServiceCalendar:
        return self.calendar or self.agreement.calendar


class ComplianceThreshold(models.Model):
    """How much of an agreement's clocks must meet their resolution target for the governance dashboard's light
    to be green (or amber): the agreement's own promise on compliance, with its history, so a past week is
    judged by the threshold that held at its end. An agreement without one is judged by the defaults.

    A record of its own rather than a column of the agreement: every column of a history table is sealed into
    the audit chain, so a new column would break the seals of every agreement version already recorded."""

    GREEN_DEFAULT = Decimal("95.0")
    AMBER_DEFAULT = Decimal("85.0")

    agreement = models.OneToOneField(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="compliance_threshold"
    )
    green_from_percent = models.DecimalField(
        _("groen vanaf (% binnen de oplosnorm)"),
        max_digits=4,
        decimal_places=1,
        default=GREEN_DEFAULT,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    amber_from_percent = models.DecimalField(
        _("oranje vanaf (% binnen de oplosnorm)"),
        max_digits=4,
        decimal_places=1,
        default=AMBER_DEFAULT,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    history = tracked_history()

    class Meta:
        verbose_name = _("nalevingsdrempel")
        verbose_name_plural = _("nalevingsdrempels")
        constraints = [
            models.CheckConstraint(
                condition=Q(amber_from_percent__lte=models.F("green_from_percent")), name="amber_below_green"
            ),
        ]

    def __str__(self):
        return f"{self.agreement.reference}: {self.green_from_percent}% / {self.amber_from_percent}%"

    def clean(self):
        if (
            self.amber_from_percent is not None
            and self.green_from_percent is not None
            and self.amber_from_percent > self.green_from_percent
        ):
            raise ValidationError({"amber_from_percent": _("Oranje kan niet boven groen beginnen.")})
