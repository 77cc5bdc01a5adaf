"""The context of the steering page, of its printable summary and of its embed (embed/ imports this module)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.urls import reverse

from . import calcul
from . import chiffres as ch
from . import presentation as pr
from . import territoires as te

CACHE_SECONDES = 3600


def territoire_et_filtre(request, niveau: str, code: str) -> tuple[te.Territoire, ch.Filtre]:
    t = te.trouver(niveau, code) if niveau in te.NIVEAUX else None
    if t is None:
        raise Http404("Territoire inconnu")
    return t, ch.filtre_de(request.GET)


def territoire_et_chiffres(request, niveau, code):
    t, f = territoire_et_filtre(request, niveau, code)
    return t, ch.chiffres(t, f)


def toutes_les_communes(t: te.Territoire, c: ch.Chiffres) -> pr.Tableau:
    """Every commune of the territory (France: 35 000 rows) for the exports: from the same distances."""
    source = ch.source_distances(t, c.filtre)
    return pr.tableau_communes(c, ch.lignes(t, source, "code") if source else [])


def chiffres_et_tableaux(t: te.Territoire, f: ch.Filtre, comparer: bool = True):
    """The figures and tables of a page. For a precomputed filter they are kept in the cache until the next
    computation (after each import, or `calculer_pilotage`) and at most CACHE_SECONDES: the page then costs a cache
    read. A live combination is computed at each request (bounded to a département's communes)."""
    dernier = calcul.dernier_calcul() if f.cle else None
    cle = f"pilotage:{t.niveau}:{t.code}:{f.cle}:{dernier.pk}:{comparer}" if dernier else None
    if cle and (en_cache := cache.get(cle)) is not None:
        return en_cache
    c = ch.chiffres(t, f)
    resultat = (c, pr.tableaux(c, comparer=comparer))
    if cle:
        cache.set(cle, resultat, CACHE_SECONDES)
    return resultat


def page(request, niveau: str, code: str, comparer: bool = True, embed: bool = False) -> dict:
    t, f = territoire_et_filtre(request, niveau, code)
    c, tableaux = chiffres_et_tableaux(t, f, comparer)
    code_url = t.code or "fr"
    params = f.params
    requete = ("?" + urlencode(params)) if params else ""
    for x in tableaux:
        x.csv = reverse("pilotage:csv", args=[t.niveau, code_url, x.ident]) + requete
    chaine = te.parents(t)
    return {
        "t": t, "c": c, "f": f, "tableaux": tableaux, "erreurs": f.filtres.erreurs,
        "chaine": [(p, pr.url_territoire(p.niveau, p.code, params)) for p in chaine],
        "formulaire": pr.formulaire(f), "requete": requete,
        "precalcules": [x.libelle for x in calcul.FILTRES],
        "url_page": pr.url_territoire(t.niveau, t.code),
        "url_xlsx": reverse("pilotage:xlsx", args=[t.niveau, code_url]) + requete,
        "url_communes_csv": reverse("pilotage:csv", args=[t.niveau, code_url, "communes"]) + requete,
        "url_synthese": reverse("pilotage:synthese", args=[t.niveau, code_url]) + requete,
        "url_geojson": (reverse("pilotage:geojson", args=[t.niveau, code_url]) + requete
                        if te.ENFANTS.get(t.niveau) and c.distances_disponibles else ""),
        "epci": te.epci_du_departement(t) if t.niveau == "departement" and not embed else [],
        "embed": embed,
        "tuiles": {"url": settings.MAP_TILES_URL, "attribution": settings.MAP_TILES_ATTRIBUTION},
    }
