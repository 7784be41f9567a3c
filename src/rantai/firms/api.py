"""REST API for the registry: the same scopes and rules as the pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from rantai.accounts.actors import actor_for
from rantai.accounts.models import Membership
from rantai.core.access import can
from rantai.core.api import (
    ChangedFieldsSerializer,
    RestrictedViewSetMixin,
    drf_errors,
    unsaved_copy,
)
from rantai.firms import services
from rantai.firms.filters import FirmFilterSet
from rantai.firms.models import Capability, Certification, Firm, IndustryYear, RawMaterial
from rantai.reference.models import Region


class FirmSerializer(ChangedFieldsSerializer):
    kbli = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        queryset=Firm.kbli.field.related_model.objects.all(),
        required=False,
    )
    village = serializers.PrimaryKeyRelatedField(
        queryset=Region.objects.filter(level=4),
        help_text=_("Official village code, e.g. 33.28.15.1019"),
    )
    province = serializers.CharField(source="province_id", read_only=True)
    regency = serializers.CharField(source="regency_id", read_only=True)
    district = serializers.CharField(source="district_id", read_only=True)
    private = serializers.SerializerMethodField(help_text=_("Whether private fields are included."))

    class Meta:
        model = Firm
        fields = [
            "id",
            "kind",
            "name",
            "nib",
            "npwp",
            "kbli",
            "description",
            "street_address",
            "postal_code",
            "province",
            "regency",
            "district",
            "village",
            "latitude",
            "longitude",
            "phone",
            "email",
            "website",
            "year_founded",
            "workforce",
            "investment",
            "annual_sales",
            "annual_capacity",
            "capacity_unit",
            "industry_size",
            "private",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["industry_size", "created_at", "updated_at"]

    def _may_see_private(self, firm) -> bool:
        request = self.context.get("request")
        return bool(request and can(request.user, "view_private", firm))

    @extend_schema_field(serializers.BooleanField)
    def get_private(self, firm) -> bool:
        return self._may_see_private(firm)

    def to_representation(self, firm):
        data = super().to_representation(firm)
        if not self._may_see_private(firm):
            for name in Firm.PRIVATE_FIELDS:
                data.pop(name, None)
        return data

    def validate(self, attrs):
        village = attrs.get("village")
        if village is not None:
            parts = village.code.split(".")
            attrs["province_id"] = parts[0]
            attrs["regency_id"] = ".".join(parts[:2])
            attrs["district_id"] = ".".join(parts[:3])
        firm = Firm(**{k: v for k, v in {**self._current(), **attrs}.items() if k != "kbli"})
        firm.full_clean(
            exclude=["province", "regency", "district", "village", "kbli", "nib"],
            validate_unique=False,
            validate_constraints=False,
        )
        return attrs

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        return {
            f.attname: getattr(self.instance, f.attname)
            for f in Firm._meta.concrete_fields
            if not f.generated
        }


class FirmViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    """Firms in the registry. Private fields (NPWP, investment, sales, phone, email) appear only
    where you may see them; ``private`` says which. Deleting hides the firm (an administrator
    can restore it)."""

    queryset = Firm.objects.prefetch_related("kbli")
    serializer_class = FirmSerializer
    filterset_class = FirmFilterSet
    ordering_fields = ["name", "workforce", "year_founded", "created_at"]
    ordering = ["name"]

    def perform_destroy(self, instance):
        services.delete_firm(firm=instance, user=self.request.user)


class FirmPartViewSet(RestrictedViewSetMixin, viewsets.ModelViewSet):
    """Base for things a firm has: seen with the firm, written by whoever may change it."""

    def get_queryset(self):
        return super().get_queryset().select_related("firm")


class _FirmField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Firm.objects.alive()


class CapabilitySerializer(serializers.ModelSerializer):
    firm = _FirmField()
    materials = serializers.SlugRelatedField(
        many=True,
        slug_field="code",
        required=False,
        queryset=Capability.materials.field.related_model.objects.all(),
    )

    class Meta:
        model = Capability
        fields = ["id", "firm", "process", "materials", "tolerance", "in_house", "notes"]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=Capability.objects.all(),
                fields=["firm", "process"],
                message=_("This firm already lists that process."),
            )
        ]


class CapabilityViewSet(FirmPartViewSet):
    queryset = Capability.objects.all()
    serializer_class = CapabilitySerializer
    filterset_fields = ["firm", "process", "in_house", "tolerance"]


class CertificationSerializer(serializers.ModelSerializer):
    firm = _FirmField()
    is_expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Certification
        fields = [
            "id",
            "firm",
            "scheme",
            "title",
            "number",
            "issuer",
            "issued_on",
            "expires_on",
            "is_expired",
        ]

    def validate(self, attrs):
        issued = attrs.get("issued_on", getattr(self.instance, "issued_on", None))
        expires = attrs.get("expires_on", getattr(self.instance, "expires_on", None))
        if issued and expires and expires < issued:
            raise serializers.ValidationError(
                {"expires_on": _("A certificate cannot expire before it was issued.")}
            )
        return attrs


class CertificationViewSet(FirmPartViewSet):
    queryset = Certification.objects.all()
    serializer_class = CertificationSerializer
    filterset_fields = ["firm", "scheme"]


class RawMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = RawMaterial
        fields = ["name", "origin", "quantity", "unit", "value"]


class IndustryYearSerializer(serializers.ModelSerializer):
    firm = _FirmField()
    raw_materials = RawMaterialSerializer(
        many=True,
        required=False,
        help_text=_("When given, they replace the year's raw materials."),
    )
    workers_total = serializers.IntegerField(read_only=True)
    utilisation = serializers.DecimalField(
        max_digits=7,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_("Production as a percentage of installed capacity."),
    )

    class Meta:
        model = IndustryYear
        fields = [
            "id",
            "firm",
            "year",
            "investment",
            "product",
            "installed_capacity",
            "capacity_unit",
            "production",
            "utilisation",
            "production_value",
            "workers_male",
            "workers_female",
            "workers_foreign",
            "workers_total",
            "electricity_kwh",
            "fuel_litres",
            "lpg_kg",
            "natural_gas_m3",
            "other_energy",
            "raw_materials",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        validators = [
            serializers.UniqueTogetherValidator(
                queryset=IndustryYear.objects.all(),
                fields=["firm", "year"],
                message=_("This firm already has data for that year."),
            )
        ]

    def save_with(self, instance: IndustryYear, user) -> IndustryYear:
        data = dict(self.validated_data)
        materials = data.pop("raw_materials", None)
        for field, value in data.items():
            setattr(instance, field, value)
        try:
            return services.save_industry_year(year=instance, materials=materials, user=user)
        except DjangoValidationError as exc:
            raise drf_errors(exc) from exc


class IndustryYearViewSet(FirmPartViewSet):
    """A firm's annual industry data (what SIINas asks each year), with its raw materials.
    Private: listed only for firms whose private data you may see; writing needs the right to
    change the firm."""

    queryset = IndustryYear.objects.prefetch_related("raw_materials").order_by(
        "firm__name", "firm_id", "-year"
    )
    serializer_class = IndustryYearSerializer
    filterset_fields = ["firm", "year"]

    def perform_create(self, serializer):
        year = IndustryYear()
        self.check_new(unsaved_copy(year, serializer.validated_data))
        serializer.instance = serializer.save_with(year, self.request.user)

    def perform_update(self, serializer):
        self.check_changed(serializer.instance, serializer.validated_data)
        serializer.instance = serializer.save_with(serializer.instance, self.request.user)


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["role", "region", "can_manage"]


class OrganisationSerializer(serializers.ModelSerializer):
    my_roles = serializers.SerializerMethodField(help_text=_("Your roles in this organisation."))

    class Meta:
        model = Firm
        fields = ["id", "kind", "name", "province", "regency", "my_roles"]

    @extend_schema_field(MembershipSerializer(many=True))
    def get_my_roles(self, organisation):
        return MembershipSerializer(organisation.my_memberships, many=True).data


class OrganisationViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The organisations you belong to, with your roles in each."""

    queryset = Firm.objects.all()
    serializer_class = OrganisationSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        user = self.request.user
        return (
            super()
            .get_queryset()
            .filter(pk__in=actor_for(user).org_ids)
            .prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=Membership.objects.active().filter(user=user),
                    to_attr="my_memberships",
                )
            )
        )
