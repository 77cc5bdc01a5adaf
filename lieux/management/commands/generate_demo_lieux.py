import time

from django.core.management.base import BaseCommand, CommandError

from lieux import demo
from lieux.models import Lieu


class Command(BaseCommand):
    help = "Génère des lieux de démonstration réalistes (source d'import « demonstration »), répartis selon la population."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=18_000, help="nombre de lieux (18 000 par défaut)")
        parser.add_argument("--seed", type=int, default=42, help="graine du tirage (reproductible)")
        parser.add_argument("--if-empty", action="store_true", help="ne rien faire si la base contient déjà des lieux")
        parser.add_argument("--replace", action="store_true", help="supprimer d'abord les lieux de démonstration")

    def handle(self, count, seed, if_empty, replace, **options):
        if if_empty and Lieu.objects.exists():
            self.stdout.write("Des lieux existent déjà : aucun lieu de démonstration ajouté.")
            return
        if replace:
            self.stdout.write(f"{demo.supprimer_demo()} lieux de démonstration supprimés.")
        debut = time.perf_counter()

        def progress(fait, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"  {fait}/{total}")

        try:
            ecrits = demo.generer(count, seed=seed, progress=progress)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        duree = time.perf_counter() - debut
        self.stdout.write(
            self.style.SUCCESS(f"{ecrits} lieux de démonstration créés en {duree:.1f} s ({ecrits / duree:,.0f} lieux/s).")
        )
