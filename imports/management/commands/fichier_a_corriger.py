"""python manage.py fichier_a_corriger SOURCE FICHIER [--format csv|xlsx] [--colonnes standard|source]

The « à corriger » file of a source (imports/a_corriger.py, docs/a-corriger.md): its rejected, stale, doubtful,
corrected rows and the fields a coordinator changed, each with why. Says on stderr how many rows of each kind."""

from django.core.management.base import BaseCommand, CommandError

from imports.a_corriger import TYPES, PasDeProfil, compte_par_type, lignes_a_corriger, profil_de
from imports.a_corriger_fichiers import COLONNES, FORMATS, contenu
from imports.models import Source

LIBELLES = {"rejetee": "rejetées", "perimee": "périmées", "doublon_possible": "doublons possibles",
            "corrigee_a_l_import": "corrigées à l'import",
            "modifiee_par_un_coordinateur": "modifiées par un coordinateur"}


class Command(BaseCommand):
    help = ("Écrit le fichier « à corriger » d'une source : ses lignes rejetées, périmées, en doublon possible, "
            "corrigées à l'import ou modifiées par un coordinateur, chacune avec son motif.")

    def add_arguments(self, parser):
        parser.add_argument("source", help="nom court de la source (ex. hub-du-sud)")
        parser.add_argument("fichier", help="fichier à écrire")
        parser.add_argument("--format", choices=FORMATS, default=None,
                            help="csv (par défaut) ou xlsx ; déduit de l'extension si absent")
        parser.add_argument("--colonnes", choices=COLONNES, default="standard",
                            help="standard (colonnes du standard, par défaut) ou source (colonnes du fichier de la "
                                 "source, si elle a un profil de correspondance)")

    def handle(self, *args, source, fichier, format, colonnes, verbosity, **options):
        try:
            source = Source.objects.get(nom=source)
        except Source.DoesNotExist:
            raise CommandError(f"Aucune source « {source} ».") from None
        if format is None:
            format = "xlsx" if fichier.lower().endswith(".xlsx") else "csv"
        profil = profil_de(source)
        if colonnes == "source" and profil is None:
            raise CommandError(str(PasDeProfil(
                f"La source « {source.nom} » n'a pas de profil de correspondance : ses fichiers ont les colonnes du "
                "standard ; utilisez --colonnes standard.")))
        lignes = lignes_a_corriger(source, profil=profil)
        with open(fichier, "wb") as sortie:
            sortie.write(contenu(lignes, format, colonnes, profil))
        if verbosity >= 1:
            comptes = compte_par_type(lignes)
            detail = ", ".join(f"{comptes[t]} {LIBELLES[t]}" for t in TYPES)
            self.stderr.write(f"{len(lignes)} ligne{'s' if len(lignes) > 1 else ''} à corriger écrite"
                              f"{'s' if len(lignes) > 1 else ''} dans {fichier} ({detail}).")
