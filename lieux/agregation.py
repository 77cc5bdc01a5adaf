"""Counts of lieux per territory and grid clusters of a map box, computed by PostGIS (never in the browser).

The drill-down of the map asks for one level at a time:

| level | bubbles | query |
|---|---|---|
| `region` | the 18 régions | kept counts (lieux/projections/comptes.py), else GROUP BY region_id |
| `departement` | those of a région, or whose point is in the box | the same, else GROUP BY departement_id |
| `commune` | those of a département, or those whose point is in the box | GROUP BY commune_officielle_id |
| `grille` | cells of a grid over the box (ST_SnapToGrid), a lone lieu as itself | GiST `&&` then GROUP BY cell |

Every function takes a Selection (lieux/selection.py, built by lieux/filtres.py), so the counts follow the filters.
Région and département counts read the counts kept by PostgreSQL triggers when every filter is a bit of the map
mask (the selection's `critere`): a few thousand rows instead of an index of a million entries. Other filters, and
the commune level, are counted live from the partial covering indexes `lieu_carte_*`; grid cells from the grid index
when the selection has a `critere`, else from the lieux.
`agreger()` caches answers for CARTE_CACHE_SECONDES (60 s by default): the national view is asked for far more often
than the data changes.
"""

from __future__ import annotations

import hashlib
import math
import time

from django.conf import settings
from django.contrib.gis.db.models import PointField
from django.core.cache import cache
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Cast
from django.utils import timezone

from lieux import affichage_horaires
from lieux.francais import trier
from lieux.models import Commune, Departement, Region
from lieux.projections import comptes
from lieux.models.lieu import GRILLE_BANDES_PAR_DEGRE, GRILLE_PAR_DEGRE
from lieux.parametres import NIVEAU
from lieux.selection import Selection

NIVEAUX = NIVEAU.valeurs  # ("region", "departement", "commune", "grille"), the `niveau` of the aggregation API
ZOOM_MIN = {"region": 0, "departement": 8, "commune": 10, "grille": 13}
ENFANT = {None: "region", "region": "departement", "departement": "commune", "commune": "grille"}
CELLULE_PX = 64  # grid cell side, in screen pixels
DETAILS_LIEU = ("horaires", "code_postal", "dispositif_programmes_nationaux", "prise_rdv", "modalites_acces")
DECIMALES = 5  # ~1 m: enough for a bubble, keeps the payload small
_TTL_TERRITOIRES = 600
_memo: dict[str, tuple[float, dict]] = {}


def niveau_pour_zoom(zoom: float) -> str:
    return next(n for n in reversed(NIVEAUX) if zoom >= ZOOM_MIN[n])


def niveau_affiche(zoom: float | None, territoire: tuple[str, str] | None) -> str:
    """The level to show: the children of the selected territory, or deeper when the map is zoomed in further."""
    selon_territoire = ENFANT[territoire[0] if territoire else None]
    if zoom is None:
        return selon_territoire
    selon_zoom = niveau_pour_zoom(zoom)
    return max(selon_territoire, selon_zoom, key=NIVEAUX.index)


def taille_cellule(zoom: float) -> float:
    """Side of a grid cell in degrees: CELLULE_PX pixels at this zoom (256-pixel tiles)."""
    return 360.0 / (256 * 2 ** max(0.0, zoom)) * CELLULE_PX


# --- territories (static between two geography loads: memoised per process) -------------------------------------


def _arrondi(x: float) -> float:
    return round(x, DECIMALES)


def _info(t) -> dict:
    info = {"code": t.code, "nom": t.nom}
    if t.point is not None:
        info["lat"], info["lon"] = _arrondi(t.point.y), _arrondi(t.point.x)
    if "geom" not in t.get_deferred_fields() and t.geom is not None:
        info["bbox"] = [round(v, 3) for v in t.geom.extent]
    return info


def territoires(niveau: str) -> dict[str, dict]:
    """code → {code, nom, lat, lon, bbox} for every région or département (memoised ~10 min)."""
    memo = _memo.get(niveau)
    if memo and time.monotonic() - memo[0] < _TTL_TERRITOIRES:
        return memo[1]
    modele = {"region": Region, "departement": Departement}[niveau]
    infos = {t.code: _info(t) for t in modele.objects.only("code", "nom", "point", "geom")}
    if niveau == "departement":
        for code, region in Departement.objects.values_list("code", "region_id"):
            infos[code]["region"] = region
    _memo[niveau] = (time.monotonic(), infos)
    return infos


