"""Small client of the Base Adresse Nationale autocomplete (settings.BAN_API_URL), optional by design.

The map's search box works offline (communes, postcodes: lieux/recherche.py); street addresses come from the BAN
when it answers (a 5xx or a late answer is tried once more, without pause, by the shared outside session of
lieux/http.py). Any network failure or unexpected answer gives an empty list (logged), never an error page.
Tests point BAN_API_URL at a local fake server.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings

from lieux.http import session_sortante

logger = logging.getLogger(__name__)
TENTATIVES = 2
DELAI_MAX = 3.0  # seconds: an autocomplete that waits longer is useless


def autocompleter(texte: str, limite: int = 5, session=None) -> list[dict]:
    """Addresses matching `texte` as [{type, libelle, lat, lon, code_insee, code_postal}], [] when unavailable."""
    return rechercher(texte, limite, session) or []


def rechercher(texte: str, limite: int = 5, session=None) -> list[dict] | None:
    """As `autocompleter`, but None when the BAN did not answer (to say so rather than « nothing found »)."""
    texte = (texte or "").strip()[:200]
    if len(texte) < 3:
        return []
    url = settings.BAN_API_URL.rstrip("/") + "/search/"
    params = {"q": texte, "limit": limite, "autocomplete": 1}
    delai = min(DELAI_MAX, getattr(settings, "OUTSIDE_HTTP_TIMEOUT", DELAI_MAX))
    propre = session is None
    session = session or session_sortante(TENTATIVES, pause=0)
    try:
        reponse = session.get(url, params=params, timeout=delai)
        reponse.raise_for_status()
        return [_adresse(f) for f in reponse.json().get("features", []) if _valide(f)]
    except (requests.RequestException, ValueError) as exc:
        logger.info("BAN indisponible : %s", exc)
        return None
    finally:
        if propre:
            session.close()


def _valide(feature) -> bool:
    try:
        lon, lat = feature["geometry"]["coordinates"][:2]
        return -180 <= float(lon) <= 180 and -90 <= float(lat) <= 90 and bool(feature["properties"].get("label"))
    except (KeyError, TypeError, ValueError):
        return False


def _adresse(feature) -> dict:
    proprietes = feature["properties"]
    lon, lat = feature["geometry"]["coordinates"][:2]
    return {
        "type": "adresse",
        "libelle": str(proprietes["label"])[:300],
        "lat": round(float(lat), 6),
        "lon": round(float(lon), 6),
        "code_insee": str(proprietes.get("citycode", ""))[:5],
        "code_postal": str(proprietes.get("postcode", ""))[:5],
        "nature": str(proprietes.get("type", "")),
    }
