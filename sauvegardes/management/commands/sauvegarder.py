from django.core.management.base import BaseCommand, CommandError

from sauvegardes.outils import SauvegardeImpossible, compter, sauvegarder


class Command(BaseCommand):
    help = "Sauvegarde toute la base (pg_dump, format personnalisé compressé) ; `make sauvegarde`."

    def add_arguments(self, parser):
        parser.add_argument("--fichier", help="chemin du fichier (défaut : sauvegardes-base/<base>-<date>.dump)")

    def handle(self, *args, fichier=None, **options):
        try:
            chemin = sauvegarder(fichier)
        except SauvegardeImpossible as erreur:
            raise CommandError(str(erreur)) from erreur
        comptes = ", ".join(f"{t} {n}" for t, n in compter().items())
        self.stdout.write(self.style.SUCCESS(f"Sauvegarde écrite : {chemin} ({chemin.stat().st_size // 1024} Kio ; {comptes})."))
