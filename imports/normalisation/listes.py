"""Multi-valued cells: split, each item read as a canonical value of the standard (v1, or v0 converted)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from lieux import regles, standard

from .. import anciennes_versions
from ..anciennes_versions import cle_souple
from .texte import en_texte, est_vide, retire_garde_formule

_SEPARATEURS = re.compile(r"\s*[|;]\s*")
_VIRGULE = re.compile(r"\s*,\s*")

# Old v0 columns split into several v1 fields, and the v1 fields their items may already belong to.
CHAMPS_DES_COLONNES_ANCIENNES = {
    "publics_accueillis": ("publics_specifiquement_adresses", "prise_en_charge_specifique"),
    "labels_nationaux": ("dispositif_programmes_nationaux", "formations_labels"),
}


def decoupe(valeur) -> list[str]:
    """The items of a list cell: a JSON list, or text separated by « | » (v1) or « ; » (v0)."""
    if isinstance(valeur, (list, tuple)):
        items = [en_texte(v).strip() for v in valeur]
    else:
        items = _SEPARATEURS.split(retire_garde_formule(en_texte(valeur).strip()))
    return [i for i in items if i and not est_vide(i)]


@cache
def _sans_accents(champ: str) -> dict[str, str]:
    """Accent-insensitive key → canonical value, for the enumerated field `champ` (and its known variants)."""
    definition = standard.CHAMPS_PAR_NOM[champ]
    valeurs = {cle_souple(v): v for v in definition.valeurs or ()}
    for variante, canonique in standard.VARIANTES.get(champ, {}).items():
        valeurs.setdefault(cle_souple(variante), canonique)
    return valeurs


def _lit_item(colonne: str, item: str) -> dict[str, list[str]] | None:
    """The v1 values one item stands for, by field; None when it is not a value of that column."""
    champs = CHAMPS_DES_COLONNES_ANCIENNES.get(colonne, (colonne,))
    for champ in champs:
        valeur = regles.valeur_liste(champ, item)
        if valeur is not None:
            return {champ: [valeur]}
    ancienne = anciennes_versions.convertit(colonne, item)
    if ancienne is not None:
        return ancienne
    for champ in champs:  # « Comprehension du monde numerique »: accents forgotten
        if champ != "typologie" and (valeur := _sans_accents(champ).get(cle_souple(item))):
            return {champ: [valeur]}
    return None


def normalise_liste(colonne: str, valeur) -> tuple[dict[str, list[str]], list[str]]:
    """({v1 field: canonical values}, refused items) for an enumerated column, v1 or v0 (see `_normalise_liste`)."""
    if isinstance(valeur, (list, tuple)):
        valeur = "|".join(en_texte(v) for v in valeur)
    valeurs, refuses = _normalise_liste(colonne, en_texte(valeur))
    return {champ: list(liste) for champ, liste in valeurs}, list(refuses)


@lru_cache(maxsize=8192)
def _normalise_liste(colonne: str, valeur: str):
    """Cached: the same cells come back on many rows. Returns tuples (immutable, safe to share)."""
    resultat, refuses = _normalise_liste_sans_cache(colonne, valeur)
    return tuple((champ, tuple(liste)) for champ, liste in resultat.items()), tuple(refuses)


def _normalise_liste_sans_cache(colonne: str, valeur) -> tuple[dict[str, list[str]], list[str]]:
    """({v1 field: canonical values}, refused items) for an enumerated column, v1 or v0.

    Items that are not allowed values are tried again split on commas (the 2022 conseiller-numerique export
    separated its lists with « , »). Unknown v0 `labels_nationaux` go to `autres_formations_labels`, as free labels.
    """
    resultat: dict[str, list[str]] = {}
    refuses: list[str] = []

    def ajoute(valeurs: dict[str, list[str]]):
        for champ, liste in valeurs.items():
            cible = resultat.setdefault(champ, [])
            cible.extend(v for v in liste if v not in cible)

    for item in decoupe(valeur):
        lu = _lit_item(colonne, item)
        if lu is None and "," in item:
            morceaux = [m for m in _VIRGULE.split(item) if m]
            lus = [_lit_item(colonne, m) for m in morceaux]
            if all(x is not None for x in lus):
                for x in lus:
                    ajoute(x)
                continue
        if lu is not None:
            ajoute(lu)
        elif colonne == "labels_nationaux":
            ajoute({"autres_formations_labels": [item]})
        elif item not in refuses:
            refuses.append(item)
    return resultat, refuses


def normalise_libres(valeur) -> list[str]:
    """A free list (autres_formations_labels): items trimmed, deduplicated, in order."""
    items: list[str] = []
    for item in decoupe(valeur):
        item = " ".join(item.split())
        if item not in items:
            items.append(item)
    return items


def normalise_typologie(valeur) -> tuple[list[str], list[str]]:
    """(typologie codes of the standard's referential, refused items)."""
    valeurs, refuses = normalise_liste("typologie", valeur)
    return valeurs.get("typologie", []), refuses


ENUMERES = tuple(c.nom for c in standard.CHAMPS_ENUMERES)
