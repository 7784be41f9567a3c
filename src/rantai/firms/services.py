"""Business operations on firms: keyword-only, each in one transaction."""

from django.db import transaction

from rantai.firms.models import Firm


@transaction.atomic
def delete_firm(*, firm: Firm, user) -> None:
    """Hide a firm (soft delete): it leaves every list, and an administrator can restore it."""
    firm._history_user = user
    firm.soft_delete()


@transaction.atomic
def restore_firm(*, firm: Firm, user) -> None:
    firm._history_user = user
    firm.restore()
