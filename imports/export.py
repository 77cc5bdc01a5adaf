"""Export of lieux in the national standard: CSV (exactly the 32 columns, in order), JSON and GeoJSON; and, beside
the standard CSV, a « CSV pour Excel » (imports/export_excel.py).

The CSV follows the national publisher: UTF-8 without BOM, comma, LF, every non-empty cell between double quotes,
lists joined with « | », dates as YYYY-MM-DD. Free-text cells starting with = + - @ get a leading apostrophe so that a
spreadsheet shows them instead of running them (our importer removes it again). Rows are streamed from the database.
Demo lieux (source « demo ») are never exported: `bilan()` says how many were left out, for the page and the command.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator


from django.db.models import F, FloatField, Func

from lieux import standard
from lieux.consolidation import identifiant as identifiants
from lieux.models import EPCI, Commune, Departement, Lieu, Provenance, Region

TERRITOIRES = {"reg": (Region, "region_id"), "dep": (Departement, "departement_id"), "epci": (EPCI, "epci_id"),
               "com": (Commune, None)}
# the territory pages' own names (/territoires/departement/49/ links to ?territoire=departement:49)
ALIAS = {"region": "reg", "departement": "dep", "commune": "com"}
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json", "geojson": "application/geo+json"}
# free-text fields a spreadsheet could take for a formula; the others are validated (patterns, URLs, enumerations)
CHAMPS_A_NEUTRALISER = frozenset({
    "id", "nom", "commune", "adresse", "complement_adresse", "presentation_resume", "presentation_detail", "source",
    "structure_parente", "autres_formations_labels", "horaires",
})
_DEBUTS_DANGEREUX = ("=", "+", "-", "@")
TAILLE_PAQUET = 2000


class TerritoireInconnu(ValueError):
    pass


class _Coordonnee(Func):
    output_field = FloatField()
    template = "%(function)s(%(expressions)s::geometry)"


def filtre_territoire(lieux, territoire: str):
    """Lieux of « dep:49 », « reg:52 », « epci:200071678 », « com:49007 » (a commune includes its arrondissements)."""
    territoire = (territoire or "").strip()
    if not territoire:
        return lieux
    type_, _, code = territoire.partition(":")
    type_ = ALIAS.get(type_, type_)
    if type_ not in TERRITOIRES or not code:
        raise TerritoireInconnu(
            f"Territoire « {territoire} » illisible : attendu reg:CODE, dep:CODE, epci:SIREN ou com:CODE_INSEE "
            "(ex. dep:49)."
        )
    modele, champ = TERRITOIRES[type_]
    if not modele.objects.filter(code=code).exists():
        raise TerritoireInconnu(f"Aucun(e) {modele._meta.verbose_name} de code « {code} ».")
    return lieux.dans_commune(code) if champ is None else lieux.filter(**{champ: code})


def lieux_exportes(territoire: str = "", source: str = ""):
    """Active lieux (demo ones excluded), optionally of one territory: the consolidated lieux, one row per place.
    With `source`, that import source's own records instead (its ids, its values), for the same lieux."""
    lieux = filtre_territoire(Lieu.objects.actifs().reels(), territoire)
    if source:
        return Provenance.objects.filter(source=source, actif=True, lieu__in=lieux).order_by("id_source", "pk")
    return lieux.order_by("id", "uid")


AVIS_DEMO = "Les lieux de démonstration ne sont pas exportés"


def bilan(territoire: str = "", source: str = "") -> dict:
    """{"exportes": n, "demo": m, "message": …}: what an export of `territoire` holds and what it leaves out."""
    exportes = lieux_exportes(territoire, source).count()
    demo = 0 if source else filtre_territoire(Lieu.objects.actifs().demo(), territoire).count()
    message = ""
    if demo and not exportes:
        message = (f"Aucun lieu exporté : les {demo} lieux de ce territoire sont des lieux de démonstration, "
                   "qui ne sont pas exportés." if demo > 1 else
                   "Aucun lieu exporté : le seul lieu de ce territoire est un lieu de démonstration, qui n'est pas "
                   "exporté.")
    elif demo:
        pluriel = ("x", "s") if demo > 1 else ("", "")
        message = f"{AVIS_DEMO} ({demo} lieu{pluriel[0]} de démonstration laissé{pluriel[1]} de côté)."
    elif not exportes:
        message = "Aucun lieu à exporter."
    return {"exportes": exportes, "demo": demo, "message": message}


