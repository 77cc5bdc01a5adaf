"""Shared helpers of the import tests (no test here): run an import, keep uploaded files out of the repository."""

import pytest
from django.conf import settings

from imports.execution import cree_run, execute
from imports.models import ImportRun

DONNEES = settings.SHARED_DIR / "data"
STANDARD = settings.SHARED_DIR / "standard"
PACA_16 = DONNEES / "cartoclient__20230516-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"
PACA_17 = DONNEES / "cartoclient__20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json"


@pytest.fixture
def media(settings, tmp_path):
    """Imported files are kept with their run: in a temporary MEDIA_ROOT during tests."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


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
