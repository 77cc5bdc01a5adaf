import time

from django.core.management.base import BaseCommand

from lieux.models.ouverture import rafraichir_ouvertures, uids_perimes


class Command(BaseCommand):
    help = (
        "Recalcule les créneaux d'ouverture (« ouvert maintenant », disponibilités) à partir des horaires des lieux. "
        "Sans option : tous les lieux. À lancer chaque semaine avec --perimees pour les horaires saisonniers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--perimees", action="store_true",
                            help="seulement les lieux sans calcul, aux horaires modifiés ou variables calculés il y a "
                                 "plus de 7 jours")
        parser.add_argument("--lieux", nargs="+", type=int, metavar="UID", help="seulement ces lieux (uid)")

    def handle(self, perimees, lieux, **options):
        debut = time.perf_counter()
        uids = lieux if lieux else (uids_perimes() if perimees else None)
        ecrits = rafraichir_ouvertures(uids)
        duree = time.perf_counter() - debut
        self.stdout.write(self.style.SUCCESS(f"{ecrits} lieux mis à jour en {duree:.1f} s."))
