"""A firm's 5R results and its red tags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require
from rantai.core.charts import trend as score_trend
from rantai.firms.models import Firm
from rantai.five_r import charts, outcomes, readiness, results
from rantai.five_r.forms import RedTagForm
from rantai.five_r.models import Audit, CorrectiveAction, RedTag


def _firm_for_results(request, firm_pk: int) -> Firm:
    firm = get_for(request.user, Firm, pk=firm_pk)
    if not Audit.objects.restrict(request.user, "view").filter(firm=firm).exists():
        require(request.user, "view_private", firm)  # no audit he sees: the firm's own people
    return firm


@login_required
def firm_results(request, firm_pk: int):
    """A firm's 5R story: audits, radar, baseline vs final, trend, actions, photos, readiness."""
    firm = _firm_for_results(request, firm_pk)
    audits = list(
        Audit.objects.restrict(request.user, "view")
        .filter(firm=firm)
        .select_related("template", "program")
        .order_by("date", "pk")
    )
    submitted = [a for a in audits if not a.is_draft]
    sections = list(submitted[-1].template.sections.all()) if submitted else []
    labels = [s.short_label for s in sections]
    baseline = next((a for a in submitted if a.phase == Audit.Phase.BASELINE), None)
    final = next((a for a in reversed(submitted) if a.phase == Audit.Phase.FINAL), None)
    compare = None
    if baseline or final:
        compare = charts.radar(
            labels,
            [
                (
                    f"{a.get_phase_display()} {date_format(a.date, 'SHORT_DATE_FORMAT')}",
                    [
                        a.section_scores.get(s.code) and float(a.section_scores[s.code])
                        for s in sections
                    ],
                )
                for a in (baseline, final)
                if a
            ],
        )
    trend = (
        score_trend(
            [date_format(a.date, "SHORT_DATE_FORMAT") for a in submitted],
            [a.overall_score for a in submitted],
        )
        if len(submitted) > 1
        else None
    )
    actions = CorrectiveAction.objects.filter(audit__in=[a.pk for a in audits]).select_related(
        "item"
    )
    return render(
        request,
        "five_r/firm_results.html",
        {
            "firm": firm,
            "audits": audits,
            "submitted": submitted,
            "sections": sections,
            "baseline": baseline,
            "final": final,
            "compare": compare,
            "outcomes": outcomes.outcomes(baseline, final),
            "trend": trend,
            "open_actions": actions.open(),
            "pairs": results.photo_pairs(submitted),
            "readiness": readiness.assess_firm(firm),
            "red_tags": firm.red_tags.all()[:50],
            "can_tag": can(request.user, "add", RedTag(firm=firm)),
        },
    )


@login_required
def red_tag_edit(request, firm_pk: int, tag_pk: int | None = None):
    firm = _firm_for_results(request, firm_pk)
    tag = get_object_or_404(firm.red_tags, pk=tag_pk) if tag_pk else RedTag(firm=firm)
    require(request.user, "change" if tag.pk else "add", tag)
    form = RedTagForm(request.POST or None, instance=tag)
    if request.method == "POST" and form.is_valid():
        tag = form.save(commit=False)
        tag.firm = firm
        tag._history_user = request.user
        tag.save()
        messages.success(request, _("The red tag was saved."))
        return redirect(f"{reverse('five_r:firm-results', args=[firm.pk])}#red-tags")
    return render(request, "five_r/red_tag_form.html", {"firm": firm, "form": form, "tag": tag})
