"""A source profile applied to one record of its file: the values keyed by the standard's fields, and the fills made.

`appliquer(profil, brut)` returns `(entree, remplissages)`, exactly what `validation.normalise_ligne` takes: the
rules of the profile (`profil.RegleChamp`, one per field, each with its `combinaison`) turn the file's columns into
the standard's fields, enumerated values go through the profile's value maps, and what the file does not give is
filled when it can be filled honestly — each fill a French warning of the row (never silent):

- no `id` column → a stable id generated from what identifies the row (its name, address, postcode and commune,
  normalised), never from its position: the next import of the same file updates the same lieux;
- a one-line address (« 37 Rue Saint-Léonard 44000 Nantes ») gives the missing postcode and commune;
- `defauts` of the profile for fields left empty.

The commune, postcode and INSEE code derived from one another, and from the point, are the attach step's job
(`imports.territoires`, `imports.placement`); the missing `pivot` and `date_maj` are already filled by
`normalise_ligne` (unknown SIRET, import date).

The profile is compiled once into a `Plan` (one small function per rule): applying it to a row is a loop over
those functions, with no look-up of the profile's structure.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from functools import lru_cache

from ..anciennes_versions import cle_souple
from ..ligne import Message, avertissement
from ..normalisation import horaires_fr_colonnes
from ..normalisation.texte import en_texte, est_vide, nettoie
from .lambert93 import vers_wgs84
from .profil import (
    GEOJSON, ID_GENERE, JOINTURE, JOURS, LAMBERT93, LAT_LON, LISTE, OUI_NON, PREMIERE, Profil, RegleChamp,
)

PREFIXE_ID = "gen-"
# a cell saying « no » in a yes/no column; any other non-empty cell says yes (« Oui », « X », or the column's own
# label repeated, as in « PBC_Senior: Seniors »)
NON = frozenset({"non", "n", "no", "false", "faux", "0", "-", "aucun", "aucune", "nc", "non renseigne", "ne sait pas",
                 "sans objet", "na", "n/a"})
_SEPARATEURS_LISTE = re.compile(r"\s*[|;,/\n]\s*")
_ADRESSE_UNE_LIGNE = re.compile(
    r"^(?P<voie>.*?)[\s,]*\b(?P<cp>\d{5})\s+(?P<commune>[^\d,]+?)(?:\s+cedex(?:\s*\d+)?)?\s*$", re.IGNORECASE
)
Etape = Callable[[dict, dict, list], None]  # (raw record, entree being built, fills) → None


def cle_valeur(texte) -> str:
    """How raw values are compared with the keys of a value map: no case, accents or extra spaces."""
    return cle_souple(en_texte(texte).strip())


def _premiere(colonnes, brut):
    for colonne in colonnes:
        valeur = brut.get(colonne)
        if valeur is not None and not (isinstance(valeur, str) and est_vide(valeur)):
            return valeur
    return None


def _non_vides(colonnes, brut) -> list:
    valeurs = []
    for colonne in colonnes:
        valeur = brut.get(colonne)
        if isinstance(valeur, (list, tuple)):
            valeurs += [v for v in valeur if not est_vide(en_texte(v))]
        elif valeur is not None and not est_vide(en_texte(valeur)):
            valeurs.append(valeur)
    return valeurs


class _Table:
    """A value map compiled: normalised raw value → standard values. Looked up on the whole cell first, then on its
    items (« | ; , / » or a new line), then on the parts of an item joined by « - » (BFC's codes « APTIC-MSAP-MFS »);
    an item the map does not know is kept as written (the normalising step reports it, the raw record keeps it)."""

    def __init__(self, valeurs: dict[str, tuple[str, ...]]):
        self.table = {cle_valeur(brut): tuple(standard) for brut, standard in valeurs.items()}

    @lru_cache(maxsize=2048)  # noqa: B019 — one table per compiled plan, the same cells on many rows
    def traduit(self, cellule: str) -> tuple[str, ...]:
        cle = cle_valeur(cellule)
        if cle in self.table:
            return self.table[cle]
        sortie: list[str] = []
        for item in _SEPARATEURS_LISTE.split(cellule.strip()):
            if not item or est_vide(item):
                continue
            cle = cle_valeur(item)
            if cle in self.table:
                sortie += self.table[cle]
                continue
            parties = [cle_valeur(p) for p in item.split("-") if p.strip()]
            if len(parties) > 1 and all(p in self.table for p in parties):
                for p in parties:
                    sortie += self.table[p]
            else:
                sortie.append(item)
        return tuple(dict.fromkeys(sortie))

    def liste(self, valeurs) -> list[str]:
        sortie: list[str] = []
        for valeur in valeurs:
            sortie += self.traduit(en_texte(valeur))
        return list(dict.fromkeys(sortie))


def _ajoute(entree: dict, champ: str, valeurs: list):
    """Several rules may feed one list field (value columns and yes/no columns for `services`)."""
    deja = entree.get(champ)
    if isinstance(deja, list):
        entree[champ] = list(dict.fromkeys([*deja, *valeurs]))
    else:
        entree[champ] = valeurs


def _nombre(texte) -> float | None:
    if isinstance(texte, (int, float)):
        return float(texte)
    texte = en_texte(texte).strip().replace(" ", "").replace("\xa0", "").replace(",", ".")
    try:
        return float(texte)
    except ValueError:
        return None


def _etape(regle: RegleChamp) -> Etape:
    """The small function applying one rule to a record."""
    champ, colonnes, combinaison = regle.champ, regle.colonnes, regle.combinaison
    table = _Table(regle.valeurs) if regle.valeurs else None

    if combinaison == PREMIERE:
        def premiere(brut, entree, remplissages):
            valeur = _premiere(colonnes, brut)
            if valeur is None:
                return
            if table is not None:
                _ajoute(entree, champ, table.liste(valeur if isinstance(valeur, (list, tuple)) else [valeur]))
            elif champ not in entree or est_vide(en_texte(entree[champ])):
                entree[champ] = valeur
        return premiere

    if combinaison == JOINTURE:
        def jointure(brut, entree, remplissages):
            morceaux = [nettoie(v) for v in _non_vides(colonnes, brut)]
            if morceaux := [m for m in morceaux if m]:
                entree[champ] = " ".join(morceaux)
        return jointure

    if combinaison == LISTE:
        def liste(brut, entree, remplissages):
            valeurs = _non_vides(colonnes, brut)
            if not valeurs:
                return
            if table is not None:
                _ajoute(entree, champ, table.liste(valeurs))
            else:
                entree[champ] = " | ".join(en_texte(v).strip() for v in valeurs)
        return liste

    if combinaison == JOURS:
        def jours(brut, entree, remplissages):
            cellules = {c: en_texte(brut.get(c)) for c in colonnes if brut.get(c) not in (None, "")}
            if not cellules:
                return
            conversion = _jours_en_cache(tuple(cellules.items()))
            entree[champ] = conversion.osm
            remplissages.extend(messages_horaires(conversion, champ))
        return jours

    if combinaison == OUI_NON:
        oui = tuple((colonne, tuple(valeurs)) for colonne, valeurs in (regle.valeurs_oui or {}).items())

        def oui_non(brut, entree, remplissages):
            valeurs = []
            for colonne, standard in oui:
                cellule = brut.get(colonne)
                if cellule is not None and not est_vide(en_texte(cellule)) and cle_valeur(cellule) not in NON:
                    valeurs += standard
            if valeurs:
                _ajoute(entree, champ, list(dict.fromkeys(valeurs)))
        return oui_non

    if combinaison == LAMBERT93:
        def lambert(brut, entree, remplissages):
            x, y = (_nombre(brut.get(c)) for c in (colonnes + (None, None))[:2])
            if x is None or y is None:
                return
            point = vers_wgs84(x, y)
            if point is None:
                remplissages.append(avertissement("latitude/longitude", f"X={x}, Y={y} n'est pas un point en "
                                                  "Lambert-93 en France — ignoré"))
                return
            entree["latitude"], entree["longitude"] = point
        return lambert

    if combinaison == LAT_LON:
        def lat_lon(brut, entree, remplissages):
            cellule = en_texte(_premiere(colonnes, brut)).strip()
            nombres = re.findall(r"-?\d+(?:[.,]\d+)?", cellule.replace(", ", " ").replace(";", " "))
            if len(nombres) == 2:
                entree["latitude"], entree["longitude"] = (n.replace(",", ".") for n in nombres)
            elif cellule:
                remplissages.append(avertissement("latitude/longitude", f"« {cellule[:60]} » n'est pas un couple "
                                                  "« latitude, longitude » — ignoré"))
        return lat_lon

    if combinaison == GEOJSON:
        def geojson(brut, entree, remplissages):
            point = _point_geojson(_premiere(colonnes, brut))
            if point is not None:
                entree["latitude"], entree["longitude"] = point
        return geojson

    raise ValueError(f"combinaison inconnue : {combinaison}")


def _point_geojson(valeur) -> tuple[float, float] | None:
    """(latitude, longitude) of a GeoJSON Point (a dict, or its JSON text; a Feature's geometry too)."""
    if isinstance(valeur, str):
        try:
            valeur = json.loads(valeur)
        except ValueError:
            return None
    if isinstance(valeur, dict) and valeur.get("type") == "Feature":
        valeur = valeur.get("geometry")
    if not isinstance(valeur, dict) or valeur.get("type") != "Point":
        return None
    coordonnees = valeur.get("coordinates") or ()
    if len(coordonnees) < 2:
        return None
    longitude, latitude = _nombre(coordonnees[0]), _nombre(coordonnees[1])
    return None if latitude is None or longitude is None else (latitude, longitude)


@lru_cache(maxsize=4096)
def _jours_en_cache(cellules: tuple) -> horaires_fr_colonnes.ConversionHoraires:
    return horaires_fr_colonnes.depuis_jours(dict(cellules))


def messages_horaires(conversion, champ: str = "horaires") -> list[Message]:
    """What a conversion of French hours understood and set aside, said in the row's report (never silent)."""
    if conversion.complete and conversion.osm:
        return []
    messages = []
    if conversion.osm:
        messages.append(avertissement(champ, f"horaires en français lus comme « {conversion.osm} » "
                                      f"({' ; '.join(conversion.compris)})"))
    if conversion.non_compris:
        messages.append(avertissement(champ, "non converti (texte d'origine conservé) : "
                                      + " ; ".join(conversion.non_compris)))
    return messages


# --- fills ----------------------------------------------------------------------------------------------------------

def identifiant_genere(entree: dict) -> str:
    """A stable id from what identifies the row: its name, address, postcode and commune, normalised (case, accents,
    spaces), so that the same lieu gets the same id at the next import whatever its position in the file."""
    parties = [cle_valeur(nettoie(entree.get(c))) for c in ("nom", "adresse", "code_postal", "commune")]
    return PREFIXE_ID + hashlib.sha256("|".join(parties).encode()).hexdigest()[:20]


def complete_par_adresse(entree: dict, remplissages: list):
    """Postcode and commune read from a one-line address (« 37 Rue Saint-Léonard 44000 Nantes ») when missing."""
    manque_cp = est_vide(en_texte(entree.get("code_postal")))
    manque_commune = est_vide(en_texte(entree.get("commune")))
    if not (manque_cp or manque_commune):
        return
    adresse = nettoie(entree.get("adresse"))
    trouve = _ADRESSE_UNE_LIGNE.match(adresse) if adresse else None
    if trouve is None:
        return
    if manque_cp:
        entree["code_postal"] = trouve["cp"]
    if manque_commune:
        entree["commune"] = trouve["commune"].strip()
    if trouve["voie"].strip(" ,"):
        entree["adresse"] = trouve["voie"].strip(" ,")
    lus = [f"code postal {trouve['cp']}"] * manque_cp + [f"commune {trouve['commune'].strip()}"] * manque_commune
    remplissages.append(avertissement("adresse", f"{' et '.join(lus)} lus dans l'adresse « {adresse} »"))


class Plan:
    """A profile compiled for one file: one function per rule, then the fills."""

    def __init__(self, profil: Profil):
        self.profil = profil
        self.etapes = tuple(_etape(r) for r in profil.regles if r.champ != "id" or profil.identifiant != ID_GENERE)
        self.genere_id = profil.identifiant == ID_GENERE or profil.regle("id") is None
        self.defauts = tuple((champ, valeur) for champ, valeur in profil.defauts.items() if valeur not in (None, ""))

    def applique(self, brut: dict) -> tuple[dict, list[Message]]:
        entree: dict = {}
        remplissages: list[Message] = []
        for etape in self.etapes:
            etape(brut, entree, remplissages)
        for champ, valeur in self.defauts:
            if est_vide(en_texte(entree.get(champ))):
                entree[champ] = valeur
                remplissages.append(avertissement(champ, f"absent — valeur par défaut du profil de la source : "
                                                  f"« {valeur} »"))
        complete_par_adresse(entree, remplissages)
        if self.genere_id and not est_vide(en_texte(entree.get("nom"))):
            entree["id"] = identifiant_genere(entree)
            remplissages.append(avertissement("id", f"identifiant absent : {entree['id']} généré à partir du nom, "
                                              "de l'adresse et de la commune"))
        return entree, remplissages


_PLANS: dict[int, tuple[Profil, Plan]] = {}


def compiler(profil: Profil) -> Plan:
    """The plan of a profile, compiled once (kept while the profile lives: a few per process)."""
    deja = _PLANS.get(id(profil))
    if deja is None or deja[0] is not profil:
        if len(_PLANS) > 32:
            _PLANS.clear()
        deja = _PLANS[id(profil)] = (profil, Plan(profil))
    return deja[1]


def appliquer(profil: Profil, brut: dict) -> tuple[dict, list[Message]]:
    """The record `brut` (file column → cell) as `normalise_ligne` takes it: (values by field, fills made)."""
    return compiler(profil).applique(brut)
