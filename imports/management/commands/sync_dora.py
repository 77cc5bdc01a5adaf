"""python manage.py sync_dora [--dry-run] [--since DATE] [--services FILE [--structures FILE]] [--report FILE] [--enqueue]

Runs the synchronisation here and now (exit code 1 when it fails: cron can alert), or, with --enqueue, hands it to
the background worker (`manage.py db_worker`, started by `make run`). See docs/dora.md for the schedule."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from imports.dora.application import synchronise
from imports.dora.lecteurs import ClientFichiers
from imports.dora.tasks import synchroniser_dora
from imports.management.sortie import BarreDeProgression, conclure


def date_depuis(texte: str) -> dt.date:
    for format_ in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(texte, format_).date()
        except ValueError:
            continue
    raise CommandError(f"--since : « {texte} » n'est pas une date (attendu AAAA-MM-JJ ou JJ/MM/AAAA).")


class Command(BaseCommand):
    help = (
        "Synchronise les lieux DORA (structures ayant au moins un service numérique) depuis data·inclusion : API v1 "
        "(réglages DATA_INCLUSION_API_URL et DATA_INCLUSION_API_TOKEN) ou fichiers open data / v0. Une synchronisation "
        "complète archive les lieux DORA qui n'y sont plus ; --since n'importe que les lieux modifiés depuis la date "
        "et n'archive rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="analyser seulement : rien n'est écrit")
        parser.add_argument("--since", metavar="DATE", help="seulement les lieux mis à jour depuis DATE (AAAA-MM-JJ)")
        parser.add_argument("--services", metavar="FICHIER",
                            help="fichier des services (open data data·inclusion JSON/CSV, ou export v0) au lieu de l'API")
        parser.add_argument("--structures", metavar="FICHIER",
                            help="fichier des structures correspondant (open data JSON/CSV, ou export v0)")
        parser.add_argument("--report", metavar="FICHIER", help="écrire le rapport ligne à ligne (CSV) dans FICHIER")
        parser.add_argument("--confirmer-archivage", action="store_true",
                            help="archiver même plus de la moitié des lieux DORA actifs (sinon refusé)")
        parser.add_argument("--enqueue", action="store_true",
                            help="confier la synchronisation (API) au worker de tâches au lieu de l'exécuter ici")

    def handle(self, *args, dry_run, since, services, structures, report, enqueue, confirmer_archivage, verbosity,
               **options):
        depuis = date_depuis(since) if since else None
        if enqueue:
            if services or structures or report:
                raise CommandError("--enqueue synchronise depuis l'API : sans --services, --structures ni --report.")
            resultat = synchroniser_dora.enqueue(depuis=depuis.isoformat() if depuis else None, essai=dry_run)
            self.stdout.write(f"Synchronisation DORA confiée au worker de tâches (tâche {resultat.id}) : suivez-la dans "
                              "l'admin, Imports.")
            return
        if structures and not services:
            raise CommandError("--structures va avec --services (les lieux DORA sont les structures de ces services).")
        client = ClientFichiers(services, structures) if services else None
        barre = BarreDeProgression(self.stderr) if verbosity >= 1 else None
        try:
            run = synchronise(client=client, depuis=depuis, essai=dry_run, progression=barre,
                              confirme_archivage=confirmer_archivage)
        finally:
            if barre:
                barre.fin()
        conclure(self, run, "Synchronisation DORA", report, verbosity)
