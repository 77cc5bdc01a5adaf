"""python manage.py import_lieux PATH_OR_URL --source NAME [--dry-run] [--partial] [--report FILE]"""

import json

from django.core.management.base import BaseCommand, CommandError

from imports.application import ApplicationImpossible
from imports.execution import TelechargementImpossible, cree_run, execute
from imports.models import ImportRun
from imports.rapport import rapport_csv, resume


class BarreDeProgression:
    """« [#####     ] 45% — 12000 lignes » on stderr: redrawn in place on a terminal, one line per batch otherwise."""

    def __init__(self, sortie, largeur=30):
        self.sortie, self.largeur = sortie, largeur
        self.terminal = sortie.isatty()

    def __call__(self, run):
        pleins = int(run.progression * self.largeur)
        texte = f"[{'#' * pleins}{' ' * (self.largeur - pleins)}] {run.progression:4.0%} — {run.lignes_lues} lignes"
        self.sortie.write(("\r" + texte) if self.terminal else texte, ending="" if self.terminal else "\n")
        self.sortie.flush()

    def fin(self):
        if self.terminal:
            self.sortie.write("")


class Command(BaseCommand):
    help = ("Importe un fichier de lieux (CSV, JSON, GeoJSON ou XLSX, standard v1 ou v0.1) depuis un chemin ou une "
            "URL, pour une source. Les lieux de la source absents du fichier sont archivés, sauf avec --partial.")

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="chemin du fichier ou URL (http/https)")
        parser.add_argument("--source", required=True, help="nom court de la source (créée si elle n'existe pas)")
        parser.add_argument("--dry-run", action="store_true", help="analyser seulement : rien n'est écrit")
        parser.add_argument("--partial", action="store_true",
                            help="le fichier ne contient qu'une partie des lieux : n'archiver aucun absent")
        parser.add_argument("--report", metavar="FICHIER", help="écrire le rapport ligne à ligne (CSV) dans FICHIER")
        parser.add_argument("--correspondance", metavar="JSON",
                            help="fichier JSON {colonne du fichier: champ du standard} pour un fichier non standard")

    def handle(self, *args, chemin, source, dry_run, partial, report, correspondance, verbosity, **options):
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
            execute(run, progression=barre)
        except ApplicationImpossible as erreur:
            raise CommandError(str(erreur)) from erreur
        finally:
            if barre:
                barre.fin()
        run.refresh_from_db()
        if report:
            with open(report, "w", encoding="utf-8", newline="") as f:
                for morceau in rapport_csv(run):
                    f.write(morceau)
        if verbosity >= 1:
            self.stdout.write(resume(run))
            if report:
                self.stdout.write(f"Rapport ligne à ligne : {report}")
        if run.statut not in (ImportRun.Statut.APPLIQUE, ImportRun.Statut.ANALYSE):
            raise CommandError(f"Import n° {run.pk} : {run.get_statut_display()}. {run.erreur}".strip(), returncode=1)
