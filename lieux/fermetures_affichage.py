"""What pages say of a lieu's state when a declaration rules today: « Fermé exceptionnellement », exceptional hours;
and the lieu page's banner (« Fermé du samedi 5 au lundi 7 décembre 2026 : congés »)."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.utils import timezone

from lieux import affichage_horaires, feries
from lieux import fermetures as regles
from lieux import horaires as h
from lieux.fermetures_requetes import periodes_du_jour

FERME_EXCEPTIONNELLEMENT = "Fermé exceptionnellement"
DUREE_CACHE = 60  # seconds, as the map's answers (CARTE_CACHE_SECONDES)


def uids_du_jour(jour: dt.date, dernier: dt.date | None = None) -> frozenset[int]:
    """The lieux having a declaration covering `jour` (or a day up to `dernier`), kept a minute in the process's
    cache (a list of 20 cards asks once, not once per card); any save or delete of a declaration starts a new
    generation of keys."""
    from lieux.models import FermetureTemporaire
    from lieux.models.fermetures import generation

    cle = f"fermetures-du-jour:{jour.isoformat()}:{dernier}:{generation()}"
    uids = cache.get(cle)
    if uids is None:
        uids = frozenset(FermetureTemporaire.objects.couvrant(jour, dernier).values_list("lieu_id", flat=True))
        cache.set(cle, uids, DUREE_CACHE)
    return uids


def etat(uid: int, horaires: str, code_postal: str | None, maintenant: dt.datetime | None = None, zone=None,
         periodes: dict | None = None) -> affichage_horaires.Etat:
    """affichage_horaires.etat, unless a closure or exceptional hours rule the lieu's day (`periodes`: the result of
    fermetures_requetes.periodes_du_jour for a batch of lieux; looked up for this lieu when None)."""
    maintenant = maintenant or timezone.now()
    zone = zone or affichage_horaires.fuseau(code_postal)
    jour = h.heure_locale(maintenant, zone).date()
    if periodes is None:
        periodes = periodes_du_jour([uid], jour) if uid in uids_du_jour(jour) else {}
    periode = periodes.get(uid)
    if periode is None:
        return affichage_horaires.etat(horaires, maintenant, zone)
    if periode.type == regles.FERMETURE:
        detail = f"jusqu'au {regles.dates_en_francais(periode.fin, periode.fin)[3:]} inclus"
        return affichage_horaires.Etat(False, FERME_EXCEPTIONNELLEMENT,
                                       f"{detail} : {periode.message}" if periode.message else detail)
    ouvert = regles.est_ouvert(horaires, maintenant, [periode], feries.calendrier_de(code_postal), zone)
    return affichage_horaires.Etat(ouvert, "Ouvert" if ouvert else "Fermé",
                                   f"horaires exceptionnels aujourd'hui : {periode.horaires}")


def bandeaux(lieu, aujourd_hui: dt.date | None = None) -> list[str]:
    """The lieu page's announcements: closures under way or starting within two weeks."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    if lieu.uid not in uids_du_jour(aujourd_hui, aujourd_hui + regles.PREAVIS_BANDEAU):
        return []
    periodes = [regles.periode_de(f) for f in lieu.fermetures.en_cours_ou_a_venir(aujourd_hui)]
    return [regles.annonce(p) for p in regles.a_annoncer(periodes, aujourd_hui)]
