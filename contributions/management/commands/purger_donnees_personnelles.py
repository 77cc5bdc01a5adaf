from django.core.management.base import BaseCommand, CommandError

from contributions.retention import jours_contributions, jours_signalements, purger


class Command(BaseCommand):
    help = ("Applique la durée de conservation des données personnelles (docs/donnees-personnelles.md) : "
            "contributions en attente supprimées, nom, courriel et message des contributeurs effacés des contributions "
            "modérées, courriel des signalements effacé, après le nombre de jours réglé.")

    def add_arguments(self, parser):
        parser.add_argument("--jours", type=int, default=None,
                            help="conservation des contributions, en jours (défaut : réglage "
                                 f"CONTRIBUTIONS_CONSERVATION_JOURS, aujourd'hui {jours_contributions()})")
        parser.add_argument("--jours-signalements", type=int, default=None,
                            help="conservation du courriel des signalements, en jours (défaut : réglage "
                                 f"SIGNALEMENTS_CONSERVATION_JOURS, aujourd'hui {jours_signalements()})")

    def handle(self, *args, jours, jours_signalements, verbosity, **options):
        try:
            bilan = purger(jours=jours, jours_signalements_=jours_signalements)
        except ValueError as erreur:
            raise CommandError(str(erreur)) from erreur
        if verbosity >= 1:
            self.stdout.write(f"Données personnelles : {bilan}")
