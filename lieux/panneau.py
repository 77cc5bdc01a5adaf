"""The side panel of the map (/carte/, /carte/panneau/ and the embedded map): its context — counts by territory,
the nearest lieux page by page, filter chips, the status sentence — and the filter form. Not a view module: the
site's views (lieux/views/page_carte.py) and the embed's (embed/views/carte.py) both build their page from it.

The GET query string is the whole state (territory, filters, map view, page), so the page works without JavaScript
(the side panel is the accessible view) and every state is a shareable URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.gis.geos import Point
from django.utils import timezone

from lieux import agregation
from lieux.filtres import PARAMETRES_LISTES, PARAMETRES_OUI, FiltresLieux
from lieux.models import Lieu
from lieux.pagination import decouper, numero_de_page
from lieux.parametres import Puce
from lieux.presentation import carte_lieu, fil_ariane, parametres_territoire

PAR_PAGE = 10
PAGE_MAX = 1000  # 10,000 lieux sorted by distance: further, a person narrows the search
CENTRE_FRANCE = (46.6, 2.4)  # lat, lon
DROM = ("01", "02", "03", "04", "06")
MA_POSITION = "votre position"  # the « adresse » carte.js sends with the point found by « Me localiser »


@dataclass
class Vue:
    """The map view sent by carte.js (absent without JavaScript)."""

    zoom: int | None = None
    centre: Point | None = None

    @classmethod
    def lire(cls, get) -> Vue:
        vue = cls()
        try:
            vue.zoom = max(0, min(20, round(float(get.get("zoom", "")))))
        except (ValueError, OverflowError):  # « inf » overflowed round() into a 500 once; « nan » is a ValueError
            pass
        try:
            lat, lon = (float(x) for x in get.get("centre", "").split(","))
            if abs(lat) <= 90 and abs(lon) <= 180:
                vue.centre = Point(lon, lat, srid=4326)
        except ValueError:
            pass
        return vue


def contexte_panneau(request, filtres: FiltresLieux, vue: Vue) -> dict:
    territoire = filtres.territoire_selectionne()
    niveau_enfants = agregation.ENFANT[filtres.territoire[0] if territoire else None]
    lieux = filtres.filtrer(Lieu.objects.actifs(), territoire=bool(territoire), bbox=False)
    base = filtres.params()
    enfants = None
    if niveau_enfants != "grille":
        selection = filtres.selection(territoire=bool(territoire), bbox=False)
        enfants = agregation.agreger(selection, niveau_enfants,
                                     territoire=filtres.territoire if territoire else None, cle=filtres.cle())
        for groupe in enfants["groupes"]:
            groupe["lien"] = "?" + urlencode(base + [(niveau_enfants, groupe["code"])])
        total = enfants["total"]
    else:
        total = lieux.count()
    # the list: lieux in the visible map (carte.js sends bbox), nearest first from the searched point or the centre
    if filtres.bbox and vue.zoom is not None:
        lieux = lieux.dans_bbox(*filtres.bbox)
    reference = filtres.point or vue.centre or (territoire.point if territoire else None) or Point(
        CENTRE_FRANCE[1], CENTRE_FRANCE[0], srid=4326)
    page = decouper(lieux.localises().par_distance(reference), numero_de_page(request.GET, PAGE_MAX), PAR_PAGE)
    maintenant = timezone.now()
    cartes = [carte_lieu(lieu, maintenant) | _dispositifs(lieu) for lieu in page.elements]
    if filtres.point is None:
        # the order follows the map's centre or the territory's: a distance from there would mean nothing to anyone
        for c in cartes:
            c["distance"] = ""
    puces = filtres.puces(autres=parametres_territoire(filtres))
    adresse = request.GET.get("adresse", "")[:200]
    nom = territoire.nom if territoire else ""
    return {
        "filtres": filtres,
        "puces": puces,
        "resume_filtres": resume_filtres(puces),
        "statut": message_statut(total, nom, puces, autour=_autour(filtres, adresse)),
        "titre_document": f"Autour {_autour(filtres, adresse)}" if _autour(filtres, adresse) else nom,
        "ma_position": filtres.point is not None and adresse == MA_POSITION,
        "territoire": territoire,
        "niveau": filtres.territoire[0] if territoire else None,
        "fil_ariane": fil_ariane(territoire, base),
        "enfants": enfants,
        "niveau_enfants": niveau_enfants,
        "total": total,
        "lieux": cartes,
        "page": page.numero,
        "premier_rang": page.premier_rang,
        **page.liens([(k, v) for k, vs in request.GET.lists() for v in vs]),
        "reference_est_recherche": filtres.point is not None,
        "adresse": adresse,
        "dans_la_vue": bool(filtres.bbox and vue.zoom is not None),
    }


def _dispositifs(lieu) -> dict:
    """France Services and Conseiller numérique: shown on the list as on the map's markers."""
    dispositifs = lieu.dispositif_programmes_nationaux or []
    return {"france_services": "France Services" in dispositifs,
            "conseiller_numerique": "Conseillers numériques" in dispositifs}


