from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.access import RestrictedQuerySet
from rantai.core.models import SoftDeleteModel, SoftDeleteQuerySet, TimeStampedModel
from rantai.firms.validators import validate_nib, validate_npwp, validate_postal_code

# Permenperin 64/2016 thresholds (investment excludes land and buildings).
SMALL_INVESTMENT_LIMIT = 1_000_000_000
MEDIUM_INVESTMENT_LIMIT = 15_000_000_000
SMALL_WORKFORCE_LIMIT = 19

REGION_FIELDS = ("province", "regency", "district", "village")  # by region level 1..4


def industry_size_expression(workforce: str, investment: str) -> Case:
    """Permenperin 64/2016 as a database expression over two fields (or annotations): the
    firm's generated ``industry_size``, and the size of a firm in one year of its data."""
    return Case(
        When(
            Q(**{f"{workforce}__isnull": True}) | Q(**{f"{investment}__isnull": True}),
            then=Value(""),
        ),
        When(**{f"{investment}__gt": MEDIUM_INVESTMENT_LIMIT}, then=Value("large")),
        When(
            **{
                f"{workforce}__lte": SMALL_WORKFORCE_LIMIT,
                f"{investment}__lt": SMALL_INVESTMENT_LIMIT,
            },
            then=Value("small"),
        ),
        default=Value("medium"),
    )


class FirmQuerySet(SoftDeleteQuerySet, RestrictedQuerySet):
    """``restrict(user, action)``: the live firms ``user`` may act on (firms/scopes.py)."""


