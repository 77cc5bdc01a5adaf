"""python manage.py consolider [--tout]

Imports match their own new and changed records as they are applied; this command matches again: the records not
matched yet (written before consolidation existed, or by hand), or with --tout every record (after a rule change),
always keeping people's decisions. One transaction."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from lieux.consolidation.execution import consolider
from lieux.historique_contexte import Genre, contexte
from lieux.models import PROVENANCE_DEMO, Provenance


class Command(BaseCommand):
    help = ("Rapproche les enregistrements des différentes sources qui décrivent le même lieu (un lieu par endroit). "
            "Sans option : les enregistrements jamais comparés ; --tout : tous, après un changement de règle.")

    def add_arguments(self, parser):
        parser.add_argument("--tout", action="store_true", help="tout recalculer (les décisions humaines sont gardées)")

    def handle(self, *args, tout, verbosity, **options):
        debut = time.perf_counter()
        with transaction.atomic(), contexte("rapprochement des sources (commande consolider)", genre=Genre.TECHNIQUE):
            if tout:
                bilan = consolider(tout=True)
            else:
                jamais = list(Provenance.objects.filter(actif=True, rapprochee_le__isnull=True)
                              .exclude(source=PROVENANCE_DEMO).values_list("pk", flat=True))
                bilan = consolider(jamais)
        if verbosity >= 1:
            self.stdout.write(f"Rapprochement terminé en {time.perf_counter() - debut:.1f} s : {bilan}.")
