from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from imports.purge import JOURS_ANALYSES, JOURS_DETAIL, purger


class Command(BaseCommand):
    help = ("Allège les rapports d'import : valeurs en attente des imports terminés, détail ligne à ligne des imports "
            "de plus de --jours jours (les compteurs, remarques et fichiers restent ; les lieux ne sont jamais touchés).")

    def add_arguments(self, parser):
        parser.add_argument("--jours", type=int, default=JOURS_DETAIL,
                            help=f"conservation du détail ligne à ligne, en jours (défaut : {JOURS_DETAIL})")
        parser.add_argument("--jours-analyses", type=int, default=JOURS_ANALYSES,
                            help="une analyse jamais appliquée perd ses valeurs en attente après ce nombre de jours "
                                 f"(défaut : {JOURS_ANALYSES})")
        parser.add_argument("--sans-purges-associees", action="store_true",
                            help="ne lance pas les commandes du réglage PURGES_ASSOCIEES (données personnelles…)")

    def handle(self, *args, jours, jours_analyses, sans_purges_associees, verbosity, **options):
        try:
            purge = purger(jours, jours_analyses=jours_analyses)
        except ValueError as erreur:
            raise CommandError(str(erreur)) from erreur
        if verbosity >= 1:
            self.stdout.write(f"{purge.valeurs_videes} ligne(s) allégée(s) ; détail supprimé pour {purge.imports} "
                              f"import(s) de plus de {jours} jours ({purge.lignes_supprimees} ligne(s)).")
        # the other apps' purges (personal data of the contributions…), named in the settings: imports knows no app
        # above it (scripts/graphe_imports.py)
        for commande in [] if sans_purges_associees else getattr(settings, "PURGES_ASSOCIEES", []):
            call_command(commande, verbosity=verbosity, stdout=self.stdout)
