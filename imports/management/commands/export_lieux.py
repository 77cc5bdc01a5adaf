"""python manage.py export_lieux PATH [--format csv|json|geojson] [--territoire dep:49] [--source NAME]

Says on stderr how many lieux it wrote, and that demo lieux are not exported (a header-only file otherwise puzzles)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from imports.export import FORMATS, TerritoireInconnu, bilan, exporte, lieux_exportes


class Command(BaseCommand):
    help = ("Exporte les lieux actifs au standard national v1.0.2 (CSV des 32 colonnes, JSON ou GeoJSON), "
            "éventuellement d'un territoire (reg:52, dep:49, epci:SIREN, com:49007) ou d'une source.")

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="fichier à écrire (« - » pour la sortie standard)")
        parser.add_argument("--format", choices=sorted(FORMATS), default=None,
                            help="csv (par défaut), json ou geojson ; déduit de l'extension si absent")
        parser.add_argument("--territoire", default="", help="ex. dep:49, reg:52, epci:200071678, com:49007")
        parser.add_argument("--source", default="", help="seulement les lieux venus de cette source d'import")

    def handle(self, *args, chemin, format, territoire, source, verbosity, **options):
        if format is None:
            extension = chemin.rsplit(".", 1)[-1].lower() if "." in chemin else "csv"
            format = extension if extension in FORMATS else "csv"
        try:
            lieux = lieux_exportes(territoire, source)
        except TerritoireInconnu as erreur:
            raise CommandError(str(erreur)) from erreur
        sortie = sys.stdout if chemin == "-" else open(chemin, "w", encoding="utf-8", newline="")  # noqa: SIM115
        try:
            for morceau in exporte(lieux, format):
                sortie.write(morceau)
        finally:
            if sortie is not sys.stdout:
                sortie.close()
        resume = bilan(territoire, source)
        if verbosity >= 1 and chemin != "-":
            self.stderr.write(f"{resume['exportes']} lieu{'x' if resume['exportes'] > 1 else ''} "
                              f"exporté{'s' if resume['exportes'] > 1 else ''} dans {chemin} ({format}).")
        if verbosity >= 1 and resume["message"]:
            self.stderr.write(resume["message"])
