"""Capturing an audit on a phone: one R at a time, answers and photos."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from rantai.core.access import require
from rantai.five_r import services
from rantai.five_r.forms import PhotoForm
from rantai.five_r.models import Answer, Audit, Item, Photo, Section
from rantai.five_r.views.audits import already_submitted, audit_for, unless_submitted


def _section_nav(audit: Audit, section: Section):
    sections = list(audit.template.sections.all())
    index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
    answered = dict(
        Answer.objects.filter(audit=audit)
        .filter(Q(score__isnull=False) | Q(not_applicable=True))
        .values_list("item__section_id")
        .annotate(n=Count("pk"))
    )
    totals = dict(
        Item.objects.filter(section__template=audit.template)
        .values_list("section_id")
        .annotate(n=Count("pk"))
    )
    nav = [(s, answered.get(s.pk, 0), totals.get(s.pk, 0)) for s in sections]
    return (
        nav,
        (sections[index - 1] if index else None),
        (sections[index + 1] if index + 1 < len(sections) else None),
    )


@login_required
@unless_submitted
def audit_capture(request, pk: int, section: str):
    """One R at a time, built for a phone: every change is saved as it is made."""
    audit = audit_for(request, pk, "change")
    current = get_object_or_404(audit.template.sections, code=section)
    items = list(current.items.all())
    answers = {a.item_id: a for a in audit.answers.filter(item__in=items)}
    photos_by_item: dict[int, list[Photo]] = {}
    for photo in audit.photos.filter(item__in=items):
        photos_by_item.setdefault(photo.item_id, []).append(photo)
    if request.method == "POST":  # without JavaScript: the whole section at once
        errors = _save_section(request, audit, items)
        if not errors:
            target = request.POST.get("next") or ""
            nav, _prev, nxt = _section_nav(audit, current)
            if target == "next" and nxt:
                return redirect("five_r:audit-capture", pk=audit.pk, section=nxt.code)
            if target == "review" or not nxt:
                return redirect("five_r:audit-submit", pk=audit.pk)
            return redirect("five_r:audit-capture", pk=audit.pk, section=current.code)
        for error in errors:
            messages.error(request, error)
        answers = {a.item_id: a for a in audit.answers.filter(item__in=items)}
    nav, previous, following = _section_nav(audit, current)
    return render(
        request,
        "five_r/audit_capture.html",
        {
            "audit": audit,
            "section": current,
            "nav": nav,
            "previous": previous,
            "following": following,
            "entries": [
                (item, answers.get(item.pk), photos_by_item.get(item.pk, [])) for item in items
            ],
            "scale": audit.template.scale(),
            "photo_form": PhotoForm(),
        },
    )


def _parse_answer(data, prefix: str = ""):
    raw = data.get(f"{prefix}score", "")
    not_applicable = raw == "na"
    score = int(raw) if raw.isdigit() else None
    return score, not_applicable, data.get(f"{prefix}comment", "")


def _save_section(request, audit, items) -> list[str]:
    errors = []
    for item in items:
        score, not_applicable, comment = _parse_answer(request.POST, f"i{item.pk}-")
        if (
            score is None
            and not not_applicable
            and not comment
            and not Answer.objects.filter(audit=audit, item=item).exists()
        ):
            continue
        try:
            services.save_answer(
                audit=audit,
                item=item,
                score=score,
                not_applicable=not_applicable,
                comment=comment,
                user=request.user,
            )
        except ValidationError as exc:
            errors += [f"{item.code}: {m}" for m in exc.messages]
    return errors


@login_required
@require_POST
@unless_submitted
def audit_answer(request, pk: int, item_pk: int):
    """Autosave of one item (htmx)."""
    audit = audit_for(request, pk, "change")
    item = get_object_or_404(Item, pk=item_pk, section__template=audit.template)
    score, not_applicable, comment = _parse_answer(request.POST, f"i{item.pk}-")
    try:
        answer = services.save_answer(
            audit=audit,
            item=item,
            score=score,
            not_applicable=not_applicable,
            comment=comment,
            user=request.user,
        )
    except ValidationError as exc:
        return render(request, "five_r/_saved.html", {"error": " ".join(exc.messages)}, status=422)
    nav, _previous, _following = _section_nav(audit, item.section)
    context = {"answer": answer, "item": item, "audit": audit, "section": item.section, "nav": nav}
    # The section counters follow the answer (an out-of-band swap of the pills).
    return render(request, "five_r/_saved.html", context | {"oob": True})


@login_required
@require_POST
@unless_submitted
def audit_photo(request, pk: int, item_pk: int):
    audit = audit_for(request, pk, "change")
    item = get_object_or_404(Item, pk=item_pk, section__template=audit.template)
    form = PhotoForm(request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            services.add_photo(
                upload=form.cleaned_data["photo"],
                user=request.user,
                audit=audit,
                item=item,
                kind=form.cleaned_data["kind"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(m for errors in form.errors.values() for m in errors)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(
            f"{reverse('five_r:audit-capture', args=[audit.pk, item.section.code])}#item-{item.pk}"
        )
    return render(
        request,
        "five_r/_item_photos.html",
        {
            "audit": audit,
            "item": item,
            "photos": audit.photos.filter(item=item),
            "error": error,
            "photo_form": PhotoForm(),
        },
        status=422 if error else 200,
    )


@login_required
@require_POST
def photo_delete(request, pk: int):
    photo = get_object_or_404(Photo, pk=pk, audit__isnull=False)
    audit = audit_for(request, photo.audit_id)
    if not audit.is_draft:
        return already_submitted(request, audit)
    require(request.user, "change", audit)
    item = photo.item
    photo.delete()
    if request.htmx:
        return render(
            request,
            "five_r/_item_photos.html",
            {
                "audit": audit,
                "item": item,
                "photos": audit.photos.filter(item=item),
                "photo_form": PhotoForm(),
            },
        )
    return redirect("five_r:audit-capture", pk=audit.pk, section=item.section.code)


@login_required
def photo_file(request, pk: int, size: str):
    photo = get_object_or_404(Photo.objects.select_related("audit", "action__audit"), pk=pk)
    audit_id = photo.audit_id or (photo.action.audit_id if photo.action_id else None)
    if audit_id is None:
        raise Http404
    audit_for(request, audit_id)  # 404 unless he sees the audit
    field = photo.thumbnail if size == "thumb" else photo.image
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
