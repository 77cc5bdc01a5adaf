"""What people read of the consolidation: two source records side by side (the review of a pair), and which source
gave each field of a lieu (its lineage, `Lieu.lignee`), field by field in the standard's order.

Plain functions over plain values (a record's `Provenance.valeurs`, a lieu's `lignee`), shared by the coordinators'
space (lieux/admin_consolidation.py) and the public sheet (lieux/fiche.py).
"""

from __future__ import annotations

import re

from lieux import standard

from .derivation import BLOC_ADRESSE

SAISIE_MANUELLE = "saisie manuelle"  # lieux.verrous.SAISIE_MANUELLE: the lineage of a field a person changed

IDENTIQUE, DIFFERENT, UN_SEUL = "identique", "différent", "un seul renseigné"
# the address, the point and the commune come together from one record: their lineage is under « adresse »
CLE_LIGNEE = {c: ("adresse" if c in BLOC_ADRESSE or c in ("latitude", "longitude") else c) for c in standard.COLONNES}
SANS_LIGNEE = frozenset({"id", "date_maj", "source"})  # the lieu's own id; the freshest date; every producer
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\)")


def _point(valeur) -> tuple[float, float] | None:
    """(longitude, latitude) of a record's `localisation` (EWKT as the import writes it)."""
    if not valeur:
        return None
    if hasattr(valeur, "x"):
        return valeur.x, valeur.y
    trouve = _POINT.search(str(valeur))
    return (float(trouve.group(1)), float(trouve.group(2))) if trouve else None


def valeur_affichee(valeurs: dict, champ: str) -> str:
    """One standard field of a record as text (lists joined, the point's coordinates to 6 decimals)."""
    if champ in ("latitude", "longitude"):
        point = _point(valeurs.get("localisation"))
        if point is None:
            return ""
        return f"{point[1] if champ == 'latitude' else point[0]:.6f}"
    valeur = valeurs.get(champ)
    if valeur is None:
        return ""
    if champ == "pivot" and valeur == standard.PIVOT_INCONNU:
        return ""
    if champ == "date_maj" and _DATE.fullmatch(str(valeur)):
        annee, mois, jour = str(valeur).split("-")
        return f"{jour}/{mois}/{annee}"
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur)
    return str(valeur).strip()


def _pareil(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def cote_a_cote(valeurs_a: dict, valeurs_b: dict) -> list[dict]:
    """One row per standard field that either record has: label, both values, and whether they agree in words
    (« identique », « différent », « un seul renseigné »)."""
    lignes = []
    for champ in standard.CHAMPS:
        a, b = valeur_affichee(valeurs_a, champ.nom), valeur_affichee(valeurs_b, champ.nom)
        if not a and not b:
            continue
        etat = UN_SEUL if not (a and b) else IDENTIQUE if _pareil(a, b) else DIFFERENT
        lignes.append({"champ": champ.nom, "libelle": champ.libelle, "a": a, "b": b, "etat": etat,
                       "accord": etat == IDENTIQUE})
    return lignes


def sources_des_champs(lignee: dict, sources: dict[int, str]) -> dict[str, list[str]]:
    """Standard field → names of the sources that gave it (`sources`: record pk → its import source), for the fields
    whose lineage is known."""
    resultat: dict[str, list[str]] = {}
    for champ in standard.COLONNES:
        if champ in SANS_LIGNEE:
            continue
        pks = lignee.get(CLE_LIGNEE[champ]) or []
        noms = list(dict.fromkeys(sources[pk] for pk in pks if pk in sources))
        if noms:
            resultat[champ] = noms
    return resultat


def lignee_detaillee(lignee: dict, enregistrements: dict[int, tuple[str, str]]) -> list[dict]:
    """The lineage for the coordinators: one row per standard field with a known origin, its label and the records
    (source, id in the source) that gave it (`enregistrements`: record pk → (source, id_source))."""
    lignes = []
    for champ in standard.CHAMPS:
        if champ.nom in SANS_LIGNEE:
            continue
        pks = lignee.get(CLE_LIGNEE[champ.nom]) or []
        origines = [enregistrements[pk] for pk in pks if pk in enregistrements]
        if SAISIE_MANUELLE in pks:  # a person's value, protected against the imports (lieux/verrous.py)
            origines.append((SAISIE_MANUELLE, "protégée contre les imports"))
        if origines:
            lignes.append({"champ": champ.nom, "libelle": champ.libelle, "origines": origines})
    return lignes