# --- counts per territory ---------------------------------------------------------------------------------------


def _compter(queryset, colonne: str) -> dict[str, int]:
    lignes = queryset.order_by().values_list(colonne).annotate(n=Count("*"))  # COUNT(*): index-only
    return {code: n for code, n in lignes if code is not None}


def _groupes(comptes: dict[str, int], infos: dict[str, dict]) -> list[dict]:
    """The counted territories, in French alphabetical order of their names (« Île-de-France » with the I)."""
    groupes = [infos[code] | {"n": n} for code, n in comptes.items() if code in infos and "lat" in infos[code]]
    return trier(groupes, cle=lambda g: g["nom"])


def _comptes(selection: Selection, niveau: str, region: str | None = None, departements=None) -> dict[str, int]:
    """Counts per région or département: from the maintained counts when the selection has a `critere` they can
    answer (lieux/filtres.py, lieux/projections/comptes.py), else live (index-only scans of lieu_carte_*)."""
    if selection.critere is not None:
        resultat = comptes.compter(selection.critere, niveau, region=region, departements=departements)
        if resultat is not None:
            return resultat
    queryset = selection.lieux
    if region:
        queryset = queryset.filter(region_id=region)
    if departements is not None:
        queryset = queryset.filter(departement_id__in=departements)
    return _compter(queryset, f"{niveau}_id")


def par_region(selection: Selection) -> list[dict]:
    return _groupes(_comptes(selection, "region"), territoires("region"))


def par_departement(selection: Selection, region: str | None = None, bbox=None) -> list[dict]:
    infos = territoires("departement")
    codes = None
    if not region and bbox:
        codes = [c for c, i in infos.items() if "lat" in i and _dans(i, bbox)]
    return _groupes(_comptes(selection, "departement", region=region, departements=codes), infos)


def par_commune(selection: Selection, departement: str | None = None, bbox=None) -> list[dict]:
    queryset = selection.lieux
    if departement:
        queryset = queryset.filter(departement_id=departement)
    elif bbox:
        communes = Commune.objects.filter(point__bboverlaps=_enveloppe(bbox)).values("code")
        queryset = queryset.filter(commune_officielle_id__in=communes)
    comptes = _compter(queryset, "commune_officielle_id")
    # names and points as plain values, the codes as one array: a département has up to 900 communes, whose
    # model instances, GEOS points and IN (…) list of parameters took more time than the count itself
    with connection.cursor() as cursor:
        cursor.execute("""SELECT code, nom, ST_Y(point), ST_X(point), departement_id FROM lieux_commune
                          WHERE code = ANY(%s) AND point IS NOT NULL ORDER BY nom COLLATE "fr-x-icu", code""",
                       [list(comptes)])
        return [{"code": code, "nom": nom, "lat": _arrondi(lat), "lon": _arrondi(lon), "departement": dep,
                 "n": comptes[code]} for code, nom, lat, lon, dep in cursor.fetchall()]


def _dans(info: dict, bbox) -> bool:
    ouest, sud, est, nord = bbox
    return ouest <= info["lon"] <= est and sud <= info["lat"] <= nord


def _enveloppe(bbox):
    from django.contrib.gis.geos import Polygon

    return Polygon.from_bbox(bbox)


# --- grid clusters ----------------------------------------------------------------------------------------------


def grille(selection: Selection, bbox, zoom: float) -> list[dict]:
    """One group per grid cell holding lieux in `bbox`: count and mean position; a lone lieu carries uid, nom and
    what its marker shows (`decrire_lieu`).

    When the selection has a `critere` (mask filters and régions / départements only: what the maintained counts
    also answer), the cells come from an index-only scan of lieu_carte_grille (the points as integers on a 1/65536°
    grid); otherwise from the lieux themselves."""
    taille = taille_cellule(zoom)
    if selection.critere is not None:
        lignes = _cellules_indexees(selection.critere, bbox, taille)
    else:
        lignes = _cellules(selection.lieux, bbox, taille)
    groupes = []
    maintenant = timezone.now()
    fermes = fermes_exceptionnellement([ligne[3] for ligne in lignes if ligne[0] == 1], maintenant)
    for n, lon, lat, uid, nom, *details in lignes:
        groupe = {"n": n, "lat": _arrondi(lat), "lon": _arrondi(lon)}
        if n == 1:
            groupe |= {"uid": uid, "nom": nom} | decrire_lieu(*details, maintenant=maintenant)
            if uid in fermes:  # a temporary closure today (lieux/fermetures_requetes.py)
                groupe |= {"etat": "ferme", "detail": "fermé exceptionnellement"}
        groupes.append(groupe)
    return groupes


