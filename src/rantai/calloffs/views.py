"""The call-off pages: the board (every call-off the user may see, updating itself), one
call-off with its answers and history, releasing and changing one. Views translate HTTP; the
rules are asked through ``core.access`` and the work is done by ``services``.

The open board is told by server-sent events (``events``, ``live.py``) when something it may
show changed, and asks then, and every ``CALLOFF_BOARD_POLL_SECONDS`` by itself, whether anything
it shows changed, bringing the token of what it shows (``board_token``): unchanged, the answer
is an empty 204 (htmx keeps the board); changed, it is the board itself with the new token. The
events carry nothing but "look again"; what the board shows always comes through the board's
own permission path (bench/calloff_board.py measures both ways)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.handlers.asgi import ASGIRequest
from django.db.models import Count, Max, Q
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rantai.accounts.actors import actor_for
from rantai.calloffs import live, services
from rantai.calloffs import moves as moving
from rantai.calloffs.filters import CallOffFilterSet
from rantai.calloffs.forms import (
    AcknowledgeForm,
    CallOffForm,
    MoveForm,
    ProposalForm,
    ReasonForm,
)
from rantai.calloffs.models import CallOff, CallOffMove
from rantai.calloffs.tables import CallOffTable
from rantai.core.access import can, get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.history import model_entries
from rantai.core.lists import ListView
from rantai.partnerships.models import Partnership


def board_token(user, now=None) -> str:
    """What the board shows, in a few characters: how many call-offs the user may see, when the
    last of them changed, how many wait past their acknowledgement deadline (a row turns red
    by the clock alone), and the same of the moves to another member it may see (the "move
    proposed" filter). One aggregate over each scope."""
    now = now or timezone.now()
    seen = restrict(CallOff.objects.all(), user).aggregate(
        count=Count("pk"),
        changed=Max("updated_at"),
        overdue=Count("pk", filter=Q(status=CallOff.Status.RELEASED, ack_due_at__lt=now)),
    )
    moves = restrict(CallOffMove.objects.all(), user).aggregate(
        count=Count("pk"), changed=Max("updated_at")
    )
    changed = seen["changed"].timestamp() if seen["changed"] else 0
    moved = moves["changed"].timestamp() if moves["changed"] else 0
    return f"{seen['count']}-{changed:.6f}-{seen['overdue']}-{moves['count']}-{moved:.6f}"


class BoardView(ListView):
    filterset_class = CallOffFilterSet
    table_class = CallOffTable
    template_name = "calloffs/board.html"

    def get(self, request, *args, **kwargs):
        self.token = board_token(request.user)
        polled = request.htmx and not request.htmx.boosted
        if polled and request.GET.get("since") == self.token:
            return HttpResponse(status=204)  # nothing changed: htmx keeps the board
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return restrict(CallOff.objects.all(), self.request.user).select_related(
            "partnership__buyer", "partnership__supplier"
        )

    def get_context_data(self, **kwargs):
        partnership = None
        pk = self.request.GET.get("partnership", "")
        if pk.isdigit():
            visible = restrict(Partnership.objects.all(), self.request.user)
            partnership = visible.filter(pk=pk).first()
        return super().get_context_data(
            partnership=partnership,
            can_release=partnership is not None
            and can(self.request.user, "add", CallOff(partnership=partnership)),
            poll_seconds=settings.CALLOFF_BOARD_POLL_SECONDS,
            push=settings.CALLOFF_BOARD_PUSH,
            poll_url=self._poll_url(),
            **kwargs,
        )

    def _poll_url(self) -> str:
        """This board's address (its filters and page) with the token of what it shows."""
        query = self.request.GET.copy()
        query["since"] = self.token
        return f"{self.request.path}?{query.urlencode()}"


@require_GET
def events(request):
    """The open board's server-sent events: only "look again", never what changed (live.py).
    A visitor who is not signed in gets 204, which tells the browser to stop reconnecting."""
    if not request.user.is_authenticated or not settings.CALLOFF_BOARD_PUSH:
        return HttpResponse(status=204)
    firms = live.interest(actor_for(request.user))
    asgi = isinstance(request, ASGIRequest)
    content = live.stream_async(firms) if asgi else live.stream_sync(firms)
    response = StreamingHttpResponse(content, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # a proxy (nginx) passes each event on at once
    return response


def _call_off(request, pk: int, action: str = "view") -> CallOff:
    return get_for(
        request.user,
        CallOff.objects.select_related("partnership__buyer", "partnership__supplier", "line"),
        action,
        pk=pk,
    )


@login_required
def detail(request, pk: int):
    call_off = _call_off(request, pk)
    user = request.user
    load = (
        services.week_load(call_off.partnership.supplier_id, call_off.due_on)
        if can(user, "acknowledge", call_off) and call_off.zone == CallOff.Zone.FIRM
        else None
    )
    timeline = model_entries(CallOff, CallOff.history.filter(id=call_off.pk), 50, main=True)
    moves = list(
        restrict(call_off.moves.all(), user).select_related(
            "to_firm", "cooperative", "new_call_off", "created_by"
        )
    )
    moved_from = CallOffMove.objects.filter(new_call_off=call_off).select_related("call_off")
    return render(
        request,
        "calloffs/detail.html",
        {
            "c": call_off,
            "now": timezone.now(),
            "may_answer": can(user, "acknowledge", call_off),
            "may_change": can(user, "change", call_off),
            "proposal_form": ProposalForm(),
            "acknowledge_form": AcknowledgeForm(
                initial={"machine_hours": services.usual_machine_hours(call_off)}
            ),
            "load": load,
            "load_text": _load_text(load, over=load.over) if load else "",
            "reason_form": ReasonForm(),
            "timeline": timeline,
            "deliveries": call_off.line.deliveries.all() if call_off.line_id else [],
            "moves": [
                (
                    move,
                    can(user, "decide", move),
                    move.new_call_off is not None and can(user, "view", move.new_call_off),
                )
                for move in moves
            ],
            "moved_from": restrict(moved_from, user).first(),
            "may_move": call_off.is_open
            and can(user, "move", call_off)
            and not call_off.shipping_lines.exists()
            and not any(m.status == CallOffMove.Status.PROPOSED for m in moves),
        },
    )


def _partnership(request, pk: int) -> Partnership:
    partnerships = Partnership.objects.select_related("buyer", "supplier")
    partnership = get_for(request.user, partnerships, pk=pk)
    require(request.user, "add", CallOff(partnership=partnership))
    return partnership


@login_required
def create(request, pk: int):
    partnership = _partnership(request, pk)
    form = CallOffForm(request.POST or None, initial={"ack_hours": 4})
    if request.method == "POST" and form.is_valid():
        try:
            call_off = services.release(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("Call-off %(number)s was released.") % {"number": call_off.number}
            )
            return redirect(call_off)
    return render(request, "calloffs/form.html", {"form": form, "p": partnership, "call_off": None})


@login_required
def change(request, pk: int):
    call_off = _call_off(request, pk, "change")
    form = CallOffForm(request.POST or None, instance=call_off, changing=True)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
        try:
            services.change(
                call_off=call_off,
                user=request.user,
                reason=form.cleaned_data["reason"],
                **values,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The call-off was changed; the supplier is asked again."))
            return redirect(call_off)
    return render(
        request,
        "calloffs/form.html",
        {"form": form, "p": call_off.partnership, "call_off": call_off},
    )


def _act(request, call_off, operation, success: str):
    try:
        operation()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(call_off)


@login_required
@require_POST
def acknowledge(request, pk: int):
    call_off = _call_off(request, pk, "acknowledge")
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(call_off)
    hours = form.cleaned_data["machine_hours"]
    response = _act(
        request,
        call_off,
        lambda: services.acknowledge(call_off=call_off, user=request.user, machine_hours=hours),
        _("Acknowledged: the buyer sees it at once."),
    )
    load = services.week_load(call_off.partnership.supplier_id, call_off.due_on)
    if load.over:
        messages.warning(request, _load_text(load, over=True))
    return response


def _load_text(load, *, over: bool) -> str:
    values = {
        "week": date_format(load.week_start, "DATE_FORMAT"),
        "hours": floatformat(load.hours, "-1g"),
        "capacity": floatformat(load.capacity, "-1g"),
    }
    if over:
        return (
            _(
                "Over capacity in the week of %(week)s: %(hours)s machine hours acknowledged "
                "against %(capacity)s that your machines give."
            )
            % values
        )
    return _("Week of %(week)s: %(hours)s of %(capacity)s machine hours acknowledged.") % values


@login_required
@require_POST
def propose(request, pk: int):
    call_off = _call_off(request, pk, "acknowledge")
    form = ProposalForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(call_off)
    data = form.cleaned_data
    return _act(
        request,
        call_off,
        lambda: services.propose(
            call_off=call_off,
            user=request.user,
            quantity=data["quantity"],
            due_on=data["due_on"],
            note=data["note"],
        ),
        _("Your proposal was sent to the buyer."),
    )


def _reason(request) -> str:
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


@login_required
@require_POST
def accept(request, pk: int):
    call_off = _call_off(request, pk, "change")
    return _act(
        request,
        call_off,
        lambda: services.decide(call_off=call_off, user=request.user, accept=True),
        _("The proposal was accepted."),
    )


@login_required
@require_POST
def reject(request, pk: int):
    call_off = _call_off(request, pk, "change")
    reason = _reason(request)
    return _act(
        request,
        call_off,
        lambda: services.decide(call_off=call_off, user=request.user, accept=False, reason=reason),
        _("The proposal was rejected; the supplier is asked again."),
    )


@login_required
@require_POST
def cancel(request, pk: int):
    call_off = _call_off(request, pk, "change")
    reason = _reason(request)
    return _act(
        request,
        call_off,
        lambda: services.cancel(call_off=call_off, user=request.user, reason=reason),
        _("The call-off was cancelled."),
    )


# ---- moving a call-off to another member of the cooperative (moves.py) ------------------------


@login_required
def move(request, pk: int):
    """The cooperative's manager picks another member that can take the call-off: each member
    with its agreement, whether the buyer sources the part from it, and its week's load."""
    call_off = _call_off(request, pk, "move")
    found = moving.candidates(call_off, moving.cooperatives_for(call_off, request.user))
    hours = next((c.hours for c in found if c.eligible and c.hours), call_off.machine_hours)
    form = MoveForm(
        request.POST or None, firms=[c.firm for c in found], initial={"machine_hours": hours}
    )
    if request.method == "POST" and form.is_valid():
        try:
            moving.propose_move(call_off=call_off, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The move was proposed; the buyer decides."))
            return redirect(call_off)
    return render(request, "calloffs/move.html", {"c": call_off, "candidates": found, "form": form})


def _move(request, pk: int) -> CallOffMove:
    return get_for(
        request.user,
        CallOffMove.objects.select_related("call_off__partnership", "to_firm", "cooperative"),
        "decide",
        pk=pk,
    )


@login_required
@require_POST
def move_accept(request, pk: int):
    move = _move(request, pk)
    return _act(
        request,
        move.call_off,
        lambda: moving.decide_move(move=move, user=request.user, accept=True),
        _("The move was accepted: the call-off was released to %(firm)s.")
        % {"firm": move.to_firm.name},
    )


@login_required
@require_POST
def move_reject(request, pk: int):
    move = _move(request, pk)
    reason = _reason(request)
    return _act(
        request,
        move.call_off,
        lambda: moving.decide_move(move=move, user=request.user, accept=False, reason=reason),
        _("The move was rejected; the call-off stays with its supplier."),
    )
