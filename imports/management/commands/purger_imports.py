from django.core.management.base import BaseCommand, CommandError

from imports.purge import JOURS_DETAIL, purger


class Command(BaseCommand):
    help = ("Allège les rapports d'import : valeurs en attente des imports terminés, détail ligne à ligne des imports "
            "de plus de --jours jours (les compteurs, remarques et fichiers restent ; les lieux ne sont jamais touchés).")

    def add_arguments(self, parser):
        parser.add_argument("--jours", type=int, default=JOURS_DETAIL,
                            help=f"conservation du détail ligne à ligne, en jours (défaut : {JOURS_DETAIL})")

    def handle(self, *args, jours, verbosity, **options):
        try:
            purge = purger(jours)
        except ValueError as erreur:
            raise CommandError(str(erreur)) from erreur
        if verbosity >= 1:
            self.stdout.write(f"{purge.valeurs_videes} ligne(s) allégée(s) ; détail supprimé pour {purge.imports} "
                              f"import(s) de plus de {jours} jours ({purge.lignes_supprimees} ligne(s)).")
