"""The lieux matching an orientation: one queryset for the live counts, the result list and the printable fiche.

Shared filters go through `lieux.filtres.FiltresLieux.filtrer` (as on the map), the point through the GiST index
(`ST_DWithin`), the ranking through KNN (`<->`), the availability through the precomputed multirange
(lieux/models/ouverture.py). No Python loop over lieux.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lieux.models import Lieu
from lieux.models.ouverture import Ouverture, disponibles
from orientation.etat import Orientation

PAR_PAGE = 20


def instant_courant() -> dt.datetime:
    """Now, rounded down to the quarter hour (as the map does: equal searches give equal answers)."""
    maintenant = timezone.now()
    return maintenant.replace(minute=maintenant.minute - maintenant.minute % 15, second=0, microsecond=0)


def lieux(orientation: Orientation, instant: dt.datetime | None = None):
    qs = orientation.filtres.filtrer(Lieu.objects.actifs().localises(), territoire=False, bbox=False)
    if orientation.disponibilite:
        qs = disponibles(
            qs,
            maintenant=(instant or instant_courant()) if orientation.maintenant else None,
            creneaux=[c.pour_sql() for c in orientation.creneaux],
            inconnus=not orientation.horaires_connus,
        )
    elif orientation.horaires_connus:
        qs = qs.filter(ouverture__etat=Ouverture.Etat.RENSEIGNES)
    return qs


def compter(orientation: Orientation, instant: dt.datetime | None = None) -> int:
    return lieux(orientation, instant).count()


def page_de_resultats(orientation: Orientation, page: int = 1, instant: dt.datetime | None = None,
                      par_page: int = PAR_PAGE) -> tuple[list[Lieu], bool]:
    """(lieux of the page, nearest first when a point is set; whether a next page exists)."""
    qs = lieux(orientation, instant).select_related("ouverture")
    if orientation.point is not None:
        qs = qs.par_distance(orientation.point)
    else:
        qs = qs.order_by("code_postal", "nom", "uid")
    debut = (page - 1) * par_page
    tranche = list(qs[debut:debut + par_page + 1])
    return tranche[:par_page], len(tranche) > par_page


def choisis(uids: list[int], orientation: Orientation) -> list[Lieu]:
    """The lieux picked for the fiche, in the order given, with their distance to the searched point."""
    qs = Lieu.objects.actifs().filter(uid__in=uids).select_related("ouverture")
    if orientation.point is not None:
        qs = qs.par_distance(orientation.point)
    trouves = {lieu.uid: lieu for lieu in qs}
    return [trouves[u] for u in uids if u in trouves]