def fermes_exceptionnellement(uids, maintenant) -> set[int]:
    """Among `uids`, the lieux a temporary closure closes today (one query on a small table)."""
    from lieux.fermetures import FERMETURE
    from lieux.fermetures_requetes import periodes_du_jour

    if not uids:
        return set()
    periodes = periodes_du_jour(uids, timezone.localdate(maintenant))
    return {uid for uid, periode in periodes.items() if periode.type == FERMETURE}


def decrire_lieu(horaires, code_postal, dispositifs, prise_rdv, modalites_acces, *, maintenant) -> dict:
    """What a lone lieu's marker shows: open now or not, France Services, Conseiller numérique, online booking."""
    etat = affichage_horaires.etat(horaires or "", maintenant, affichage_horaires.fuseau(code_postal))
    dispositifs = dispositifs or []
    return {
        "etat": "ouvert" if etat.ouvert else "ferme" if etat.ouvert is False else "inconnu",
        "detail": etat.detail,
        "france_services": "France Services" in dispositifs,
        "conseiller_numerique": "Conseillers numériques" in dispositifs,
        "rdv": bool(prise_rdv) or "Prendre un RDV en ligne" in (modalites_acces or []),
    }


def _cellules(queryset, bbox, taille: float) -> list[tuple]:
    interne = (
        queryset.dans_bbox(*bbox).order_by()
        .annotate(g=Cast("localisation", PointField(srid=4326))).values_list("uid", "g", "nom", *DETAILS_LIEU)
    )
    sql, params = interne.query.sql_with_params()
    with connection.cursor() as cursor:
        # a lone lieu's name and marker details come with its cell (no second query with an IN list of every lone uid)
        cursor.execute(
            f"""SELECT count(*), avg(ST_X(t.g)), avg(ST_Y(t.g)), min(t.uid),
                       CASE WHEN count(*) = 1 THEN min(t.nom) END,
                       {", ".join(f"CASE WHEN count(*) = 1 THEN min(t.{c}) END" for c in DETAILS_LIEU)}
                FROM ({sql}) t GROUP BY ST_SnapToGrid(t.g, %s) ORDER BY 1 DESC, 4""",
            (*params, taille),
        )
        return cursor.fetchall()


