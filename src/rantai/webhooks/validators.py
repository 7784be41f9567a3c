"""What a webhook endpoint may be: an https address on the public internet (plain http and private
addresses only where ``settings.WEBHOOKS_ALLOW_PRIVATE`` allows, for development and tests), and
a non-empty list of known events. Names are resolved again when delivering (``send.refusal``), so a
name that later points inside our network is refused there too."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Names that never leave the machine or the local network, whatever DNS says.
PRIVATE_NAMES = ("localhost",)
PRIVATE_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def is_private_host(host: str) -> bool:
    """Whether ``host`` (a name or an address literal) is private, loopback or link-local by
    itself, without asking DNS."""
    host = host.lower().rstrip(".")
    try:
        return not is_public_address(host)
    except ValueError:
        return host in PRIVATE_NAMES or host.endswith(PRIVATE_SUFFIXES)


def validate_webhook_url(value: str) -> None:
    parts = urlsplit(value)
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise ValidationError(_("A webhook address must start with https://."), code="scheme")
    if parts.username or parts.password:
        raise ValidationError(
            _("Put no user name or password in the address; check the signature instead."),
            code="credentials",
        )
    if not parts.hostname:
        raise ValidationError(_("Enter a complete address."), code="host")
    if not allow_private and is_private_host(parts.hostname):
        raise ValidationError(
            _(
                "This address is private, loopback or link-local: a webhook must reach a server "
                "on the internet."
            ),
            code="private",
        )


def validate_events(value) -> None:
    from rantai.webhooks.models import Event  # noqa: PLC0415 (the model uses this module)

    if not isinstance(value, list) or not value:
        raise ValidationError(_("Choose at least one event."), code="empty")
    unknown = [v for v in value if v not in Event.values]
    if unknown or len(set(value)) != len(value):
        raise ValidationError(_("Choose events from the list, each once."), code="unknown")