class Firm(TimeStampedModel, SoftDeleteModel):
    """Any organisation in the registry: an IKM, a large industry, a cooperative, an association,
    a government agency or a foundation. People belong to it through memberships."""

    class Kind(models.TextChoices):
        IKM = "ikm", _("small/medium industry (IKM)")
        LARGE = "large", _("large industry")
        COOPERATIVE = "cooperative", _("cooperative")
        ASSOCIATION = "association", _("association")
        AGENCY = "agency", _("government agency")
        FOUNDATION = "foundation", _("foundation")

    # The kinds of organisation that run programs and events (not a firm that makes things).
    ORGANISER_KINDS = [Kind.AGENCY, Kind.FOUNDATION, Kind.ASSOCIATION, Kind.COOPERATIVE]

    class IndustrySize(models.TextChoices):
        SMALL = "small", _("small industry")
        MEDIUM = "medium", _("medium industry")
        LARGE = "large", _("large industry")

    class CapacityUnit(models.TextChoices):
        TONNE = "tonne", _("tonnes")
        PIECE = "piece", _("pieces")
        UNIT = "unit", _("units")
        SET = "set", _("sets")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.IKM)
    name = models.CharField(_("legal name"), max_length=200, db_index=True)
    nib = models.CharField(
        _("NIB"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_nib],
        help_text=_("Nomor Induk Berusaha from OSS: 13 digits."),
    )
    npwp = models.CharField(
        _("NPWP"),
        max_length=16,
        blank=True,
        validators=[validate_npwp],
        help_text=_("Tax number: 15 digits, or 16 in the NIK-based format."),
    )
    kbli = models.ManyToManyField(
        "reference.Kbli", verbose_name=_("KBLI codes"), blank=True, related_name="firms"
    )
    description = models.TextField(_("description"), blank=True)

    street_address = models.CharField(_("street address"), max_length=300, blank=True)
    postal_code = models.CharField(
        _("postal code"), max_length=5, blank=True, validators=[validate_postal_code]
    )
    province = models.ForeignKey(
        "reference.Region",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    regency = models.ForeignKey(
        "reference.Region",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "reference.Region",
        verbose_name=_("district (kecamatan)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    village = models.ForeignKey(
        "reference.Region",
        verbose_name=_("village (kelurahan/desa)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-11.5")), MaxValueValidator(Decimal("6.5"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("94.5")), MaxValueValidator(Decimal("141.5"))],
    )

    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
    )
    workforce = models.PositiveIntegerField(_("workforce (people)"), null=True, blank=True)
    investment = models.PositiveBigIntegerField(
        _("investment (Rp)"),
        null=True,
        blank=True,
        help_text=_("Investment value excluding land and buildings, in Rupiah."),
    )
    annual_sales = models.PositiveBigIntegerField(_("annual sales (Rp)"), null=True, blank=True)
    annual_capacity = models.PositiveBigIntegerField(
        _("annual production capacity"), null=True, blank=True
    )
    capacity_unit = models.CharField(
        _("capacity unit"), max_length=8, choices=CapacityUnit.choices, blank=True
    )
    industry_size = models.GeneratedField(
        verbose_name=_("industry size (Permenperin 64/2016)"),
        expression=industry_size_expression("workforce", "investment"),
        output_field=models.CharField(max_length=6, choices=IndustrySize.choices, blank=True),
        db_persist=True,
    )

    objects = FirmQuerySet.as_manager()

    # Seen only with ``firms.view_private_firm``: the one list pages, the API, exports and reports
    # follow (contacts, annual industry data and the change history are private as a whole).
    PRIVATE_FIELDS = ("npwp", "investment", "annual_sales", "phone", "email")
    history = HistoricalRecords(excluded_fields=["industry_size", "updated_at"], m2m_fields=[kbli])

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["regency", "name"]),
            models.Index(fields=["district", "name"]),
            models.Index(fields=["province", "name"]),
            models.Index(fields=["industry_size", "name"]),
            models.Index(fields=["workforce", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("firms:detail", args=[self.pk])

    @property
    def region_codes(self) -> tuple[str | None, ...]:
        return (self.province_id, self.regency_id, self.district_id, self.village_id)

    @property
    def most_specific_region(self):
        return self.village or self.district or self.regency or self.province

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class ToleranceClass(models.IntegerChoices):
    """Ordered from loose to tight, so 'at least as tight as' is a comparison."""

    COARSE = 1, _("coarse (ISO 2768-c)")
    MEDIUM = 2, _("medium (ISO 2768-m)")
    FINE = 3, _("fine (ISO 2768-f)")
    PRECISION = 4, _("precision (±0.01 mm or tighter)")


class FirmPart(TimeStampedModel):
    """Something a firm has (a capability, a machine, …): edited on the firm's page, kept in its
    history, and visible to whoever may see the firm."""

    firm = models.ForeignKey(Firm, verbose_name=_("firm"), on_delete=models.CASCADE)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return self.firm.get_absolute_url()


class Capability(FirmPart):
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="capabilities"
    )
    process = models.ForeignKey(
        "reference.Process",
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        limit_choices_to={"parent__isnull": False},
        related_name="capabilities",
    )
    materials = models.ManyToManyField(
        "reference.Material", verbose_name=_("materials"), blank=True, related_name="+"
    )
    tolerance = models.PositiveSmallIntegerField(
        _("tolerance class"), choices=ToleranceClass.choices, default=ToleranceClass.MEDIUM
    )
    in_house = models.BooleanField(
        _("in-house"),
        default=True,
        help_text=_("Done with the firm's own machines; otherwise subcontracted."),
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    history = HistoricalRecords(m2m_fields=[materials], excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["process__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["firm", "process"], name="unique_firm_process")
        ]
        indexes = [models.Index(fields=["process", "firm"])]  # firms by process

    def __str__(self) -> str:
        return str(self.process)


class Machine(FirmPart):
    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="machines"
    )
    name = models.CharField(
        _("machine type"), max_length=120, help_text=_("For example: CNC lathe, 80-ton press.")
    )
    process = models.ForeignKey(
        "reference.Process",
        verbose_name=_("process"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"parent__isnull": False},
        related_name="+",
    )
    count = models.PositiveSmallIntegerField(
        _("count"), default=1, validators=[MinValueValidator(1)]
    )
    capacity = models.CharField(
        _("capacity"), max_length=120, blank=True, help_text=_("For example: 80 ton, Ø 400 mm.")
    )
    brand = models.CharField(_("brand"), max_length=80, blank=True)
    year_made = models.PositiveSmallIntegerField(
        _("year made"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("machine")
        verbose_name_plural = _("machines")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.count} × {self.name}"


class CertificationQuerySet(RestrictedQuerySet):
    def valid_on(self, day: date):
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))


class Certification(FirmPart):
    class Scheme(models.TextChoices):
        ISO_9001 = "iso9001", "ISO 9001"
        IATF_16949 = "iatf16949", "IATF 16949"
        ISO_14001 = "iso14001", "ISO 14001"
        ISO_45001 = "iso45001", "ISO 45001"
        SNI = "sni", "SNI"
        HALAL = "halal", _("Halal")
        SMK3 = "smk3", "SMK3"
        TKDN = "tkdn", "TKDN"
        OTHER = "other", _("other")

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="certifications"
    )
    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("For SNI or other schemes: the standard or product certified."),
    )
    number = models.CharField(_("certificate number"), max_length=80, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["scheme", "-expires_on"]
        indexes = [models.Index(fields=["scheme", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=models.F("issued_on")),
                name="certification_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return self.title or self.get_scheme_display()

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class Contact(FirmPart):
    """A person at the firm, named by position (names are optional)."""

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="contacts"
    )
    position = models.CharField(_("position"), max_length=120)
    name = models.CharField(_("name"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "position"]

    def __str__(self) -> str:
        return f"{self.position} {self.name}".strip()


class CooperativeMembership(FirmPart):
    """A firm's membership of a cooperative such as Koperasi TMI."""

    firm = models.ForeignKey(
        Firm,
        verbose_name=_("member firm"),
        on_delete=models.CASCADE,
        related_name="cooperative_memberships",
    )
    cooperative = models.ForeignKey(
        Firm,
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Firm.Kind.COOPERATIVE, "deleted_at__isnull": True},
        related_name="cooperative_members",
    )
    member_number = models.CharField(_("member number"), max_length=40, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("cooperative membership")
        verbose_name_plural = _("cooperative memberships")
        ordering = ["-joined_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(firm=models.F("cooperative")), name="cooperative_not_own_member"
            ),
            models.UniqueConstraint(
                fields=["firm", "cooperative"],
                condition=Q(left_on__isnull=True),
                name="unique_current_cooperative_membership",
            ),
        ]

    def __str__(self) -> str:
        return str(self.cooperative)

    @property
    def is_current(self) -> bool:
        return self.left_on is None


class IndustryYear(FirmPart):
    """What a firm reports for one year to the national industry information system (SIINas):
    investment, capacity and production, workforce and energy; raw materials are its lines.
    All of it is private (``firms.view_private_firm``)."""

    firm = models.ForeignKey(
        Firm, verbose_name=_("firm"), on_delete=models.CASCADE, related_name="industry_years"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    investment = models.PositiveBigIntegerField(
        _("investment value (Rp)"),
        null=True,
        blank=True,
        help_text=_(
            "Value of the investment at the end of the year, excluding land and buildings."
        ),
    )
    product = models.CharField(
        _("main product"),
        max_length=200,
        blank=True,
        help_text=_("For example: automotive turned parts, stamped brackets."),
    )
    installed_capacity = models.PositiveBigIntegerField(
        _("installed capacity per year"),
        null=True,
        blank=True,
        help_text=_("The most the installed machines can produce in a year."),
    )
    capacity_unit = models.CharField(
        _("unit of capacity and production"),
        max_length=8,
        choices=Firm.CapacityUnit.choices,
        blank=True,
    )
    production = models.PositiveBigIntegerField(
        _("production realised"), null=True, blank=True, help_text=_("Quantity made in the year.")
    )
    production_value = models.PositiveBigIntegerField(
        _("production value (Rp)"), null=True, blank=True
    )
    workers_male = models.PositiveIntegerField(_("male workers"), default=0)
    workers_female = models.PositiveIntegerField(_("female workers"), default=0)
    workers_foreign = models.PositiveIntegerField(
        _("of whom foreign workers"),
        default=0,
        help_text=_("Counted in the male and female workers as well."),
    )
    electricity_kwh = models.PositiveBigIntegerField(_("electricity (kWh)"), null=True, blank=True)
    fuel_litres = models.PositiveBigIntegerField(
        _("fuel (litres)"), null=True, blank=True, help_text=_("Diesel and petrol.")
    )
    lpg_kg = models.PositiveBigIntegerField(_("LPG (kg)"), null=True, blank=True)
    natural_gas_m3 = models.PositiveBigIntegerField(_("natural gas (m³)"), null=True, blank=True)
    other_energy = models.CharField(
        _("other energy"),
        max_length=200,
        blank=True,
        help_text=_("For example: coal 2 tonnes, solar panels 5 kWp."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("annual industry data")
        verbose_name_plural = _("annual industry data")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["firm", "year"],
                name="unique_industry_year",
                violation_error_message=_("This firm already has data for that year."),
            ),
            models.CheckConstraint(
                condition=Q(production__isnull=True)
                | Q(installed_capacity__isnull=True)
                | Q(production__lte=models.F("installed_capacity")),
                name="industry_year_production_within_capacity",
                violation_error_message=_("Production cannot exceed the installed capacity."),
            ),
            models.CheckConstraint(
                condition=Q(
                    workers_foreign__lte=models.F("workers_male") + models.F("workers_female")
                ),
                name="industry_year_foreign_within_workforce",
                violation_error_message=_("Foreign workers are part of the workforce."),
            ),
        ]
        indexes = [models.Index(fields=["year", "firm"])]  # the export of one year

    def __str__(self) -> str:
        return str(self.year)

    def clean(self):
        errors = {}
        if (
            self.production is not None
            and self.installed_capacity is not None
            and self.production > self.installed_capacity
        ):
            errors["production"] = _(
                "Production cannot exceed the installed capacity: if the firm really made more, "
                "its installed capacity is larger than recorded."
            )
        if (self.installed_capacity or self.production) and not self.capacity_unit:
            errors["capacity_unit"] = _("Say in which unit capacity and production are counted.")
        if (self.workers_foreign or 0) > (self.workers_male or 0) + (self.workers_female or 0):
            errors["workers_foreign"] = _("Foreign workers are part of the workforce.")
        if errors:
            raise ValidationError(errors)

    @property
    def workers_total(self) -> int:
        return self.workers_male + self.workers_female

    @property
    def utilisation(self) -> Decimal | None:
        """Production as a percentage of installed capacity, one decimal."""
        if not self.installed_capacity or self.production is None:
            return None
        return (Decimal(100 * self.production) / self.installed_capacity).quantize(Decimal("0.1"))


class RawMaterial(TimeStampedModel):
    """A raw material the firm used in a year (bahan baku)."""

    class Origin(models.TextChoices):
        DOMESTIC = "domestic", _("domestic")
        IMPORTED = "imported", _("imported")

    class Unit(models.TextChoices):
        KG = "kg", _("kg")
        TONNE = "tonne", _("tonnes")
        SHEET = "sheet", _("sheets")
        BAR = "bar", _("bars (lengths)")
        PIECE = "piece", _("pieces")
        LITRE = "litre", _("litres")
        METRE = "metre", _("metres")

    year = models.ForeignKey(
        IndustryYear,
        verbose_name=_("year"),
        on_delete=models.CASCADE,
        related_name="raw_materials",
    )
    name = models.CharField(
        _("material"), max_length=200, help_text=_("For example: SPCC steel sheet 1.2 mm.")
    )
    origin = models.CharField(
        _("origin"), max_length=8, choices=Origin.choices, default=Origin.DOMESTIC
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    value = models.PositiveBigIntegerField(_("value (Rp)"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("raw material")
        verbose_name_plural = _("raw materials")
        ordering = ["-value", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="raw_material_quantity_not_negative",
                violation_error_message=_("A quantity cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.name
