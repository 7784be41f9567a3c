"""Who may read the program insights (django-rules).

- view_insights: program officers and administrators read the funnel, its steps, the map and
  the official report. Officers read their remit (and regions inside it), administrators and
  national officers the whole country (``remit_codes``).
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import is_admin, is_officer, is_signed_in


def remit_codes(user) -> list[str] | None:
    """The regions whose insights ``user`` reads: None for the whole country (administrators
    and national officers), else the officer's remits."""
    actor = actor_for(user)
    if actor.is_admin or actor.is_national_officer:
        return None
    return [code for code in actor.remits if code]


def covers(user, region: str | None) -> bool:
    """Whether ``user`` may read the insights of ``region`` (None: the whole country)."""
    codes = remit_codes(user)
    if codes is None:
        return True
    return bool(region) and any(region == code or region.startswith(f"{code}.") for code in codes)


rules.add_perm("insights.view_insights", is_signed_in & (is_admin | is_officer))
