from django.core.management.base import BaseCommand

from rantai.core.mail import addresses
from rantai.insights import monthly


class Command(BaseCommand):
    help = (
        "Email each regional officer the previous month's program report of their remit, with "
        "the PDF attached (run daily; each region's report goes once a month)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the reports that would be sent."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            for item in monthly.due():
                emails = addresses(item.recipients)
                self.stdout.write(f"{item.region} {item.month:%Y-%m}: {', '.join(emails)}")
            return
        sent = monthly.send_due()
        self.stdout.write(f"{len(sent)} monthly report(s) sent.")
