from django.core.management.base import BaseCommand, CommandError

from imports.models import ImportRun
from imports.reprise import RelanceImpossible, relancer


class Command(BaseCommand):
    help = "Relance l'analyse d'un import en échec (interrompu, travailleur disparu…) à partir de son fichier."

    def add_arguments(self, parser):
        parser.add_argument("numero", type=int, help="numéro de l'import (colonne « n° » de l'espace des coordinateurs)")

    def handle(self, *args, numero, **options):
        try:
            run = relancer(ImportRun.objects.select_related("source").get(pk=numero))
        except ImportRun.DoesNotExist as erreur:
            raise CommandError(f"Aucun import n° {numero}.") from erreur
        except RelanceImpossible as erreur:
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(f"Import n° {run.pk} relancé : {run.get_statut_display()}.")
