"""Searches inside an embed, kept to its perimeter; and the territory search of /integrer/.

Communes come from the map's own search (lieux/recherche.py, offline), run on the perimeter's communes only;
addresses come from the BAN (lieux/ban.py) and are kept when their commune is inside.
"""

from __future__ import annotations

import time

from lieux import ban, recherche
from embed.perimetre import Perimetre
from lieux.models import EPCI, Departement, Region

AFFICHES = recherche.MAX_RESULTATS
_TTL = 600
_memo: dict[str, tuple[float, list[dict]]] = {}


def communes_dans(perimetre: Perimetre, texte: str, limite: int = AFFICHES) -> list[dict]:
    return recherche.chercher_communes(texte, limite, parmi=None if perimetre.vide else perimetre.communes())


def adresses_dans(perimetre: Perimetre, texte: str, limite: int = 5) -> list[dict]:
    if perimetre.vide:
        return ban.autocompleter(texte, limite)
    adresses = ban.autocompleter(texte, limite * 3)
    dedans = perimetre.contient_communes([a["code_insee"] for a in adresses])
    return [a for a in adresses if a["code_insee"] in dedans][:limite]


def hors_perimetre(perimetre: Perimetre, texte: str) -> str:
    """Why a search of the embed found nothing: « Marseille est en dehors du territoire de cette carte
    (Maine-et-Loire) » when a commune outside matches `texte` (the orientation says the same of an address), else ""."""
    if perimetre.vide:
        return ""
    trouvees = recherche.chercher_communes(texte, 1)
    if not trouvees:
        return ""
    return f"{trouvees[0]['nom']} est en dehors du territoire de cette carte ({perimetre.nom()})"


# --- territories for /integrer/ ----------------------------------------------------------------------------------


def _territoires(niveau: str) -> list[dict]:
    """Régions, départements or EPCI with their searchable name (memoised: they change with the geography only)."""
    memo = _memo.get(niveau)
    if memo and time.monotonic() - memo[0] < _TTL:
        return memo[1]
    modele = {"region": Region, "departement": Departement, "epci": EPCI}[niveau]
    liste = [{"niveau": niveau, "code": code, "nom": nom, "cherche": recherche.normalise_recherche(nom)}
             for code, nom in modele.objects.order_by("code").values_list("code", "nom")]
    _memo[niveau] = (time.monotonic(), liste)
    return liste


LIBELLES = {"region": "Région", "departement": "Département", "epci": "EPCI", "commune": "Commune"}


def libelle(niveau: str, code: str, nom: str, precision: str = "") -> str:
    suite = f" — {precision}" if precision else ""
    return f"{nom} ({LIBELLES[niveau].lower()} {code}){suite}"


def chercher_territoires(texte: str, limite: int = 12) -> list[dict]:
    """Régions, départements, EPCI and communes matching a name or a code: [{niveau, code, nom, libelle}]."""
    texte = " ".join((texte or "").split())[:100]
    cherche = recherche.normalise_recherche(texte)
    if len(cherche) < 2:
        return []
    code = texte.upper().replace(" ", "")
    resultats = []
    for niveau in ("region", "departement", "epci"):
        for t in _territoires(niveau):
            if t["code"] == code or t["cherche"].startswith(cherche) or f" {cherche}" in f" {t['cherche']}":
                resultats.append({"niveau": niveau, "code": t["code"], "nom": t["nom"],
                                  "libelle": libelle(niveau, t["code"], t["nom"])})
    resultats.sort(key=lambda r: (r["code"] != code, not recherche.normalise_recherche(r["nom"]).startswith(cherche)))
    for c in recherche.chercher_communes(texte, limite):
        resultats.append({"niveau": "commune", "code": c["code"], "nom": c["nom"],
                          "libelle": libelle("commune", c["code"], c["nom"], c.get("departement", ""))})
    return resultats[:limite]
