import time

from django.core.management.base import BaseCommand

from lieux.projections import qualite


class Command(BaseCommand):
    help = ("Recalcule le score de qualité des lieux (docs/qualite.md). PostgreSQL le tient à jour à chaque écriture ; "
            "à lancer chaque nuit : la fraîcheur dépend du jour. Seuls les scores qui changent sont réécrits.")

    def add_arguments(self, parser):
        parser.add_argument("--lieux", nargs="+", type=int, metavar="UID", help="seulement ces lieux (uid)")

    def handle(self, lieux, **options):
        debut = time.perf_counter()
        ecrits = qualite.recalculer(lieux or None)
        duree = time.perf_counter() - debut
        self.stdout.write(self.style.SUCCESS(f"{ecrits} scores de qualité mis à jour en {duree:.1f} s."))
