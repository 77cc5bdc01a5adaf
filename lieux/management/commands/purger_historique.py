"""python manage.py purger_historique [--jours N]  (nightly by cron, next to purger_imports)

The history of the lieux keeps two years of steps by default (HISTORIQUE_JOURS in the environment): older steps
fold into one snapshot per lieu, without origin or account (lieux/historique.py, docs/historique.md)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from lieux import historique


class Command(BaseCommand):
    help = ("Supprime les étapes de l'historique des lieux plus anciennes que la durée de conservation (deux ans par "
            "défaut) : chaque lieu garde son état à cette date, sans origine ni compte.")

    def add_arguments(self, parser):
        parser.add_argument("--jours", type=int, default=None, help="durée de conservation en jours")

    def handle(self, *args, jours, verbosity, **options):
        jours = jours or getattr(settings, "HISTORIQUE_JOURS", historique.JOURS_CONSERVATION)
        supprimes = historique.purger(jours)
        if verbosity >= 1:
            self.stdout.write(f"Historique des lieux : {supprimes} étape(s) de plus de {jours} jours supprimée(s).")
