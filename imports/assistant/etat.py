"""The wizard's state between its pages: in the session, one entry per upload (two tabs, two wizards), keyed by a
random token that is part of the pages' URLs. The uploaded file is stored in MEDIA (`assistant/…`), like an import's
file, until the dry run copies it into its `ImportRun`; `oublie` removes both.

State (JSON, as sessions are): source (pk), nom_fichier, fichier (storage name), partiel, colonnes (the file's header
and, per column, samples and what the suggestion said), valeurs (per enumerated field, the distinct values found),
profil (`Profil.en_dict()`, the current choice), changements (columns gone and new since the saved profile), run.
"""

from __future__ import annotations

import secrets

from django.core.files.storage import default_storage

from ..correspondance.profil import Profil

CLE_SESSION = "assistant_correspondance"
MAXIMUM = 5  # wizards kept per session: the oldest is forgotten (and its file removed)


class EtatPerdu(Exception):
    """The token is unknown: the session expired, or the wizard was finished or started elsewhere."""


def enregistre_fichier(fichier) -> str:
    """Store the uploaded file; returns its storage name."""
    return default_storage.save(f"assistant/{secrets.token_hex(8)}/{fichier.name}", fichier)


def chemin(etat: dict) -> str:
    return default_storage.path(etat["fichier"])


def cree(request, etat: dict) -> str:
    assistants = request.session.get(CLE_SESSION, {})
    while len(assistants) >= MAXIMUM:
        _supprime_fichier(assistants.pop(next(iter(assistants))))
    cle = secrets.token_urlsafe(12)
    assistants[cle] = etat
    request.session[CLE_SESSION] = assistants
    return cle


def lit(request, cle: str) -> dict:
    etat = request.session.get(CLE_SESSION, {}).get(cle)
    if etat is None:
        raise EtatPerdu(cle)
    return etat


def ecrit(request, cle: str, etat: dict):
    assistants = request.session.get(CLE_SESSION, {})
    assistants[cle] = etat
    request.session[CLE_SESSION] = assistants
    request.session.modified = True


def profil(etat: dict) -> Profil:
    return Profil.depuis_dict(etat["profil"])


def oublie(request, cle: str, garder_fichier: bool = False):
    assistants = request.session.get(CLE_SESSION, {})
    etat = assistants.pop(cle, None)
    request.session[CLE_SESSION] = assistants
    if etat is not None and not garder_fichier:
        _supprime_fichier(etat)


def _supprime_fichier(etat: dict):
    if etat.get("fichier") and default_storage.exists(etat["fichier"]):
        default_storage.delete(etat["fichier"])
