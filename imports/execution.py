"""Running an import from start to end: the run created, the file kept (downloaded when it is a URL), analysed,
then applied unless it is a dry run. Used by the `import_lieux` command and by the background tasks of the admin.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlparse

import requests
from django.conf import settings
from django.core.files import File
from django.db import transaction

from .analyse import analyser
from .application import ApplicationImpossible, appliquer
from .models import ImportRun, Source

logger = logging.getLogger(__name__)
TAILLE_BLOC = 1024 * 1024


class TelechargementImpossible(Exception):
    pass


def est_url(chemin: str) -> bool:
    return urlparse(str(chemin)).scheme in ("http", "https")


def telecharge(url: str, destination, taille_max: int | None = None, timeout: float | None = None) -> int:
    """Stream `url` into the open binary file `destination`; returns the size. Raises TelechargementImpossible."""
    taille_max = taille_max or settings.IMPORT_MAX_UPLOAD_SIZE
    taille = 0
    try:
        with requests.get(url, stream=True, timeout=timeout or settings.OUTSIDE_HTTP_TIMEOUT) as reponse:
            if reponse.status_code != 200:
                raise TelechargementImpossible(f"{url} a répondu HTTP {reponse.status_code}.")
            for bloc in reponse.iter_content(TAILLE_BLOC):
                taille += len(bloc)
                if taille > taille_max:
                    raise TelechargementImpossible(
                        f"{url} dépasse la taille maximale d'un import ({taille_max // (1024 * 1024)} Mo)."
                    )
                destination.write(bloc)
    except requests.RequestException as erreur:
        raise TelechargementImpossible(f"Téléchargement de {url} impossible : {erreur.__class__.__name__}.") from erreur
    return taille


def cree_run(source: str | Source, chemin_ou_url: str, utilisateur=None, partiel: bool = False, essai: bool = False,
             correspondances: dict | None = None, profil: dict | None = None, origine_profil: str = "") -> ImportRun:
    """A new run whose file is stored with it (a URL is downloaded first). `profil`: the mapping profile to read it
    with (`Profil.en_dict()`), `origine_profil` where it came from (auto, fichier, source, assistant)."""
    if not isinstance(source, Source):
        source, _ = Source.objects.get_or_create(nom=source.strip())
    run = ImportRun(source=source, utilisateur=utilisateur, partiel=partiel, essai=essai,
                    correspondances=correspondances or {}, profil=profil, origine_profil=origine_profil)
    if est_url(chemin_ou_url):
        run.url = chemin_ou_url
        nom = Path(unquote(urlparse(chemin_ou_url).path)).name or "telechargement"
        with tempfile.TemporaryFile() as temporaire:
            run.taille = telecharge(chemin_ou_url, temporaire)
            temporaire.seek(0)
            run.nom_fichier = nom
            run.fichier.save(nom, File(temporaire), save=False)
    else:
        chemin = Path(chemin_ou_url)
        run.nom_fichier = chemin.name
        run.taille = os.path.getsize(chemin)
        with open(chemin, "rb") as f:
            run.fichier.save(chemin.name, File(f), save=False)
    run.save()
    return run


def execute(run: ImportRun, appliquer_ensuite: bool | None = None, progression=None, ban=None,
            confirme_archivage: bool = False) -> ImportRun:
    """Analyse, then apply unless the run is a dry run. A crash marks the run failed (and is raised again).
    `confirme_archivage`: archive even more than half of the source (see `imports.application`)."""
    appliquer_ensuite = (not run.essai) if appliquer_ensuite is None else appliquer_ensuite
    try:
        analyser(run, run.fichier.path, progression=progression, ban=ban)
        if appliquer_ensuite and run.statut == ImportRun.Statut.ANALYSE:
            appliquer(run, confirme_archivage=confirme_archivage)
    except ApplicationImpossible:
        raise
    except Exception as erreur:
        marque_echec(run, erreur)
        raise
    return run


def marque_echec(run: ImportRun, erreur: Exception):
    logger.exception("échec de l'import %s", run.pk)
    if transaction.get_connection().needs_rollback:
        return
    ImportRun.objects.filter(pk=run.pk).update(
        statut=ImportRun.Statut.ECHOUE, etape="",
        erreur=f"Erreur inattendue ({erreur.__class__.__name__}) : rien n'a été écrit. Les détails sont dans le "
               "journal du serveur.",
    )
