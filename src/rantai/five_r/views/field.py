"""The 5R field app (issue 16): an installable web app that captures an audit with no signal.

The page is a shell (``five_r/field/app.html``) and one script (``five_r/field.js``); the
service worker keeps both for offline use, and the script keeps each audit a mentor takes to the
field in IndexedDB, with what was answered and photographed there until it is sent. Answers go
through the API with the version they were based on (a change made meanwhile becomes a conflict,
never an overwrite); photos go through the resumable uploads. Data reaches the phone only
through the two JSON views here, which pass the same rules as every page (``change`` on a draft).
"""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from rantai.core.access import restrict
from rantai.five_r import outcomes
from rantai.five_r.models import Audit
from rantai.five_r.views.audits import audit_for

ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "five_r/field.css",
    "five_r/field.js",
    "vendor/idb/index.js",
    "five_r/field/icon-192.png",
)


def _assets() -> list[str]:
    return [static(path) for path in ASSETS]


def _strings() -> dict[str, str]:
    """What the script says, in the user's language (the shell is kept per language)."""
    return {
        "online": _("Online"),
        "offline": _("Offline: answers stay on this phone"),
        "unsent_one": _("1 item not sent yet"),
        "unsent_many": _("%(count)s items not sent yet"),
        "all_sent": _("Everything is sent"),
        "saved": _("Saved on this phone"),
        "sending": _("Sending…"),
        "sent": _("Sent"),
        "conflict": _(
            "Another mentor changed this answer meanwhile: both are kept, decide on the "
            "audit's page"
        ),
        "refused": _("Not accepted"),
        "take": _("Take to the field"),
        "open": pgettext("a button", "Open"),
        "on_phone": _("On this phone"),
        "drafts": _("Drafts you can fill in"),
        "none_on_phone": _("No audit is on this phone yet. Take one to the field while online."),
        "none_online": _("No draft audit is waiting for you."),
        "load_failed": _("The list could not be loaded; you are probably offline."),
        "na": _("N/A"),
        "comment": _("Comment"),
        "add_photo": _("Add a photo"),
        "photo_failed": _("This file is not a photo this phone can read."),
        "outcomes": _("Outcome indicators"),
        "sample": _("Sample %(n)s"),
        "send_now": _("Send now"),
        "export": _("Export unsent items"),
        "exported": _(
            "The file holds the unsent answers and photos; an administrator can "
            "import it on the server."
        ),
        "persisted": _("This phone keeps the data even when storage runs low."),
        "not_persisted": _(
            "The browser may clear this data when storage runs low: send it soon, or export it."
        ),
        "back": _("All audits"),
        "remove": _("Remove from this phone"),
        "keep_unsent": _("This audit still has unsent items; send or export them first."),
    }


@require_GET
@login_required
@never_cache
def app(request):
    """The shell: the same for every audit, so the service worker keeps one copy."""
    return render(
        request,
        "five_r/field/app.html",
        {
            "strings": _strings(),
            "config": {
                "audits": reverse("five_r:field-audits"),
                "worker": reverse("five_r:field-worker"),
                "scope": reverse("five_r:field"),
                "user": request.user.get_username(),
            },
        },
    )


@require_GET
def worker(request):
    """The service worker. Its text names the static files by their hashed names, so a new
    release changes it and the phone takes the new files."""
    version = hashlib.sha256("".join(_assets()).encode()).hexdigest()[:12]
    response = render(
        request,
        "five_r/field/sw.js",
        {"precache": json.dumps([reverse("five_r:field"), *_assets()]), "version": version},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = reverse("five_r:field")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    field = reverse("five_r:field")
    return JsonResponse(
        {
            "name": _("Rantai 5R in the field"),
            "short_name": "Rantai 5R",
            "description": _("5R audits on a phone, with or without a signal."),
            "start_url": field,
            "scope": field,
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0b5d5b",
            "lang": request.LANGUAGE_CODE,
            "icons": [
                {
                    "src": static(f"five_r/field/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any maskable",
                }
                for size in (192, 512)
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@login_required
@never_cache
def audits(request):
    """The drafts this user may fill in, newest first: what can be taken to the field."""
    drafts = (
        restrict(Audit.objects.filter(status=Audit.Status.DRAFT), request.user, "change")
        .select_related("firm")
        .order_by("-date", "-pk")[:50]
    )
    return JsonResponse(
        {
            "audits": [
                {
                    "id": audit.pk,
                    "firm": audit.firm.name,
                    "area": audit.area,
                    "phase": audit.get_phase_display(),
                    "date": audit.date.isoformat(),
                    "url": reverse("five_r:field-audit", args=[audit.pk]),
                }
                for audit in drafts
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@login_required
@never_cache
def audit(request, pk: int):
    """Everything the phone needs to fill in one draft with no signal: its checklist version,
    its answers with their versions, its photos and its outcome indicators."""
    found = audit_for(request, pk, "change")  # a submitted audit is refused here too (403)
    template = found.template
    sections = template.sections.prefetch_related("items")
    indicators = outcomes.indicators_for(found.program)
    measured = {m.indicator_id: m for m in found.measurements.all()}
    return JsonResponse(
        {
            "id": found.pk,
            "firm": found.firm.name,
            "area": found.area,
            "phase": found.get_phase_display(),
            "date": found.date.isoformat(),
            "checklist": {"id": template.pk, "name": template.label, "version": template.version},
            "scale": [[value, label] for value, label in template.scale()],
            "sections": [
                {
                    "code": section.code,
                    "title": section.label,
                    "items": [
                        {
                            "id": item.pk,
                            "code": item.code,
                            "text": item.label,
                            "guidance": item.guidance_label,
                            "na": item.allow_na,
                        }
                        for item in section.items.all()
                    ],
                }
                for section in sections
            ],
            "answers": {
                str(answer.item_id): {
                    "score": answer.score,
                    "not_applicable": answer.not_applicable,
                    "comment": answer.comment,
                    "version": answer.version,
                }
                for answer in found.answers.all()
            },
            "photos": [
                {
                    "id": str(photo.uuid),
                    "item": photo.item_id,
                    "caption": photo.caption,
                    "thumbnail": photo.thumbnail_url,
                }
                for photo in found.photos.filter(action__isnull=True)
            ],
            "indicators": [
                {
                    "code": indicator.code,
                    "name": indicator.label,
                    "unit": indicator.unit_label,
                    "samples": indicator.samples,
                    "how": indicator.guidance,
                    "values": (
                        (measured[indicator.pk].samples or [str(measured[indicator.pk].value)])
                        if indicator.pk in measured
                        else []
                    ),
                }
                for indicator in indicators
            ],
            "api": {
                "answers": reverse("five-r-audit-answers", args=[found.pk]),
                "uploads": reverse("five-r-audit-uploads", args=[found.pk]),
                "outcomes": reverse("five-r-audit-outcomes", args=[found.pk]),
            },
            "page": found.get_absolute_url(),
        },
        json_dumps_params={"ensure_ascii": False},
    )