def enregistrements(lieux) -> Iterator[dict]:
    """The rows to export: consolidated lieux (national ids) or, given records (`Provenance`), their own values."""
    if lieux.model is Provenance:
        yield from _enregistrements_source(lieux)
        return
    yield from _enregistrements_lieux(lieux, national=True)


def _enregistrements_lieux(lieux, national: bool) -> Iterator[dict]:
    champs = [c for c in standard.COLONNES if c not in ("latitude", "longitude")]
    lignes = lieux.annotate(
        _lat=_Coordonnee(F("localisation"), function="ST_Y"), _lon=_Coordonnee(F("localisation"), function="ST_X"),
    )
    lignes = identifiants.annoter(lignes).values(*champs, "_lat", "_lon", "uid", "_pris")
    for ligne in lignes.iterator(chunk_size=TAILLE_PAQUET):
        ligne["latitude"], ligne["longitude"] = ligne.pop("_lat"), ligne.pop("_lon")
        uid, pris = ligne.pop("uid"), ligne.pop("_pris")
        if national:
            ligne["id"] = identifiants.identifiant(ligne["id"], uid, pris)
        yield ligne


_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\)")


def _enregistrements_source(provenances) -> Iterator[dict]:
    for p in provenances.values("id_source", "valeurs", "lieu_id").iterator(chunk_size=TAILLE_PAQUET):
        v = p["valeurs"]
        if not v:  # a record written before records kept their values: its lieu's
            for ligne in _enregistrements_lieux(Lieu.objects.filter(uid=p["lieu_id"]), national=False):
                yield {**ligne, "id": p["id_source"]}
            continue
        point = _POINT.search(v.get("localisation") or "")
        ligne = {c: v.get(c) for c in standard.COLONNES if c not in ("latitude", "longitude")}
        ligne["id"] = p["id_source"]
        ligne["latitude"], ligne["longitude"] = (float(point[2]), float(point[1])) if point else (None, None)
        yield ligne


def texte_cellule(champ: str, valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, list):
        return standard.SEPARATEUR.join(valeur)
    if isinstance(valeur, float):
        return repr(round(valeur, 7))
    if hasattr(valeur, "isoformat"):
        return valeur.isoformat()
    return str(valeur)


def neutralise(champ: str, texte: str) -> str:
    if champ in CHAMPS_A_NEUTRALISER and texte.startswith(_DEBUTS_DANGEREUX):
        return "'" + texte
    return texte


def ligne_csv(cellules: list[str]) -> str:
    return ",".join(f'"{c.replace(chr(34), chr(34) * 2)}"' if c != "" else "" for c in cellules) + "\n"


def csv_(lieux) -> Iterator[str]:
    yield ligne_csv(list(standard.COLONNES))
    for enregistrement in enregistrements(lieux):
        yield ligne_csv([neutralise(c, texte_cellule(c, enregistrement[c])) for c in standard.COLONNES])


def _objet(enregistrement: dict, avec_coordonnees: bool = True) -> dict:
    objet = {}
    for champ in standard.COLONNES:
        valeur = enregistrement[champ]
        if champ in ("latitude", "longitude"):
            if avec_coordonnees and valeur is not None:
                objet[champ] = round(valeur, 7)
            continue
        texte = texte_cellule(champ, valeur)
        if texte != "":
            objet[champ] = texte
    return objet


def json_(lieux) -> Iterator[str]:
    yield "["
    premier = True
    for enregistrement in enregistrements(lieux):
        yield ("\n" if premier else ",\n") + json.dumps(_objet(enregistrement), ensure_ascii=False)
        premier = False
    yield "\n]\n"


def geojson(lieux) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    premier = True
    for enregistrement in enregistrements(lieux):
        lat, lon = enregistrement["latitude"], enregistrement["longitude"]
        geometrie = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]} if lat is not None else None
        feature = {"type": "Feature", "geometry": geometrie, "properties": _objet(enregistrement, False)}
        yield ("\n" if premier else ",\n") + json.dumps(feature, ensure_ascii=False)
        premier = False
    yield "\n]}\n"


ECRIVAINS = {"csv": csv_, "json": json_, "geojson": geojson}


def exporte(lieux, format_: str = "csv") -> Iterator[str]:
    """The text of the export, in pieces (for a file or a streaming response)."""
    return ECRIVAINS[format_](lieux)


def nom_de_fichier(territoire: str, format_: str, variante: str = "") -> str:
    suffixe = territoire.replace(":", "-") if territoire else "france"
    return f"lieux-de-mediation-numerique-{suffixe}{'-' + variante if variante else ''}.{format_}"
