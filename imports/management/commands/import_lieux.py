"""python manage.py import_lieux PATH_OR_URL --source NAME [--correspondance auto|PROFILE.json] [--codebook FILE]
[--dry-run] [--partial] [--confirmer-archivage] [--report FILE]

The mapping: `--correspondance auto` reads the file through the suggested profile (imports.correspondance.suggestion,
printed), `--correspondance PROFILE.json` through a saved profile (docs/correspondance.md; an older
{column: field} JSON is still read as a plain column mapping); with no option, the source's saved profile if it has
one, else the standard's column names. A file without any row of data is refused (nothing archived); a full import
archiving more than half of the source's active lieux needs --confirmer-archivage (see imports.application)."""

import json

from django.core.management.base import BaseCommand, CommandError

from imports.application import ApplicationImpossible
from imports.correspondance.profil import Profil, ProfilInvalide
from imports.execution import TelechargementImpossible, cree_run, execute
from imports.management.sortie import BarreDeProgression, conclure
from imports.models import MESSAGE_NOM_RESERVE, Source, nom_reserve

AUTO = "auto"


def lire_profil(chemin: str) -> tuple[dict, dict | None]:
    """({column: field}, None) for an old plain mapping, ({}, profile as a dict) for a profile (it has `regles`)."""
    try:
        with open(chemin, encoding="utf-8") as f:
            donnees = json.load(f)
    except (OSError, ValueError) as erreur:
        raise CommandError(f"Correspondance illisible ({chemin}) : {erreur}") from erreur
    if isinstance(donnees, dict) and ("regles" in donnees or "version" in donnees):
        try:
            return {}, Profil.depuis_dict(donnees).en_dict()
        except ProfilInvalide as erreur:
            raise CommandError(f"Profil de correspondance invalide ({chemin}) : {erreur}") from erreur
    return donnees, None


def lire_codebooks(chemins: list[str]) -> dict | None:
    if not chemins:
        return None
    from imports.correspondance.enumerations import lire_codebook_datami

    codebooks = {}
    for chemin in chemins:
        try:
            with open(chemin, encoding="utf-8") as f:
                codebooks.update(lire_codebook_datami(json.load(f)))
        except (OSError, ValueError) as erreur:
            raise CommandError(f"Table de codes illisible ({chemin}) : {erreur}") from erreur
    return codebooks


class Command(BaseCommand):
    help = ("Importe un fichier de lieux (CSV, JSON, GeoJSON ou XLSX, standard v1 ou v0.1, ou tout autre fichier avec "
            "une correspondance) depuis un chemin ou une URL, pour une source. Les lieux de la source absents du "
            "fichier sont archivés, sauf avec --partial ; plus de la moitié d'entre eux seulement avec "
            "--confirmer-archivage. Un fichier sans ligne est refusé.")

    def add_arguments(self, parser):
        parser.add_argument("chemin", help="chemin du fichier ou URL (http/https)")
        parser.add_argument("--source", required=True, help="nom court de la source (créée si elle n'existe pas)")
        parser.add_argument("--dry-run", action="store_true", help="analyser seulement : rien n'est écrit")
        parser.add_argument("--partial", action="store_true",
                            help="le fichier ne contient qu'une partie des lieux : n'archiver aucun absent")
        parser.add_argument("--confirmer-archivage", action="store_true",
                            help="archiver même plus de la moitié des lieux actifs de la source (sinon refusé)")
        parser.add_argument("--report", metavar="FICHIER", help="écrire le rapport ligne à ligne (CSV) dans FICHIER")
        parser.add_argument("--correspondance", metavar="auto|PROFIL.json",
                            help="« auto » : correspondance suggérée d'après les colonnes et les valeurs du fichier "
                                 "(affichée) ; ou un profil de correspondance JSON (docs/correspondance.md). Sans "
                                 "cette option : le profil enregistré de la source s'il y en a un, sinon le standard")
        parser.add_argument("--codebook", metavar="FICHIER", action="append", default=[],
                            help="avec --correspondance auto : table des codes du fichier (format Datami, ex. "
                                 "bfc-ternum-fields-custom-props.json), répétable")

    def handle(self, *args, chemin, source, dry_run, partial, report, correspondance, codebook,
               confirmer_archivage, verbosity, **options):
        if nom_reserve(source):
            raise CommandError(MESSAGE_NOM_RESERVE)
        correspondances, profil, origine = {}, None, ""
        if correspondance and correspondance != AUTO:
            correspondances, profil = lire_profil(correspondance)
            origine = "fichier" if profil else ""
        elif not correspondance:
            existante = Source.objects.filter(nom=source.strip()).first()
            try:
                enregistre = existante.profil_de_correspondance() if existante else None
            except ProfilInvalide as erreur:
                raise CommandError(f"Profil enregistré de la source « {source} » invalide : {erreur}") from erreur
            if enregistre is not None:
                profil, origine = enregistre.en_dict(), "source"
        codebooks = lire_codebooks(codebook)
        try:
            run = cree_run(source, chemin, partiel=partial, essai=dry_run, correspondances=correspondances,
                           profil=profil, origine_profil=origine)
        except (OSError, TelechargementImpossible) as erreur:
            raise CommandError(f"Fichier inaccessible : {erreur}") from erreur
        if correspondance == AUTO:
            self.suggerer(run, codebooks, verbosity)
        elif profil and verbosity >= 1:
            quel = "enregistré de la source" if origine == "source" else correspondance
            self.stdout.write(f"Profil de correspondance : {quel}")
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

    def suggerer(self, run, codebooks, verbosity):
        """The suggested profile for the stored file, printed, recorded on the run."""
        from imports.correspondance.suggestion import suggerer_fichier
        from imports.lecteurs import FichierIllisible

        try:
            suggestion = suggerer_fichier(run.fichier.path, codebooks=codebooks, nom=run.nom_fichier)
        except FichierIllisible as erreur:
            raise CommandError(f"Fichier illisible : {erreur}") from erreur
        if verbosity >= 1:
            self.stdout.write(suggestion.texte())
        run.profil, run.origine_profil = suggestion.profil.en_dict(), "auto"
        run.save(update_fields=["profil", "origine_profil"])