def _libelles(puces: list[Puce], n: int) -> str:
    libelles = [p.libelle for p in puces]
    if len(libelles) <= n:
        return ", ".join(libelles[:-1]) + (" et " if len(libelles) > 1 else "") + (libelles[-1] if libelles else "")
    reste = len(libelles) - n
    return ", ".join(libelles[:n]) + f" et {reste} autre{'s' if reste > 1 else ''}"


def resume_filtres(puces: list[Puce]) -> str:
    """One line above the collapsed filter form: what is filtered now."""
    if not puces:
        return "Aucun filtre : tous les lieux sont affichés."
    return f"Filtre{'s' if len(puces) > 1 else ''} : {_libelles(puces, 3)}"


def _autour(filtres: FiltresLieux, adresse: str) -> str:
    """« de votre position » or « de « 3 rue… » »: the searched point the list is sorted from, or ""."""
    if filtres.point is None or not adresse:
        return ""
    return "de votre position" if adresse == MA_POSITION else f"de « {adresse} »"


def message_statut(total: int, territoire: str, puces: list[Puce], autour: str = "") -> str:
    """The short sentence read out after the list changes (« 85 lieux — Maine-et-Loire, filtre : RDV en ligne »)."""
    texte = f"{total:,}".replace(",", "\u202f") + (" lieu" if total == 1 else " lieux")
    texte += f" — {territoire}" if territoire else " en France"
    if autour:
        texte += f", les plus proches {autour}"
    if len(puces) == 1:
        texte += f", filtre : {puces[0].libelle}"
    elif puces:
        texte += f", {len(puces)} filtres"
    return texte if len(texte) <= 150 else texte[:149] + "…"


def formulaire_filtres(filtres: FiltresLieux) -> list[dict]:
    """The filter form's groups: (legend, parameter, [(value, label, checked)])."""
    groupes = []
    for p in PARAMETRES_LISTES:
        if not p.valeurs:
            continue
        choisis = filtres.listes.get(p.nom, [])
        groupes.append({"legende": p.libelle, "nom": p.nom, "ouvert": bool(choisis),
                        "options": [{"valeur": v, "libelle": v, "coche": v in choisis} for v in p.valeurs]})
    disponibilite = [{"valeur": "true", "libelle": p.libelle, "nom": p.nom, "coche": filtres.oui.get(p.nom, False)}
                     for p in PARAMETRES_OUI]
    disponibilite.append({"valeur": "true", "libelle": "Ouvert maintenant", "nom": "ouvert_actuellement",
                          "coche": filtres.ouvert_a is not None})
    return [{"legende": "Disponibilité et accès", "nom": None, "ouvert": any(o["coche"] for o in disponibilite),
             "options": disponibilite}] + groupes
