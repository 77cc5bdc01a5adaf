"""Foundation: geography load, demo generation + insert rate, database size."""

from django.core.management import call_command

from bench.base_bench import chrono, taille_base
from lieux import demo


def run(args):
    lignes = []
    _, duree = chrono(call_command, "load_geography", "--force", verbosity=0)
    lignes.append(("chargement de la géographie (--force)", f"{duree:.1f} s", "communes, départements, régions, EPCI"))
    demo.supprimer_demo()
    taille = 100_000
    ecrits, duree = chrono(demo.generer, taille, 7)
    lignes.append((f"génération démo {taille:,} lieux".replace(",", " "), f"{duree:.1f} s", ""))
    lignes.append(("débit d'insertion démo", f"{ecrits / duree:,.0f} lignes/s".replace(",", " "), "cible ≥ 20 000 lignes/s"))
    lignes.append(("taille de la base (100 000 lieux démo)", taille_base(), ""))
    return lignes
