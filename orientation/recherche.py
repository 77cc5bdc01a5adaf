"""The lieux matching an orientation: one query for the live counts, the result list and the printable fiche.

The query runs on the narrow search rows of lieux/projections/ouvertures.py: the point (`ST_DWithin`), the services,
prises en charge and publics (`valeurs && …`) and the availability (`creneaux && …`) are all conditions of one GiST
index (localisation, creneaux, valeurs); the ranking is KNN (`<->`) on the same index. Other filters handed over by
the map (frais, dispositifs, RDV en ligne…) go through `lieux.filtres.FiltresLieux` on the lieux, as a semi-join.

Counts stop at PLAFOND: « plus de 1 000 lieux » is all a person needs to know, and it keeps dense areas as fast as
sparse ones (a million lieux around Paris would otherwise be counted one by one).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.gis.db.models.functions import Distance, GeometryDistance
from django.contrib.gis.measure import D
from django.http import QueryDict
from django.utils import timezone

from lieux.filtres import FiltresLieux
from lieux.models import Lieu
from lieux.pagination import decouper
from lieux.plans import plan_knn
from lieux.projections.ouvertures import CODES, Ouverture, codes, disponibles
from orientation.etat import Orientation

PAR_PAGE = 20
PAGE_MAX = 500  # 10,000 lieux nearest first: further, a person narrows the search
PLAFOND = 1000
GEO = {"latitude", "longitude", "distance", "near", "radius"}


def instant_courant() -> dt.datetime:
    """Now, rounded down to the quarter hour (as the map does: equal searches give equal answers)."""
    maintenant = timezone.now()
    return maintenant.replace(minute=maintenant.minute - maintenant.minute % 15, second=0, microsecond=0)


def _autres_filtres(orientation: Orientation):
    """The map's filters the orientation does not ask itself (frais, dispositifs, RDV en ligne…), or None."""
    autres = [(n, v) for n, v in orientation.filtres.params() if n not in CODES and n not in GEO]
    if not autres:
        return None
    donnees = QueryDict(mutable=True)
    for nom, valeur in autres:
        donnees.appendlist(nom, valeur)
    return FiltresLieux(donnees)


def ouvertures(orientation: Orientation, instant: dt.datetime | None = None):
    """Search rows (Ouverture) of the active, located lieux matching the orientation."""
    qs = Ouverture.objects.filter(actif=True)
    if orientation.point is not None:
        qs = qs.filter(localisation__dwithin=(orientation.point, D(km=orientation.rayon_km)))
    for champ in CODES:
        valeurs = orientation.filtres.listes.get(champ)
        if valeurs:
            qs = qs.filter(valeurs__chevauche=codes(champ, valeurs))
    if orientation.disponibilite:
        qs = disponibles(qs, maintenant=(instant or instant_courant()) if orientation.maintenant else None,
                         creneaux=[c.pour_sql() for c in orientation.creneaux],
                         inconnus=not orientation.horaires_connus, prefixe="", reference=instant)
    elif orientation.horaires_connus:
        qs = qs.filter(etat=Ouverture.Etat.RENSEIGNES)
    autres = _autres_filtres(orientation)
    if autres is not None:
        qs = qs.filter(lieu__in=autres.filtrer(Lieu.objects.all(), territoire=False, bbox=False).values("uid"))
    if orientation.lieux_permis is not None:  # an embed locked to a territory (embed)
        qs = qs.filter(lieu__in=orientation.lieux_permis.values("uid"))
    return qs


def compter(orientation: Orientation, instant: dt.datetime | None = None, plafond: int = PLAFOND) -> int:
    """How many lieux match, up to `plafond` + 1 (more than `plafond` means « plus de `plafond` »)."""
    with plan_knn():
        return ouvertures(orientation, instant).order_by()[:plafond + 1].count()


def page_de_resultats(orientation: Orientation, page: int = 1, instant: dt.datetime | None = None,
                      par_page: int = PAR_PAGE) -> tuple[list[Lieu], bool]:
    """(lieux of the page, nearest first when a point is set; whether a next page exists)."""
    qs = ouvertures(orientation, instant)
    if orientation.point is not None:
        # KNN alone: a second sort key would make PostgreSQL sort every row in the radius instead of walking the
        # GiST index nearest first and stopping at the page
        qs = qs.annotate(distance=Distance("localisation", orientation.point)).order_by(
            GeometryDistance("localisation", orientation.point))
    else:
        qs = qs.order_by("lieu_id")  # no point: no ranking (the page asks for one); the primary key keeps it cheap
    with plan_knn():
        rangs = decouper(qs.values_list("lieu_id", "distance" if orientation.point is not None else "lieu_id"),
                         page, par_page)
    lieux = Lieu.objects.select_related("ouverture").in_bulk([uid for uid, _ in rangs.elements])
    resultat = []
    for uid, distance in rangs.elements:
        lieu = lieux[uid]
        if orientation.point is not None:
            lieu.distance = distance
        resultat.append(lieu)
    return resultat, rangs.suivante


def choisis(uids: list[int], orientation: Orientation) -> list[Lieu]:
    """The lieux picked for the fiche, in the order given, with their distance to the searched point."""
    qs = Lieu.objects.actifs().filter(uid__in=uids).select_related("ouverture")
    if orientation.point is not None:
        qs = qs.annotate(distance=Distance("localisation", orientation.point))
    trouves = {lieu.uid: lieu for lieu in qs}
    return [trouves[u] for u in uids if u in trouves]
