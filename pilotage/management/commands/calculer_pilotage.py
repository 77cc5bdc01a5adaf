from django.core.management.base import BaseCommand

from pilotage import calcul


class Command(BaseCommand):
    help = "Recalcule les distances des communes aux lieux (pilotage territorial), pour tous les filtres précalculés."

    def add_arguments(self, parser):
        parser.add_argument("--filtre", action="append", choices=list(calcul.PAR_CLE),
                            help="Un filtre précalculé seulement (répétable).")

    def handle(self, *args, filtre=None, **options):
        durees = calcul.calculer(filtre, motif="commande calculer_pilotage")
        for cle, s in durees.items():
            self.stdout.write(f"{cle:12} {s:6.2f} s")
        self.stdout.write(self.style.SUCCESS(f"Pilotage recalculé en {sum(durees.values()):.1f} s."))
