"""A participation's stored baseline and final scores follow every change to its audits, from
any path (services, the admin, the API, imports): they are derived data, so a signal is the one
place that sees every write."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from rantai.five_r.models import Audit, Participation


@receiver([post_save, post_delete], sender=Audit)
def audit_changed(sender, instance: Audit, **kwargs):
    if instance.program_id:
        Participation.refresh_scores(firm_id=instance.firm_id, program_id=instance.program_id)
