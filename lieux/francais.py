"""French typography of place names: elision and contraction after « de » / « à », plurals, French sorting.

Sentences are built around names we do not write ourselves (communes, lieux, territories): « à moins de 10 km
de Angers » or « Centre social de Le Havre » is what a naive f-string gives. These rules are the ones a French
reader expects:

- « de » elides before a vowel or a mute h: « d'Angers », « d'Yvetot », « d'Hérouville-Saint-Clair » ; not before an
  aspirated h (« de Hazebrouck », « de Haute-Savoie ») ;
- a leading article contracts: « de Le Havre » → « du Havre », « de Les Ulis » → « des Ulis »,
  « à Le Havre » → « au Havre », « à Les Ulis » → « aux Ulis » ; « La » and « L' » stay (« de La Rochelle ») ;
- sorting follows French collation (accents and case are secondary, « Île-de-France » with the I), in
  PostgreSQL by the ICU collation `fr-x-icu`, in Python by `cle_tri`.
"""

from __future__ import annotations

import re

from django.db.models import F
from django.db.models.functions import Collate

from lieux.noms import sans_accents

COLLATION = "fr-x-icu"

VOYELLES = "aeiouyàâäéèêëîïôöûùüÿæœ"
# Words whose h is aspirated (no elision): the beginnings of French place names we meet. « Haut(e)(s) » covers
# Haute-Savoie, Hauts-de-France, Hautes-Alpes…; the rest are common commune names.
H_ASPIRES = ("haut", "hazebrouck", "haguenau", "hagondange", "hayange", "hallu", "halluin", "ham", "hamel",
             "hénin", "henin", "herblay", "honfleur", "houilles", "hendaye", "hem", "harfleur",
             "hautmont", "haubourdin", "hondschoote", "hombourg", "hirson", "havre")


def _commence_par_voyelle(nom: str) -> bool:
    if not nom:
        return False
    minuscule = nom.lower()
    if minuscule[0] in VOYELLES:
        return True
    if minuscule[0] == "h":
        return not minuscule.startswith(H_ASPIRES)
    return False


_ARTICLE = re.compile(r"^(Le|Les)\s+(?=\S)")


def de(nom: str) -> str:
    """« de » before a name: « de Paris », « d'Angers », « du Havre », « des Ulis », « de La Rochelle »."""
    nom = (nom or "").strip()
    article = _ARTICLE.match(nom)
    if article:
        reste = nom[article.end():]
        return ("du " if article.group(1) == "Le" else "des ") + reste
    if _commence_par_voyelle(nom):
        return "d'" + nom
    return "de " + nom


def a(nom: str) -> str:
    """« à » before a commune's name: « à Angers », « au Havre », « aux Ulis », « à La Rochelle »."""
    nom = (nom or "").strip()
    article = _ARTICLE.match(nom)
    if article:
        reste = nom[article.end():]
        return ("au " if article.group(1) == "Le" else "aux ") + reste
    return "à " + nom


def pluriel(n: int, singulier: str, pluriel_: str | None = None) -> str:
    """French plural: singular for 0 and 1 (« 0 lieu », « 1 lieu », « 2 lieux »)."""
    return singulier if abs(n) < 2 else (pluriel_ if pluriel_ is not None else singulier + "s")


def cle_tri(nom: str) -> tuple[str, str]:
    """A French sort key for Python-side sorting: accents, case, hyphens and apostrophes are secondary."""
    primaire = re.sub(r"[-'’\s]+", " ", sans_accents(nom or "").replace("œ", "oe").replace("æ", "ae")).casefold().strip()
    return primaire, nom or ""


def trier(noms, cle=lambda x: x):
    """Sort any iterable by a French name (`cle` extracts the name from an item)."""
    return sorted(noms, key=lambda x: cle_tri(cle(x)))


def par_nom(champ: str = "nom"):
    """An `order_by` expression sorting a queryset by `champ` in French collation."""
    return Collate(F(champ), COLLATION)