def _cellules_indexees(critere, bbox, taille: float) -> list[tuple]:
    """The same cells as `_cellules` (rounded to the nearest multiple of `taille`, as ST_SnapToGrid does), counted
    on the grid columns; a lone lieu's exact point and name are read by its primary key."""
    ouest, sud, est, nord = bbox
    pas = taille * GRILLE_PAR_DEGRE  # a cell's side, in grid steps
    # one index range per band of latitude (= ANY: a scan per band), x and y bounded inside it
    bandes = list(range(math.floor((sud + 90) * GRILLE_BANDES_PAR_DEGRE),
                        math.floor((nord + 90) * GRILLE_BANDES_PAR_DEGRE) + 1))
    conditions = [comptes.ACTIF_LOCALISE, "grille_bande = ANY(%s::smallint[])", "grille_x BETWEEN %s AND %s",
                  "grille_y BETWEEN %s AND %s"]
    params: list = [bandes, math.floor((ouest + 180) * GRILLE_PAR_DEGRE), math.floor((est + 180) * GRILLE_PAR_DEGRE),
                    math.floor((sud + 90) * GRILLE_PAR_DEGRE), math.floor((nord + 90) * GRILLE_PAR_DEGRE)]
    for bits in critere.masques:
        conditions.append("masque_carte & %s <> 0")
        params.append(bits)
    for colonne, codes in (("region_id", critere.regions), ("departement_id", critere.departements)):
        if codes is not None:
            conditions.append(f"{colonne} = ANY(%s)")
            params.append(list(codes))
    # origin of ST_SnapToGrid is (0, 0): grid x of longitude 0 is 180 * GRILLE_PAR_DEGRE
    cellule_x = f"floor((grille_x - {180 * GRILLE_PAR_DEGRE} + 0.5::float8) / %s::float8 + 0.5::float8)"
    cellule_y = f"floor((grille_y - {90 * GRILLE_PAR_DEGRE} + 0.5::float8) / %s::float8 + 0.5::float8)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH cellules AS (
                    SELECT count(*) AS n, avg(grille_x) AS gx, avg(grille_y) AS gy, min(uid) AS uid
                    FROM lieux_lieu WHERE {' AND '.join(conditions)}
                    GROUP BY {cellule_x}, {cellule_y}
                )
                SELECT c.n,
                       CASE WHEN c.n = 1 THEN ST_X(l.localisation::geometry)
                            ELSE (c.gx + 0.5) / {GRILLE_PAR_DEGRE} - 180 END,
                       CASE WHEN c.n = 1 THEN ST_Y(l.localisation::geometry)
                            ELSE (c.gy + 0.5) / {GRILLE_PAR_DEGRE} - 90 END,
                       c.uid, l.nom, {", ".join("l." + c for c in DETAILS_LIEU)}
                FROM cellules c LEFT JOIN lieux_lieu l ON c.n = 1 AND l.uid = c.uid
                ORDER BY 1 DESC, 4""",
            (*params, pas, pas),
        )
        return [(n, float(lon), float(lat), uid, nom, *details)
                for n, lon, lat, uid, nom, *details in cursor.fetchall()]


# --- one entry point ----------------------------------------------------------------------------------------------


def agreger(selection: Selection, niveau: str, *, territoire=None, bbox=None, zoom=None,
            cle: str | None = None) -> dict:
    """The answer of the aggregation endpoint: {niveau, total, groupes[, taille]}, cached when `cle` is given.

    `territoire` is the selected (niveau, code) whose children are counted; without it, `bbox` bounds the
    départements, communes and grid cells. `cle` must describe the selection's filters (FiltresLieux.cle(), "" when
    there is none); without `cle` nothing is cached.
    """
    if niveau not in NIVEAUX:
        raise ValueError(f"niveau inconnu : {niveau}")
    duree = getattr(settings, "CARTE_CACHE_SECONDES", 60)
    cle_cache = None
    if cle is not None and duree:
        # the box only matters where it bounds the groups, the zoom where it sizes the cells
        parent = territoire[0] if territoire else None
        par_enfants = niveau == "region" or (niveau, parent) in (("departement", "region"), ("commune", "departement"))
        boite = None if par_enfants or bbox is None else [round(v, 4) for v in bbox]
        brut = f"{niveau}|{territoire}|{boite}|{zoom if niveau == 'grille' else ''}|{cle}"
        cle_cache = "carte-agregat:" + hashlib.sha1(brut.encode()).hexdigest()
        if (reponse := cache.get(cle_cache)) is not None:
            return reponse
    parent_niveau, parent_code = territoire or (None, None)
    if niveau == "region":
        groupes = par_region(selection)
    elif niveau == "departement":
        groupes = par_departement(selection, region=parent_code if parent_niveau == "region" else None, bbox=bbox)
    elif niveau == "commune":
        dep = parent_code if parent_niveau == "departement" else None
        groupes = par_commune(selection, departement=dep, bbox=None if dep else bbox)
    else:
        if bbox is None or zoom is None:
            raise ValueError("le niveau « grille » demande une emprise (bbox) et un zoom")
        groupes = grille(selection, bbox, zoom)
    reponse = {"niveau": niveau, "total": sum(g["n"] for g in groupes), "groupes": groupes}
    if niveau == "grille":
        reponse["taille"] = round(taille_cellule(zoom), 6)
    if cle_cache:
        cache.set(cle_cache, reponse, duree)
    return reponse


def emprise_de(niveau: str, code: str):
    """[ouest, sud, est, nord] of a territory (for fitBounds), or None."""
    if niveau in ("region", "departement"):
        return territoires(niveau).get(code, {}).get("bbox")
    geom = Commune.objects.filter(code=code).values_list("geom", flat=True).first()
    return [round(v, 4) for v in geom.extent] if geom else None


def zoom_pour_emprise(bbox, largeur_px: int = 800, hauteur_px: int = 600) -> int:
    """The zoom at which `bbox` fits a map of that size (what Leaflet's fitBounds would pick)."""
    ouest, sud, est, nord = bbox
    dx = max(est - ouest, 1e-6)
    y = lambda lat: math.log(math.tan(math.pi / 4 + math.radians(max(min(lat, 85), -85)) / 2))  # noqa: E731
    dy = max(y(nord) - y(sud), 1e-6)
    zx = math.log2(largeur_px * 360 / (256 * dx))
    zy = math.log2(hauteur_px * 2 * math.pi / (256 * dy))
    return max(0, min(18, math.floor(min(zx, zy))))
