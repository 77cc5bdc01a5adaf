from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sauvegardes.outils import SauvegardeImpossible, restaurer


class Command(BaseCommand):
    help = ("Restaure une sauvegarde dans une base neuve (jamais par-dessus la base en service) ; "
            "`make restauration FICHIER=… [BASE=…]`.")

    def add_arguments(self, parser):
        parser.add_argument("fichier")
        parser.add_argument("--base", help="nom de la base à créer (défaut : <base actuelle>_restauree)")

    def handle(self, *args, fichier, base=None, **options):
        base = base or f"{connection.settings_dict['NAME']}_restauree"
        try:
            comptes = restaurer(fichier, base)
        except SauvegardeImpossible as erreur:
            raise CommandError(str(erreur)) from erreur
        self.stdout.write(self.style.SUCCESS(
            f"Sauvegarde restaurée dans la base « {base} » : "
            + ", ".join(f"{t} {n}" for t, n in comptes.items())
            + f". Pour l'utiliser : DATABASE_URL=…/{base} (voir README)."))
