"""Every write that can change a firm's funnel facts, from any path (services, the admin, the
API, imports), tells ``facts.touch`` which firms it concerns. Writes that go around the ORM's
signals (``QuerySet.update``, ``bulk_create``) call ``facts.touch`` themselves; the daily
rebuild catches anything else."""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from rantai.firms.models import Firm
from rantai.five_r.models import Audit, Participation, Program
from rantai.insights import facts
from rantai.matchmaking.models import Event, Meeting, Registration, Slot
from rantai.partnerships.models import Partnership, Scorecard, ScoreRecord


@receiver(post_save, sender=Firm)
def firm_saved(sender, instance: Firm, raw=False, **kwargs):
    if not raw:
        facts.firm_saved(instance)


@receiver(pre_delete, sender=Firm)
def firm_deleting(sender, instance: Firm, **kwargs):
    facts.deleting(instance.pk)


@receiver(post_delete, sender=Firm)
def firm_deleted(sender, instance: Firm, **kwargs):
    facts.deleting(instance.pk, done=True)


@receiver(m2m_changed, sender=Firm.kbli.through)
def firm_sectors_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        facts.touch(*((pk_set or []) if reverse else [instance.pk]))


@receiver([post_save, post_delete], sender=Participation)
@receiver([post_save, post_delete], sender=Audit)
@receiver([post_save, post_delete], sender=Registration)
def firm_record_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        facts.touch(instance.firm_id)


@receiver(post_save, sender=Program)
def program_saved(sender, instance: Program, created=False, raw=False, **kwargs):
    if not (raw or created):  # its start year may have moved
        facts.touch(*instance.participations.values_list("firm_id", flat=True))


@receiver(post_save, sender=Event)
def event_saved(sender, instance: Event, created=False, raw=False, **kwargs):
    if not (raw or created):
        facts.touch(*instance.registrations.values_list("firm_id", flat=True))


def _meeting_firms(meetings) -> list[int]:
    pairs = meetings.values_list("request__requester__firm_id", "request__recipient__firm_id")
    return [firm for pair in pairs for firm in pair]


@receiver([post_save, post_delete], sender=Meeting)
def meeting_changed(sender, instance: Meeting, raw=False, **kwargs):
    if not raw:
        firms = Registration.objects.filter(
            Q(sent_requests__pk=instance.request_id) | Q(received_requests__pk=instance.request_id)
        )
        facts.touch(*firms.values_list("firm_id", flat=True))


@receiver(post_save, sender=Slot)
def slot_saved(sender, instance: Slot, created=False, raw=False, **kwargs):
    if not (raw or created):
        facts.touch(*_meeting_firms(Meeting.objects.filter(slot=instance)))


@receiver(pre_save, sender=Partnership)
def partnership_saving(sender, instance: Partnership, raw=False, **kwargs):
    """A partnership moved to another supplier leaves the old one's facts to redo."""
    if not raw and instance.pk and not instance._state.adding:
        old = Partnership.objects.filter(pk=instance.pk).values_list("supplier_id", flat=True)
        instance._supplier_before = next(iter(old), None)


@receiver([post_save, post_delete], sender=Partnership)
def partnership_changed(sender, instance: Partnership, raw=False, **kwargs):
    if not raw:
        facts.touch(instance.supplier_id, getattr(instance, "_supplier_before", None))


@receiver([post_save, post_delete], sender=ScoreRecord)
def score_changed(sender, instance: ScoreRecord, raw=False, **kwargs):
    if not raw:
        facts.touch(instance.supplier_id)


@receiver(post_save, sender=Scorecard)
def scorecard_saved(sender, instance: Scorecard, raw=False, **kwargs):
    """A buyer's SOP checklist is not 5R: its audits leave or join the 5R improvement."""
    if not raw and instance.sop_template_id:
        facts.touch(
            *Audit.objects.filter(template_id=instance.sop_template_id).values_list(
                "firm_id", flat=True
            )
        )
