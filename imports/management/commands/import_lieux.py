"""python manage.py import_lieux PATH_OR_URL --source NAME [--dry-run] [--partial] [--confirmer-archivage] [--report FILE]

A file without any row of data is refused (nothing archived); a full import archiving more than half of the source's
active lieux needs --confirmer-archivage (see imports.application)."""

import json

from django.core.management.base import BaseCommand, CommandError

from imports.application import ApplicationImpossible
from imports.execution import TelechargementImpossible, cree_run, execute
from imports.management.sortie import BarreDeProgression, conclure


class Command(BaseCommand):
    help = ("Importe un fichier de lieux (CSV, JSON, GeoJSON ou XLSX, standard v1 ou v0.1) depuis un chemin ou une "
            "URL, pour une source. Les lieux de la source absents du fichier sont archivés, sauf avec --partial ; "
            "plus de la moitié d'entre eux seulement avec --confirmer-archivage. Un fichier sans ligne est refusé.")

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="chemin du fichier ou URL (http/https)")
        parser.add_argument("--source", required=True, help="nom court de la source (créée si elle n'existe pas)")
        parser.add_argument("--dry-run", action="store_true", help="analyser seulement : rien n'est écrit")
        parser.add_argument("--partial", action="store_true",
                            help="le fichier ne contient qu'une partie des lieux : n'archiver aucun absent")
        parser.add_argument("--confirmer-archivage", action="store_true",
                            help="archiver même plus de la moitié des lieux actifs de la source (sinon refusé)")
        parser.add_argument("--report", metavar="FICHIER", help="écrire le rapport ligne à ligne (CSV) dans FICHIER")
        parser.add_argument("--correspondance", metavar="JSON",
                            help="fichier JSON {colonne du fichier: champ du standard} pour un fichier non standard")

    def handle(self, *args, chemin, source, dry_run, partial, report, correspondance, confirmer_archivage, verbosity,
               **options):
        correspondances = {}
        if correspondance:
            try:
                with open(correspondance, encoding="utf-8") as f:
                    correspondances = json.load(f)
            except (OSError, ValueError) as erreur:
                raise CommandError(f"Correspondance illisible ({correspondance}) : {erreur}") from erreur
        try:
            run = cree_run(source, chemin, partiel=partial, essai=dry_run, correspondances=correspondances)
        except (OSError, TelechargementImpossible) as erreur:
            raise CommandError(f"Fichier inaccessible : {erreur}") from erreur
        barre = BarreDeProgression(self.stderr) if verbosity >= 1 else None
        try:
            execute(run, progression=barre, confirme_archivage=confirmer_archivage)
        except ApplicationImpossible as erreur:
            raise CommandError(str(erreur)) from erreur
        finally:
            if barre:
                barre.fin()
        run.refresh_from_db()
        conclure(self, run, "Import", report, verbosity)
