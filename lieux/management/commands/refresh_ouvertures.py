import time

from django.core.management.base import BaseCommand

from lieux.projections import analyses
from lieux.projections.maintien_ouvertures import recalculer, uids_perimes


class Command(BaseCommand):
    help = (
        "Recalcule les créneaux d'ouverture (« ouvert maintenant », disponibilités) à partir des horaires des lieux. "
        "PostgreSQL les tient à jour à chaque écriture ; à lancer chaque semaine avec --perimees pour les horaires "
        "saisonniers et les horaires écrits sans analyse (« à analyser »). Sans option : tous les lieux, horaires "
        "analysés de nouveau."
    )

    def add_arguments(self, parser):
        parser.add_argument("--perimees", action="store_true",
                            help="seulement les lieux sans calcul, « à analyser » ou aux horaires variables calculés "
                                 "il y a plus de 7 jours ; supprime aussi les analyses d'horaires qu'aucun lieu "
                                 "n'utilise plus")
        parser.add_argument("--lieux", nargs="+", type=int, metavar="UID", help="seulement ces lieux (uid)")

    def handle(self, perimees, lieux, **options):
        debut = time.perf_counter()
        if lieux:
            ecrits = recalculer(lieux, reanalyser_tout=True)
        elif perimees:
            analyses.reanalyser(age_variables=None)  # variable hours analysed more than a week ago
            ecrits = recalculer(uids_perimes())
            purgees = analyses.purger()  # analyses of hours no lieu has any more
            self.stdout.write(f"{purgees} analyses d'horaires inutilisées supprimées.")
        else:
            ecrits = recalculer(None, reanalyser_tout=True)
        duree = time.perf_counter() - debut
        self.stdout.write(self.style.SUCCESS(f"{ecrits} lieux mis à jour en {duree:.1f} s."))
