"""Shared helpers of the import tests: run an import, write a small standard file, find a source's lieux.

The `media` fixture (uploaded files kept out of the repository) is in tests/conftest.py."""

import csv

from django.conf import settings

from imports.execution import cree_run, execute
from imports.models import ImportRun
from lieux import standard
from lieux.models import Lieu

DONNEES = settings.SHARED_DIR / "data"
STANDARD = settings.SHARED_DIR / "standard"
PACA_16 = DONNEES / "cartoclient__20230516-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"
PACA_17 = DONNEES / "cartoclient__20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"


def importe(chemin, source="test", appliquer=True, confirme_archivage=False, **options) -> ImportRun:
    """Analyse then apply (unless `appliquer` is false). An import that cannot be applied (more than half of the
    source to archive without `confirme_archivage`…) ends analysed, with the reason in `erreur`."""
    from imports.application import ApplicationImpossible

    run = cree_run(source, str(chemin), essai=not appliquer, **options)
    try:
        execute(run, confirme_archivage=confirme_archivage)
    except ApplicationImpossible:
        pass
    run.refresh_from_db()
    return run


def statuts(run) -> dict[str, int]:
    from django.db.models import Count

    return dict(run.lignes.values_list("statut").annotate(n=Count("id")).values_list("statut", "n"))


def raisons(run, niveau="erreur") -> dict[str, int]:
    """How many rows carry a message of this level, by field."""
    compte: dict[str, int] = {}
    for messages in run.lignes.values_list("messages", flat=True):
        for champ in {m[0] for m in messages if m[1] == niveau}:
            compte[champ] = compte.get(champ, 0) + 1
    return compte


ANGERS = {"commune": "Angers", "code_postal": "49000", "latitude": "47.4739", "longitude": "-0.5536"}


def lieu(numero, **valeurs):
    base = {"id": f"L{numero}", "pivot": "", "nom": f"Lieu {numero}", "adresse": f"{numero} rue Toussaint",
            "date_maj": "2024-04-02", "services": "Aide aux démarches administratives", **ANGERS}
    return {**base, **valeurs}


def fichier(tmp_path, lignes, nom="lieux.csv"):
    chemin = tmp_path / nom
    with open(chemin, "w", encoding="utf-8", newline="") as f:
        ecrivain = csv.DictWriter(f, fieldnames=list(standard.COLONNES))
        ecrivain.writeheader()
        for ligne in lignes:
            ecrivain.writerow({c: ligne.get(c, "") for c in standard.COLONNES})
    return chemin


def lieux(source="hub"):
    """Lieux of one import source (other tests' committed lieux may be in the database)."""
    return Lieu.objects.filter(provenances__source=source)


def efface_sources(*noms):
    """What imports of these sources committed (browser tests): their lieux, provenances, runs, the sources."""
    from imports.models import Source
    from lieux.models import Provenance

    Lieu.objects.filter(provenances__source__in=noms).delete()
    Provenance.objects.filter(source__in=noms).delete()
    ImportRun.objects.filter(source__nom__in=noms).delete()
    Source.objects.filter(nom__in=noms).delete()
