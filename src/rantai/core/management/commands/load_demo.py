from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from rantai.demo import (
    calloffs,
    estate_assets,
    estates,
    firms,
    five_r,
    industry,
    matchmaking,
    partnerships,
)
from rantai.insights import facts, snapshots

QUIET = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


class Command(BaseCommand):
    help = "Load the demo: Kabupaten Tegal's metal cluster at LIK Takaru (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, **options):
        # The demo's story happened in the past: its people get their in-app notices (an audit's
        # corrective actions, a meeting request) but nobody is emailed while it loads.
        with override_settings(MAILERS=QUIET), facts.batch():
            # the firms' funnel facts once, at the end, not after every write
            orgs = firms.load()
            users = firms.load_users(orgs)
            industry.load()
            five_r.load(orgs)
            matchmaking.load(orgs)
            partnerships.load(orgs)
            partnerships.load_orders(orgs)
            calloffs.load(orgs)
            takaru = estates.load(orgs)
            sentra = estates.load_other(orgs)
            if takaru is not None:
                estate_assets.load(takaru)
            if sentra is not None:
                estate_assets.load_other(sentra)
        snapshots.refresh()  # the country's and provinces' dashboards, as the daily job would
        self.stdout.write(self.style.SUCCESS(_("Demo data loaded.")))
        if not options["quiet_logins"]:
            self.stdout.write(
                _("Demo logins (password: %(password)s):") % {"password": firms.DEMO_PASSWORD}
            )
            for user in users:
                self.stdout.write(f"  {user.username:<15} {user.position}")
