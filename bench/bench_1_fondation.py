"""Foundation: geography load, demo generation + insert rate, database size."""

from django.core.management import call_command
from django.db import connection

from bench.base_bench import chrono, taille_base
from lieux import demo

TAILLE = 100_000


def _debit(lignes: int, duree: float) -> str:
    return f"{lignes / duree:,.0f} lignes/s".replace(",", " ")


def run(args):
    lignes = []
    _, duree = chrono(call_command, "load_geography", "--force", verbosity=0)
    lignes.append(("chargement de la géographie (--force)", f"{duree:.1f} s", "communes, départements, régions, EPCI"))
    demo.supprimer_demo()
    with connection.cursor() as cursor:  # an empty table, as on a fresh installation (dead rows of earlier runs off)
        cursor.execute("vacuum lieux_lieu")
        cursor.execute("vacuum lieux_ouverture")
    mesures = {}
    ecrits, duree = chrono(demo.generer, TAILLE, 7, mesures=mesures)
    nombre = f"{TAILLE:,}".replace(",", " ")
    lignes += [
        (f"génération démo {nombre} lieux, tout compris", f"{duree:.1f} s",
         f"{_debit(ecrits, duree)} ; dont tirage et points {mesures['points']:.1f} s, COPY {mesures['copy']:.1f} s, "
         f"index, clés et projections {mesures['lieux'] - mesures['points'] - mesures['copy']:.1f} s "
         f"(dont projections reconstruites {mesures['ouvertures']:.1f} s)"),
        ("débit d'insertion démo (lieux écrits, index compris)", _debit(ecrits, mesures["lieux"]),
         "cible ≥ 20 000 lignes/s (hors d'atteinte sur 2 cœurs : docs/performances.md)"),
        ("  débit du tirage et du COPY seuls", _debit(ecrits, mesures["points"] + mesures["copy"]),
         "lignes dans la table, avant index, clés et comptes de la carte"),
        ("débit avec le précalcul des ouvertures (orientation)", _debit(ecrits, duree), ""),
    ]
    lignes.append((f"taille de la base ({nombre} lieux démo)", taille_base(), ""))
    return lignes
