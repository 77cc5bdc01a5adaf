"""Mapping suggestion: time to suggest a profile for a 100 000-row NON-standard file (target < 5 s).

The file is MedNum BFC's real export (../shared/data/bfc__…, 697 rows, 29 columns: codes, half-day hour columns)
repeated and perturbed (ids, names, phones and postcodes varied, some cells emptied) up to 100 000 rows, written in
a temporary directory; the suggestion reads it with the import's reader, as `import_lieux --correspondance auto` does.
No database is involved.
"""

from __future__ import annotations

import csv
import json
import random
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
DONNEES = RACINE.parent / "shared" / "data"
FICHIER = DONNEES / "bfc__bfc-ternum-dataset.csv"
CODEBOOK = DONNEES / "bfc__bfc-ternum-fields-custom-props.json"


def genere(chemin: Path, nombre: int, seed: int = 10) -> Path:
    """`nombre` rows from the real BFC rows, repeated with varied ids, names, phones and postcodes."""
    rng = random.Random(seed)
    with open(FICHIER, encoding="utf-8", newline="") as f:
        lecteur = csv.DictReader(f)
        colonnes, modeles = lecteur.fieldnames, list(lecteur)
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.DictWriter(f, fieldnames=colonnes)
        ecrivain.writeheader()
        for i in range(nombre):
            ligne = dict(modeles[i % len(modeles)])
            ligne["bfc_id"] = f"bench_{i}"
            ligne["nom_structure"] = f"{ligne['nom_structure']} {i // len(modeles)}"
            if ligne["contact_tel"]:
                chiffres = " ".join(str(rng.randrange(10, 99)) for _ in range(3))
                ligne["contact_tel"] = f"03 {chiffres} 0{i % 10}"
            if rng.random() < 0.05:
                departement = rng.choice(("21", "25", "39", "58", "70", "71", "89", "90"))
                ligne["code_postal"] = f"{departement}{rng.randrange(0, 999):03d}"
            if rng.random() < 0.1:
                ligne["url_lieu"] = ""
            ecrivain.writerow(ligne)
    return chemin


def run(args):
    from imports.correspondance.enumerations import lire_codebook_datami
    from imports.correspondance.suggestion import suggerer_fichier

    nombre = 100_000
    codebooks = lire_codebook_datami(json.loads(CODEBOOK.read_text(encoding="utf-8")))
    with tempfile.TemporaryDirectory() as dossier:
        chemin = genere(Path(dossier) / "bfc-100000.csv", nombre)
        debut = time.perf_counter()
        suggestion = suggerer_fichier(chemin, codebooks)
        duree = time.perf_counter() - debut
    trouves = sum(1 for r in suggestion.profil.regles)
    return [
        (f"suggestion de correspondance, fichier non standard de {nombre:,} lignes".replace(",", " "),
         f"{duree:.1f} s", f"cible < 5 s ; {trouves} champs proposés, {suggestion.lignes} lignes lues"),
    ]


if __name__ == "__main__":
    import os
    import sys

    import django

    sys.path.insert(0, str(RACINE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mediation.settings.base")
    django.setup()
    for ligne in run(None):
        print(*ligne, sep="  ")
