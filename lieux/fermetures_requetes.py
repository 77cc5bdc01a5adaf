"""« Is it open » at query time, on top of the weekly projection (lieux/projections/ouvertures.py): temporary
closures, exceptional hours and public holidays of the dates asked. Nothing is precomputed, so a lieu comes back by
itself once its closure is over.

    condition_disponibles(prefixe, maintenant=t, creneaux=[(5, 540, 720)], inconnus=False, reference=t)

1. The weekly projection answers with ONE `creneaux && …` test (GiST), as before; a slot (« samedi matin ») is now
   the coming Saturday from `reference`: when that day is a public holiday of a time zone's calendar, the lieux of
   that zone with a `PH` rule are asked their holiday hours instead of Saturday's.
2. The lieux the projection cannot answer for those dates are taken out in SQL: those with a closure or exceptional
   hours covering one of the dates asked (`lieux_fermeturetemporaire`, a few rows, index (lieu, debut, fin) and a
   GiST daterange), and, on a holiday of Alsace-Moselle only (Vendredi saint, 26 décembre), its lieux with a `PH`
   rule (the Paris time zone's key does not know the holiday).
3. Those few lieux are answered one by one in Python (lieux/fermetures.py) and the available ones added back.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from lieux import feries
from lieux import fermetures as regles
from lieux import horaires as h

_ALSACE_MOSELLE = r"^(57|67|68)"


# --- keys of the weekly projection for dated slots ------------------------------------------------------------------


def cles_pendant_datees(creneaux, reference: dt.datetime) -> list[h.Intervalle]:
    """Like horaires.cles_pendant (typical week, both parities), except that the lieux with a `PH` rule are asked
    their holiday hours on a slot's coming date when it is a public holiday in their time zone."""
    cles = []
    for nom in h.ZONES:
        base, calendrier = h.bande(nom), feries.calendrier_du_fuseau(nom)
        local = h.heure_locale(reference, ZoneInfo(nom))
        for jour, debut, fin in creneaux:
            cles += [(base + a, base + b) for a, b in h.cles_creneau(jour, debut, fin)]
            for date in regles.dates_du_creneau(jour, fin, local):
                if feries.est_ferie(date, calendrier):
                    a = 0 if debut is None else debut
                    b = h.MINUTES_JOUR if fin is None or fin <= a else fin
                    cles.append((base + h.DEBUT_FERIES + a, base + h.DEBUT_FERIES + b))
                else:
                    cles += [(base + h.DECALAGE_PH + a, base + h.DECALAGE_PH + b)
                             for a, b in h.cles_creneau(date.weekday(), debut, fin)]
    return h.fusionner(cles)


# --- the dates asked ------------------------------------------------------------------------------------------------


def dates_demandees(maintenant: dt.datetime | None, creneaux, reference: dt.datetime) -> set[dt.date]:
    """Every local date asked, in any time zone (a superset for each lieu: the exact ones are checked in Python)."""
    dates = set()
    for nom in h.ZONES:
        zone = ZoneInfo(nom)
        if maintenant is not None:
            dates.add(h.heure_locale(maintenant, zone).date())
        local = h.heure_locale(reference, zone)
        for jour, _debut, fin in creneaux:
            dates.update(regles.dates_du_creneau(jour, fin, local))
    return dates


# --- the lieux the projection cannot answer -------------------------------------------------------------------------


def _q_alsace_ph(prefixe: str) -> Q:
    """Lieux of Alsace-Moselle with a `PH` rule (`prefixe`: "ouverture__" on lieux, "" on Ouverture rows)."""
    cp = "code_postal" if prefixe else "lieu__code_postal"
    return Q(**{f"{prefixe}regle_feries": True, f"{cp}__regex": _ALSACE_MOSELLE})


def _lieux_a_examiner(dates: set[dt.date], prefixe: str) -> tuple[dict[int, list[regles.Periode]], bool]:
    """({lieu uid: its declarations covering the dates}, whether Alsace-Moselle's own holidays are asked)."""
    from lieux.models import FermetureTemporaire

    periodes: dict[int, list[regles.Periode]] = defaultdict(list)
    premier, dernier = min(dates), max(dates)
    lignes = FermetureTemporaire.objects.couvrant(premier, dernier).order_by("cree_le").values_list(
        "lieu_id", "debut", "fin", "type", "horaires", "message")
    for lieu_id, *valeurs in lignes:
        periodes[lieu_id].append(regles.Periode(*valeurs))
    alsace = any(feries.propre_a_alsace_moselle(d) for d in dates)
    return dict(periodes), alsace


def _toutes_fermees(periodes, dates) -> bool:
    return all(any(p.type == regles.FERMETURE and p.couvre(d) for p in periodes) for d in dates)


def _disponibles_parmi(uids, periodes, maintenant, creneaux, reference, inconnus) -> list[int]:
    from lieux.models import Lieu

    retenus = []
    for uid, horaires, code_postal in Lieu.objects.filter(uid__in=uids).values_list("uid", "horaires",
                                                                                      "code_postal"):
        zone = ZoneInfo(h.fuseau_de(code_postal))
        if regles.disponible(horaires, periodes.get(uid, ()), feries.calendrier_de(code_postal), zone,
                             maintenant, creneaux, reference, inconnus):
            retenus.append(uid)
    return retenus


def corriger(condition: Q, prefixe: str, maintenant: dt.datetime | None, creneaux, inconnus: bool,
             reference: dt.datetime | None = None) -> Q:
    """`condition` (the weekly projection's) with the lieux it cannot answer for the dates asked taken out, and
    those of them available on those dates put back."""
    reference = reference or maintenant or timezone.now()
    dates = dates_demandees(maintenant, creneaux, reference)
    if not dates:
        return condition
    periodes, alsace = _lieux_a_examiner(dates, prefixe)
    if not periodes and not alsace:
        return condition
    from lieux.models import FermetureTemporaire

    # both conditions on lieux_ouverture (its primary key, not lieux_lieu's): PostgreSQL ORs two index scans
    champ = f"{prefixe}lieu_id"
    exclus = Q(**{f"{champ}__in": FermetureTemporaire.objects.couvrant(min(dates), max(dates)).values("lieu_id")})
    if alsace:
        exclus |= _q_alsace_ph(prefixe)
    a_evaluer = [uid for uid, ps in periodes.items() if not _toutes_fermees(ps, dates)]
    if alsace:
        a_evaluer += _uids_alsace_ph()
    remis = _disponibles_parmi(set(a_evaluer), periodes, maintenant, creneaux, reference, inconnus)
    return (condition & ~exclus) | Q(**{f"{champ}__in": remis})


def _uids_alsace_ph() -> list[int]:
    from lieux.models import Lieu

    return list(Lieu.objects.filter(_q_alsace_ph("ouverture__")).values_list("uid", flat=True))


# --- one lieu, for pages ----------------------------------------------------------------------------------------------


def periodes_du_jour(uids, jour: dt.date) -> dict[int, regles.Periode]:
    """{uid: the declaration ruling `jour`} for these lieux (one query)."""
    from lieux.models import FermetureTemporaire

    par_lieu: dict[int, list[regles.Periode]] = defaultdict(list)
    for fermeture in FermetureTemporaire.objects.filter(lieu_id__in=list(uids)).couvrant(jour).order_by("cree_le"):
        par_lieu[fermeture.lieu_id].append(regles.periode_de(fermeture))
    return {uid: p for uid, ps in par_lieu.items() if (p := regles.periode_du_jour(ps, jour)) is not None}
