"""Business operations on firms: keyword-only, each in one transaction."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rantai.firms.models import Firm, IndustryYear, RawMaterial


@transaction.atomic
def delete_firm(*, firm: Firm, user) -> None:
    """Hide a firm (soft delete): it leaves every list, and an administrator can restore it."""
    firm._history_user = user
    firm.soft_delete()


@transaction.atomic
def restore_firm(*, firm: Firm, user) -> None:
    firm._history_user = user
    firm.restore()


@transaction.atomic
def save_industry_year(
    *, year: IndustryYear, materials: list[dict] | None = None, user=None
) -> IndustryYear:
    """Check and save a firm's data for one year; ``materials`` (dicts of RawMaterial fields),
    when given, replace its raw materials. Raises ValidationError, and writes nothing, if the
    year or any material is invalid (a material's messages name its line, from 1)."""
    year._history_user = user
    year.full_clean()
    lines = [RawMaterial(**data) for data in materials or []]
    errors = []
    for number, line in enumerate(lines, start=1):
        try:
            line.full_clean(exclude=["year"])
        except ValidationError as exc:
            errors += [
                _("Raw material %(line)d, %(field)s: %(message)s")
                % {
                    "line": number,
                    "field": RawMaterial._meta.get_field(field).verbose_name
                    if field != NON_FIELD_ERRORS
                    else "",
                    "message": message,
                }
                for field, messages in exc.message_dict.items()
                for message in messages
            ]
    if errors:
        raise ValidationError({"raw_materials": errors})
    year.save()
    if materials is not None:
        year.raw_materials.all().delete()
        for line in lines:
            line.year = year
            line._history_user = user
            line.save()
    return year
