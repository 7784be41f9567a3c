from django.core.management.base import BaseCommand

from rantai.reference import loaders
from rantai.reference.models import Kbli, Material, Process, Region


class Command(BaseCommand):
    help = "Load or update regions, KBLI codes, processes and materials from the shipped files."

    def handle(self, *args, **options):
        counts = loaders.load_all(
            {"Region": Region, "Kbli": Kbli, "Process": Process, "Material": Material}
        )
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
