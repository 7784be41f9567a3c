"""A finding written for a low score without a comment held the item's code and checkpoint
("RK2 Rak belum berlabel"), and pages put the code before it once more ("RK2 · RK2 …"): keep
the checkpoint only, as new findings do."""

from django.db import migrations


def drop_repeated_codes(apps, schema_editor):
    CorrectiveAction = apps.get_model("five_r", "CorrectiveAction")
    for action in CorrectiveAction.objects.filter(item__isnull=False).select_related("item"):
        repeated = f"{action.item.code} {action.item.text}"
        if action.finding == repeated:
            CorrectiveAction.objects.filter(pk=action.pk).update(finding=action.item.text)


class Migration(migrations.Migration):
    dependencies = [("five_r", "0005_action_reminders")]

    operations = [migrations.RunPython(drop_repeated_codes, migrations.RunPython.noop)]
