"""What a column's VALUES look like: the share of its non-empty values that are postcodes, phones, dates…

Each detector works on the distinct values of a column with their counts (a pandas Series `valeur → nombre`, from
`value_counts()`), so a value repeated 10 000 times is tested once and weighs 10 000. It returns a `Mesure`: the
share (0–1, by rows) and a French sentence for the coordinator (« 98 % des valeurs sont des codes postaux »).
Ranges are those of France, overseas included: a « latitude » of 4.0 is not French, 16.2 is (Guadeloupe).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pandas as pd
from stdnum.fr import siret

from imports.normalisation.coordonnees import EMPRISES, LAMBERT93_Y


@dataclass(frozen=True)
class Mesure:
    genre: str
    part: float  # 0–1 of the non-empty values (weighted by rows)
    preuve: str  # French


# genre → how the evidence names one value, in the plural
LIBELLES = {
    "code_postal": "des codes postaux", "code_insee": "des codes INSEE", "telephone": "des numéros de téléphone",
    "courriel": "des adresses e-mail", "url": "des adresses web", "date": "des dates", "latitude": "des latitudes",
    "longitude": "des longitudes", "lambert93_x": "des X Lambert-93", "lambert93_y": "des Y Lambert-93",
    "lat_lon": "des couples « latitude, longitude »", "geojson": "des géométries GeoJSON",
    "oui_non": "des oui/non", "siret": "des SIRET valides", "horaires": "des horaires",
    "texte_libre": "du texte libre", "indice": "des indices de répétition (bis, ter)",
    "nom_de_lieu": "des noms de commune plausibles", "adresse": "des adresses", "adresse_complete":
    "des adresses complètes (avec code postal)", "entier": "des nombres entiers",
}

_CP = re.compile(r"^\d{4,5}$")
_INSEE = re.compile(r"^(?:\d{4,5}|2[AB]\d{3})$", re.IGNORECASE)
_TEL = re.compile(r"(?:\+|00)(?:33|590|594|262|596|269|687|689|508|681)\d{6,9}|(?<!\d)0[1-9]\d{8}(?!\d)")
_COURRIEL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"^(?:https?://|ttps?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,6}(?:/\S*)?$", re.IGNORECASE)
_DATE = re.compile(r"^(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}.*)?$")
_SERIE_EXCEL = re.compile(r"^(?:3\d|4\d)\d{3}(?:\.0)?$")  # 30000–49999: 1982–2036
_DECIMAL = re.compile(r"^-?\d{1,3}[.,]\d{2,}$")
_METRES = re.compile(r"^\d{5,7}(?:[.,]\d+)?$")
_LAT_LON = re.compile(r"^\s*\(?\s*(-?\d{1,3}\.\d+)\s*[,;\s]\s*(-?\d{1,3}\.\d+)\s*\)?\s*$")
_OUI_NON = {"oui", "non", "o", "n", "x", "1", "0", "vrai", "faux", "true", "false", "yes", "no", "-", "?", "ok",
            "v", "f", "y"}
_JOURS = re.compile(r"\b(lun|mar|mer|jeu|ven|sam|dim)[a-z]*\b|\b(mo|tu|we|th|fr|sa|su)\b", re.IGNORECASE)
_HEURE = re.compile(r"\b\d{1,2}\s*(?:h|:)\s*\d{0,2}\b", re.IGNORECASE)
_VOIE = re.compile(r"\b(rue|avenue|av|bd|boulevard|place|pl|chemin|ch|route|rte|allee|allée|impasse|imp|quai|cours|"
                   r"square|passage|lieu-dit|lotissement|residence|résidence|hameau|faubourg|esplanade|parvis|"
                   r"rond-point|promenade|sentier|mail|zone|za|zi|zac|bp|cs)\b", re.IGNORECASE)
_CP_DANS = re.compile(r"(?<!\d)\d{5}(?!\d)")
_NOM_DE_LIEU = re.compile(r"^[^\W\d_][^\d@/:;|]{0,44}$")
_INDICE = {"bis", "ter", "quater", "b", "t", "a", "c", "q"}


def _cp_plausible(code: str) -> bool:
    n = int(code)
    return 1000 <= n <= 95999 or 97100 <= n <= 97699 or 98000 <= n <= 98899


def _part(valeurs: pd.Series, test) -> float:
    """Share (by rows) of the values for which `test(value)` holds; `valeurs` is value → count."""
    total = valeurs.sum()
    if not total:
        return 0.0
    masque = pd.Series([bool(test(v)) for v in valeurs.index], index=valeurs.index, dtype=bool)
    return float(valeurs[masque].sum() / total)


def _nombre(texte: str) -> float | None:
    try:
        return float(texte.replace(" ", "").replace("\xa0", "").replace(",", "."))
    except ValueError:
        return None


def _dans(valeur: float | None, bornes: list[tuple[float, float]]) -> bool:
    return valeur is not None and any(a <= valeur <= b for a, b in bornes)


BORNES_LAT = [(e[0], e[1]) for e in EMPRISES.values()]
BORNES_LON = [(e[2], e[3]) for e in EMPRISES.values()]


def est_code_postal(v: str) -> bool:
    v = v.replace(" ", "")
    return bool(_CP.match(v)) and _cp_plausible(v)


def est_code_insee(v: str) -> bool:
    v = v.replace(" ", "")
    if not _INSEE.match(v):
        return False
    return v[:2].upper() in ("2A", "2B") or _cp_plausible(v)


def est_telephone(v: str) -> bool:
    return bool(_TEL.search(re.sub(r"[\s.\-()/]", "", v)))


def est_courriel(v: str) -> bool:
    return bool(_COURRIEL.search(v))


def est_url(v: str) -> bool:
    v = v.strip().rstrip("]|")
    return "@" not in v and " " not in v and bool(_URL.match(v))


def est_date(v: str) -> bool:
    return bool(_DATE.match(v.strip())) or bool(_SERIE_EXCEL.match(v.strip()))


def est_latitude(v: str) -> bool:
    return bool(_DECIMAL.match(v.strip())) and _dans(_nombre(v), BORNES_LAT)


def est_longitude(v: str) -> bool:
    return bool(_DECIMAL.match(v.strip())) and _dans(_nombre(v), BORNES_LON)


def est_lambert93_x(v: str) -> bool:
    return bool(_METRES.match(v.strip())) and _dans(_nombre(v), [(100_000, 1_300_000)])


def est_lambert93_y(v: str) -> bool:
    return bool(_METRES.match(v.strip())) and _dans(_nombre(v), [LAMBERT93_Y])


def lat_lon(v: str) -> tuple[float, float] | None:
    """A « 47.47, -0.55 » cell as (latitude, longitude) when both are in France, else None."""
    m = _LAT_LON.match(v)
    if not m:
        return None
    lat, lon = float(m.group(1)), float(m.group(2))
    return (lat, lon) if _dans(lat, BORNES_LAT) and _dans(lon, BORNES_LON) else None


def est_geojson(v: str) -> bool:
    v = v.strip()
    if not v.startswith("{") or "coordinates" not in v:
        return False
    try:
        objet = json.loads(v)
    except ValueError:
        return False
    objet = objet.get("geometry", objet) if isinstance(objet, dict) else None
    return isinstance(objet, dict) and isinstance(objet.get("coordinates"), list) and "type" in objet


def est_oui_non(v: str) -> bool:
    return v.strip().casefold().rstrip(".") in _OUI_NON


def est_siret(v: str) -> bool:
    v = re.sub(r"[\s.]", "", v)
    return len(v) == 14 and v.isdigit() and siret.is_valid(v)


def est_horaires(v: str) -> bool:
    return bool(_HEURE.search(v)) or bool(_JOURS.search(v)) and len(v) > 6


def est_texte_libre(v: str) -> bool:
    return len(v) > 60 and v.count(" ") >= 8


def est_indice(v: str) -> bool:
    return v.strip().casefold().rstrip(".") in _INDICE


def est_nom_de_lieu(v: str) -> bool:
    return bool(_NOM_DE_LIEU.match(v.strip())) and len(v.split()) <= 6 and not _VOIE.search(v)


def est_adresse(v: str) -> bool:
    return bool(_VOIE.search(v)) or bool(re.match(r"^\s*\d+\s*(?:bis|ter|[a-z])?\s*,?\s+\D", v, re.IGNORECASE))


def est_adresse_complete(v: str) -> bool:
    return est_adresse(v) and bool(_CP_DANS.search(v))


def est_entier(v: str) -> bool:
    return v.strip().lstrip("-").isdigit()


DETECTEURS = {
    "code_postal": est_code_postal, "code_insee": est_code_insee, "telephone": est_telephone,
    "courriel": est_courriel, "url": est_url, "date": est_date, "latitude": est_latitude,
    "longitude": est_longitude, "lambert93_x": est_lambert93_x, "lambert93_y": est_lambert93_y,
    "lat_lon": lambda v: lat_lon(v) is not None, "geojson": est_geojson, "oui_non": est_oui_non,
    "siret": est_siret, "horaires": est_horaires, "texte_libre": est_texte_libre, "indice": est_indice,
    "nom_de_lieu": est_nom_de_lieu, "adresse": est_adresse, "adresse_complete": est_adresse_complete,
    "entier": est_entier,
}


def preuve(genre: str, part: float) -> str:
    return f"{round(part * 100)} % des valeurs sont {LIBELLES[genre]}"


def mesurer(valeurs: pd.Series, genres=None) -> dict[str, Mesure]:
    """Every detector (or those of `genres`) on a column's value counts (non-empty values only)."""
    mesures = {}
    for genre in genres or DETECTEURS:
        part = _part(valeurs, DETECTEURS[genre])
        mesures[genre] = Mesure(genre, part, preuve(genre, part))
    return mesures


def fin_en_zero(valeurs: pd.Series) -> float:
    """Share of 5-digit codes ending in 0: most postcodes do (21000, 75010), few INSEE codes."""
    codes = valeurs[[bool(re.fullmatch(r"\d{4,5}", str(v).strip())) for v in valeurs.index]]
    total = codes.sum()
    if not total:
        return 0.0
    return float(codes[[str(v).strip().endswith("0") for v in codes.index]].sum() / total)
