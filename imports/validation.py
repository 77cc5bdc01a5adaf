"""One row of a file → a `LigneImportee` (the lieu's values, its point as written, one French message per problem;
errors reject the row).

Pure: plain values in, a new value out, no database. The commune, the postcode's lost zero and the coordinates are
checked against the geography afterwards (`imports.territoires`), the lieu written later still (`imports.application`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from lieux import regles, standard
from lieux.models import Lieu

from .ligne import (  # noqa: F401 — NIVEAUX and INFO re-exported: the levels' historical home
    AVERTISSEMENT, ERREUR, INFO, NIVEAUX, LigneImportee, Message, Position, Rattachement, empreinte_de,
)

from .normalisation import horaires_fr, listes
from .normalisation.adresse import normalise_code_insee, normalise_code_postal
from .normalisation.contact import normalise_courriels, normalise_telephones, normalise_urls
from .normalisation.coordonnees import normalise_coordonnees
from .normalisation.dates import parse_date
from .normalisation.texte import en_texte, nettoie, tronque

CHAMPS_TEXTE_MULTILIGNE = ("presentation_resume", "presentation_detail")
_HEURES_A_LA_FRANCAISE = re.compile(r"\b(\d{1,2})\s*[hH]\s*(\d{2})\b")


def _longueurs() -> dict[str, int]:
    """Maximum length of each text field and of each list item, read from the model (one source of truth)."""
    longueurs = {}
    for nom in standard.COLONNES:
        if nom in ("latitude", "longitude"):
            continue
        champ = Lieu._meta.get_field(nom)
        base = getattr(champ, "base_field", champ)
        if getattr(base, "max_length", None):
            longueurs[nom] = base.max_length
    return longueurs


LONGUEURS = _longueurs()


class _Brouillon:
    """The row while `normalise_ligne` builds it: values, messages and flags gathered by the helpers below, turned
    into a `LigneImportee` once at the end. Never seen outside this module."""

    __slots__ = ("messages", "cp_a_confirmer", "insee_a_confirmer", "inversion_probable", "date_par_defaut")

    def __init__(self, messages):
        self.messages = list(messages)
        self.cp_a_confirmer = ""
        self.insee_a_confirmer = self.inversion_probable = self.date_par_defaut = False

    def erreur(self, champ, texte):
        self.messages.append(Message(champ, ERREUR, texte))

    def avertit(self, champ, texte):
        self.messages.append(Message(champ, AVERTISSEMENT, texte))


def _texte(ligne: _Brouillon, entree: dict, champ: str, requis_texte: str | None = None) -> str:
    valeur = nettoie(entree.get(champ), multiligne=champ in CHAMPS_TEXTE_MULTILIGNE)
    if not valeur and requis_texte:
        ligne.erreur(champ, requis_texte)
    maximum = LONGUEURS.get(champ)
    if maximum and len(valeur) > maximum:
        ligne.avertit(champ, f"texte de {len(valeur)} caractères, limité à {maximum} — coupé")
        valeur = tronque(valeur, maximum)
    return valeur


def _pivot(ligne, entree) -> str:
    brut = nettoie(entree.get("pivot"))
    pivot = regles.normalise_pivot(brut)
    if not brut:
        return pivot
    erreur = regles.erreur_pivot(pivot)
    if erreur and pivot.isdigit() and len(pivot) == 13 and regles.pivot_valide("0" + pivot):
        ligne.avertit("pivot", f"{brut} a perdu son zéro initial — corrigé en 0{pivot}")
        return "0" + pivot
    if erreur:
        ligne.avertit("pivot", f"{erreur} Remplacé par {standard.PIVOT_INCONNU} (inconnu).")
        return standard.PIVOT_INCONNU
    return pivot


def _code_postal(ligne, entree) -> str:
    brut = nettoie(entree.get("code_postal"))
    cp, zero_ajoute = normalise_code_postal(brut)
    if zero_ajoute:
        ligne.cp_a_confirmer = brut
    elif brut and not cp:
        ligne.avertit("code_postal", f"{brut} n'est pas un code postal à 5 chiffres")
    return cp


def _code_insee(ligne, entree) -> str:
    brut = nettoie(entree.get("code_insee"))
    code, zero_ajoute = normalise_code_insee(brut)
    ligne.insee_a_confirmer = zero_ajoute
    if brut and not code:
        ligne.avertit("code_insee", f"{brut} n'est pas un code INSEE (5 caractères, ex. 49007 ou 2A004) — ignoré")
    return code


def _coordonnees(ligne, entree):
    coordonnees = normalise_coordonnees(entree.get("latitude"), entree.get("longitude"))
    for texte in coordonnees.avertissements:
        ligne.avertit("latitude/longitude", texte)
    ligne.inversion_probable = coordonnees.inversees
    return coordonnees.latitude, coordonnees.longitude


def _telephone(ligne, entree, code_postal) -> str:
    brut = nettoie(entree.get("telephone"), multiligne=True)
    try:
        numero, autres = normalise_telephones(brut, code_postal)
    except ValueError as erreur:
        ligne.avertit("telephone", f"{erreur} Non retenu.")
        return ""
    if autres:
        ligne.avertit("telephone", f"le standard ne prévoit qu'un numéro : {numero} retenu, "
                                   f"{', '.join(autres)} non retenu(s)")
    return numero


def _liste_de_textes(ligne, champ, valeurs, refuses, quoi):
    for item in refuses:
        ligne.avertit(champ, f"« {item} » n'est pas {quoi} — ignoré")
    maximum = LONGUEURS.get(champ)
    gardees = []
    for valeur in valeurs:
        if maximum and len(valeur) > maximum:
            ligne.avertit(champ, f"« {valeur[:60]}… » dépasse {maximum} caractères — ignoré")
        else:
            gardees.append(valeur)
    return gardees


def _url_unique(ligne, entree, champ) -> str:
    urls, refuses = normalise_urls(en_texte(entree.get(champ)))
    urls = _liste_de_textes(ligne, champ, urls, refuses, "une adresse web valide")
    if len(urls) > 1:
        ligne.avertit(champ, f"une seule adresse attendue : {urls[0]} retenue, {', '.join(urls[1:])} ignorée(s)")
    return urls[0] if urls else ""


@lru_cache(maxsize=4096)
def _horaires_valides(horaires: str) -> bool:
    return regles.horaires_valides(horaires)  # the same opening hours come back on many rows


@lru_cache(maxsize=4096)
def _horaires_francais(horaires: str):
    return horaires_fr.depuis_texte(horaires)


def _horaires(ligne, entree) -> str:
    """OSM opening hours; French free text (« du lundi au vendredi de 9h à 12h ») converted by `horaires_fr`, what was
    understood and what was set aside both said; never invented hours. The text stays in the raw record."""
    horaires = nettoie(entree.get("horaires"))
    if not horaires or _horaires_valides(horaires):
        return horaires
    corrige = _HEURES_A_LA_FRANCAISE.sub(lambda m: f"{int(m[1]):02d}:{m[2]}", horaires)
    if corrige != horaires and regles.horaires_valides(corrige):
        ligne.avertit("horaires", f"« {horaires} » écrit en heures françaises — corrigé en « {corrige} »")
        return corrige
    conversion = _horaires_francais(horaires)
    if conversion.osm and regles.horaires_valides(conversion.osm):
        texte = (f"« {tronque(horaires, 120)} » n'est pas au format OpenStreetMap : lu comme « {conversion.osm} » "
                 f"({' ; '.join(conversion.compris)})")
        if conversion.non_compris:
            texte += (" ; mis de côté : " + " ; ".join(f"« {m} »" for m in conversion.non_compris)
                      + " (texte d'origine conservé et montré sur la fiche du lieu)")
        ligne.avertit("horaires", texte)
        return conversion.osm
    ligne.avertit(
        "horaires",
        f"« {tronque(horaires, 120)} » n'est pas au format OpenStreetMap (ex. « {regles.EXEMPLE_HORAIRES} ») — "
        "non retenu ; le texte reste dans la ligne d'origine conservée avec le lieu",
    )
    return ""


_COLONNES_ENUMEREES = tuple(c for c in (*listes.ENUMERES, *listes.CHAMPS_DES_COLONNES_ANCIENNES) if c != "typologie")


def _enumerations_sans_cache(cellules: tuple) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """({field: values}, [(column, refused item)]) from the cells of `_COLONNES_ENUMEREES` + autres_formations_labels
    (None for an absent column)."""
    resultat = {nom: [] for nom in listes.ENUMERES}
    resultat["autres_formations_labels"] = listes.normalise_libres(cellules[-1])
    refus = []
    for colonne, cellule in zip(_COLONNES_ENUMEREES, cellules, strict=False):
        if cellule is None:
            continue
        valeurs, refuses = listes.normalise_liste(colonne, cellule)
        for champ, liste in valeurs.items():
            resultat[champ].extend(v for v in liste if v not in resultat[champ])
        refus.extend((colonne, item) for item in refuses)
    return resultat, refus


@lru_cache(maxsize=4096)
def _enumerations_en_cache(cellules: tuple) -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple]:
    """The same, immutable: the same combination of list cells comes back on many rows."""
    resultat, refus = _enumerations_sans_cache(cellules)
    return tuple((champ, tuple(liste)) for champ, liste in resultat.items()), tuple(refus)


def _enumerations(ligne, entree) -> dict[str, list[str]]:
    cellules = (*(entree.get(colonne) for colonne in _COLONNES_ENUMEREES), entree.get("autres_formations_labels"))
    try:
        en_cache, refus = _enumerations_en_cache(cellules)
        resultat = {champ: list(liste) for champ, liste in en_cache}
    except TypeError:  # a JSON list in a cell: not hashable, worked out without the cache
        resultat, refus = _enumerations_sans_cache(cellules)
    for colonne, item in refus:
        ligne.avertit(colonne, f"« {item} » n'est pas une valeur du standard — ignoré")
    return resultat


@lru_cache(maxsize=4096)
def _typologie_en_cache(cellule) -> tuple[tuple[str, ...], tuple[str, ...]]:
    valeurs, refuses = listes.normalise_typologie(cellule)
    return tuple(valeurs), tuple(refuses)


def _typologie(cellule) -> tuple[list[str], list[str]]:
    try:
        valeurs, refuses = _typologie_en_cache(cellule)  # a few codes, the same on many rows
    except TypeError:  # a JSON list: not hashable
        return listes.normalise_typologie(cellule)
    return list(valeurs), list(refuses)


def _date_maj(ligne, entree, aujourd_hui: dt.date) -> str:
    brut = nettoie(entree.get("date_maj"))
    if not brut:
        ligne.date_par_defaut = True
        ligne.avertit("date_maj", f"date de mise à jour absente — date de l'import retenue ({aujourd_hui.isoformat()})")
        return aujourd_hui.isoformat()
    try:
        date = parse_date(brut)
    except ValueError as erreur:
        ligne.date_par_defaut = True
        ligne.avertit("date_maj", f"{erreur} Date de l'import retenue ({aujourd_hui.isoformat()}).")
        return aujourd_hui.isoformat()
    if date > aujourd_hui + dt.timedelta(days=1):
        ligne.avertit("date_maj", f"{date.isoformat()} est dans le futur — date de l'import retenue")
        ligne.date_par_defaut = True
        return aujourd_hui.isoformat()
    return date.isoformat()


def normalise_ligne(entree: Mapping, numero: int = 0, aujourd_hui: dt.date | None = None,
                    remplissages: Iterable[Message] = ()) -> LigneImportee:
    """The lieu a row describes, with one message per problem. `entree` maps field names (standard, or old v0
    columns) to raw cell values.

    The seam for a column-mapping step run before this one (file columns → fields, value maps, generated ids,
    defaults): it hands over `entree` keyed by field, and its own fills as `remplissages` (« date_maj absente : date
    de l'import »…), messages that come first in the row's report.
    """
    aujourd_hui = aujourd_hui or dt.date.today()
    ligne = _Brouillon(remplissages)
    v = {}
    v["id"] = _texte(ligne, entree, "id",
                     "identifiant absent : sans lui la ligne ne peut pas être suivie d'un import à l'autre")
    v["pivot"] = _pivot(ligne, entree)
    v["nom"] = _texte(ligne, entree, "nom", "nom du lieu absent")
    v["commune"] = _texte(ligne, entree, "commune")
    v["code_postal"] = _code_postal(ligne, entree)
    v["code_insee"] = _code_insee(ligne, entree)
    v["adresse"] = _texte(ligne, entree, "adresse", "adresse absente")
    v["complement_adresse"] = _texte(ligne, entree, "complement_adresse")
    v["latitude"], v["longitude"] = _coordonnees(ligne, entree)
    typologie, refuses = _typologie(entree.get("typologie"))
    v["typologie"] = _liste_de_textes(ligne, "typologie", typologie, refuses, "un code du référentiel des typologies")
    v["telephone"] = _telephone(ligne, entree, v["code_postal"])
    courriels, refuses = normalise_courriels(en_texte(entree.get("courriels")))
    v["courriels"] = _liste_de_textes(ligne, "courriels", courriels, refuses, "une adresse électronique valide")
    sites, refuses = normalise_urls(en_texte(entree.get("site_web")))
    v["site_web"] = _liste_de_textes(ligne, "site_web", sites, refuses, "une adresse web valide")
    v["horaires"] = _horaires(ligne, entree)
    resume = nettoie(entree.get("presentation_resume"), multiligne=True)
    v["presentation_detail"] = _texte(ligne, entree, "presentation_detail")
    if len(resume) > LONGUEURS["presentation_resume"]:
        ligne.avertit("presentation_resume", f"{len(resume)} caractères pour 280 au plus — coupé"
                      + ("" if v["presentation_detail"] else ", texte entier reporté dans presentation_detail"))
        v["presentation_detail"] = v["presentation_detail"] or resume
        resume = tronque(resume, LONGUEURS["presentation_resume"])
    v["presentation_resume"] = resume
    v["source"] = _texte(ligne, entree, "source")
    v["structure_parente"] = _texte(ligne, entree, "structure_parente")
    v["date_maj"] = _date_maj(ligne, entree, aujourd_hui)
    v.update(_enumerations(ligne, entree))
    v["autres_formations_labels"] = _liste_de_textes(ligne, "autres_formations_labels",
                                                     v["autres_formations_labels"], [], "")
    v["fiche_acces_libre"] = _url_unique(ligne, entree, "fiche_acces_libre")
    v["prise_rdv"] = _url_unique(ligne, entree, "prise_rdv")
    empreinte = empreinte_de(v, ligne.date_par_defaut)  # of the source's content, before our geography completes it
    position = Position(v.pop("latitude"), v.pop("longitude"), inversion_probable=ligne.inversion_probable)
    rattachement = Rattachement(cp_a_confirmer=ligne.cp_a_confirmer, insee_a_confirmer=ligne.insee_a_confirmer)
    return LigneImportee(numero, v, position, rattachement, tuple(ligne.messages), ligne.date_par_defaut, empreinte)
