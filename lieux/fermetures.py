"""Rules of temporary closures, exceptional hours and public holidays: is a lieu open at an instant, or during a
slot of a given day? Plain functions on plain values (unit tests: tests/test_fermetures.py).

On a day D (the lieu's local date):
1. a closure (`fermeture`) covering D: closed all day;
2. else exceptional hours covering D: that day's hours are those of their OSM text (weekly hours ignored);
3. else the weekly hours, with the OSM `PH` rule on the public holidays of the lieu's calendar (lieux/feries.py):
   `PH off` closes, `PH 10:00-12:00` gives those hours, no `PH` rule leaves the weekly hours.
When several declarations cover D, a closure wins over exceptional hours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from lieux import feries
from lieux import horaires as h

FERMETURE = "fermeture"
HORAIRES_EXCEPTIONNELS = "horaires_exceptionnels"
PREAVIS_BANDEAU = dt.timedelta(days=14)  # the lieu page announces a closure this long before it starts

Intervalle = tuple[int, int]


@dataclass(frozen=True)
class Periode:
    """A declared closure or exceptional hours, as the rules see it (dates included at both ends)."""

    debut: dt.date
    fin: dt.date
    type: str = FERMETURE
    horaires: str = ""
    message: str = ""

    def couvre(self, jour: dt.date) -> bool:
        return self.debut <= jour <= self.fin


def periode_du_jour(periodes, jour: dt.date) -> Periode | None:
    """The declaration that rules `jour`: a closure first, else exceptional hours, else None."""
    couvrantes = [p for p in periodes if p.couvre(jour)]
    for p in couvrantes:
        if p.type == FERMETURE:
            return p
    return couvrantes[-1] if couvrantes else None


@lru_cache(maxsize=8192)
def _intervalles_osm(texte: str, jour: dt.date, calendrier: str) -> tuple[Intervalle, ...] | None:
    """Open intervals of an OSM text on `jour` (minutes of the day), public holidays of `calendrier` applied;
    None when the text gives no hours (empty, unreadable, a lone comment)."""
    texte = (texte or "").strip()
    if not texte or h.commentaire_seul(texte):
        return None
    try:
        expression = h.lire(texte)
    except ValueError:
        return None
    ferie = feries.est_ferie(jour, calendrier)
    connu_de_la_bibliotheque = h.est_ferie(jour)
    if h.a_regle_feries(texte) and ferie != connu_de_la_bibliotheque:
        if ferie:  # a holiday opening-hours-py does not know (Alsace-Moselle, overseas): the PH hours
            return h.analyser(texte, jour).feries or ()
        # the library's holiday is not one here: the same weekday of a week without holiday
        return _jour_ordinaire(expression, jour)
    return h.intervalles_jour(expression, jour)


def _jour_ordinaire(expression, jour: dt.date) -> tuple[Intervalle, ...]:
    for semaines in (2, -2, 4, -4):
        autre = jour + dt.timedelta(weeks=semaines)
        if not h.est_ferie(autre):
            return h.intervalles_jour(expression, autre)
    return h.intervalles_jour(expression, jour)


def intervalles_du_jour(horaires: str | None, jour: dt.date, periodes=(), calendrier: str = feries.METROPOLE
                        ) -> tuple[Intervalle, ...] | None:
    """The lieu's open intervals on `jour` (minutes of its local day); None when its hours are unknown."""
    periode = periode_du_jour(periodes, jour)
    if periode is not None and periode.type == FERMETURE:
        return ()
    if periode is not None:
        return _intervalles_osm(periode.horaires, jour, calendrier) or ()
    return _intervalles_osm(horaires or "", jour, calendrier)


def est_ouvert(horaires: str | None, instant: dt.datetime, periodes=(), calendrier: str = feries.METROPOLE,
               fuseau: ZoneInfo = h.PARIS) -> bool | None:
    """Open at `instant` (the lieu in `fuseau`)? None when its hours are unknown and no declaration rules the day."""
    local = h.heure_locale(instant, fuseau)
    intervalles = intervalles_du_jour(horaires, local.date(), periodes, calendrier)
    if intervalles is None:
        return None
    minute = local.hour * 60 + local.minute
    return any(a <= minute < b for a, b in intervalles)


def ouvert_pendant(horaires: str | None, jour: dt.date, debut: int | None, fin: int | None, periodes=(),
                   calendrier: str = feries.METROPOLE) -> bool | None:
    """Open at some point of [debut, fin) (minutes; None: the whole day) on `jour`? None when unknown."""
    intervalles = intervalles_du_jour(horaires, jour, periodes, calendrier)
    if intervalles is None:
        return None
    debut = 0 if debut is None else debut
    fin = h.MINUTES_JOUR if fin is None else fin
    return any(a < fin and debut < b for a, b in intervalles)


def date_du_creneau(jour_semaine: int, fin: int | None, maintenant: dt.datetime) -> dt.date:
    """« Samedi matin » asked now: the coming Saturday — today if it is Saturday and the slot has not ended yet."""
    fin = h.MINUTES_JOUR if fin is None else fin
    aujourd_hui = maintenant.date()
    ecart = (jour_semaine - aujourd_hui.weekday()) % 7
    if ecart == 0 and maintenant.hour * 60 + maintenant.minute >= fin:
        ecart = 7
    return aujourd_hui + dt.timedelta(days=ecart)


def dates_du_creneau(jour_semaine: int | None, fin: int | None, maintenant: dt.datetime) -> list[dt.date]:
    """The dates a slot asks about from `maintenant` (naive local time): one day, or the coming seven days."""
    jours = range(7) if jour_semaine is None else [jour_semaine]
    return sorted(date_du_creneau(j, fin, maintenant) for j in jours)


def disponible(horaires: str | None, periodes, calendrier: str, fuseau: ZoneInfo, maintenant: dt.datetime | None,
               creneaux, reference: dt.datetime, inconnus: bool) -> bool:
    """The orientation's « Disponibilité » for one lieu: open at `maintenant` OR during one of `creneaux`
    ((jour | None, debut | None, fin | None) on their coming dates from `reference`); unknown hours count when
    `inconnus`."""
    reponses = []
    if maintenant is not None:
        reponses.append(est_ouvert(horaires, maintenant, periodes, calendrier, fuseau))
    local = h.heure_locale(reference, fuseau)
    for jour, debut, fin in creneaux:
        for date in dates_du_creneau(jour, fin, local):
            reponses.append(ouvert_pendant(horaires, date, debut, fin, periodes, calendrier))
    return any(r is True for r in reponses) or (inconnus and any(r is None for r in reponses))


# --- declaring -----------------------------------------------------------------------------------------------------


def erreurs_declaration(debut, fin, type_, horaires: str, message: str) -> dict[str, str]:
    """French messages per field for a declaration that cannot be recorded ({} when it can)."""
    erreurs = {}
    if debut and fin and fin < debut:
        erreurs["fin"] = "Le dernier jour doit être le premier jour ou après."
    if debut and fin and (fin - debut).days > 366:
        erreurs["fin"] = "Une fermeture temporaire dure au plus un an."
    if type_ == HORAIRES_EXCEPTIONNELS:
        texte = (horaires or "").strip()
        if not texte:
            erreurs["horaires"] = "Indiquez les horaires de ces jours-là, par exemple 10:00-12:00."
        elif h.analyser(texte).etat != h.RENSEIGNES:
            erreurs["horaires"] = ("Horaires illisibles : écrivez-les au format OpenStreetMap, "
                                   "par exemple 10:00-12:00 ou Mo-Fr 14:00-17:00.")
    if message and ("<" in message or ">" in message):
        erreurs["message"] = "Le message est un texte simple : sans < ni >."
    return erreurs


# --- saying it (French dates) -------------------------------------------------------------------------------------

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def _jour(d: dt.date, mois: bool = True, annee: bool = True) -> str:
    numero = "1er" if d.day == 1 else str(d.day)
    texte = f"{h.JOURS[d.weekday()]} {numero}"
    if mois:
        texte += f" {MOIS[d.month - 1]}"
    if annee:
        texte += f" {d.year}"
    return texte


def dates_en_francais(debut: dt.date, fin: dt.date) -> str:
    """« du samedi 5 au lundi 7 décembre 2026 », « le samedi 5 décembre 2026 »."""
    if debut == fin:
        return f"le {_jour(debut)}"
    meme_annee = debut.year == fin.year
    meme_mois = meme_annee and debut.month == fin.month
    return f"du {_jour(debut, mois=not meme_mois, annee=not meme_annee)} au {_jour(fin)}"


def annonce(periode: Periode) -> str:
    """« Fermé du samedi 5 au lundi 7 décembre 2026 : congés » (the lieu page's banner)."""
    if periode.type == FERMETURE:
        texte = f"Fermé {dates_en_francais(periode.debut, periode.fin)}"
    else:
        texte = f"Horaires exceptionnels {dates_en_francais(periode.debut, periode.fin)} ({periode.horaires})"
    return f"{texte} : {periode.message}" if periode.message else texte


def a_annoncer(periodes, aujourd_hui: dt.date, preavis: dt.timedelta = PREAVIS_BANDEAU) -> list[Periode]:
    """The declarations the lieu page announces today: under way, or starting within `preavis`."""
    return sorted((p for p in periodes if p.fin >= aujourd_hui and p.debut <= aujourd_hui + preavis),
                  key=lambda p: (p.debut, p.fin))


def periode_de(fermeture) -> Periode:
    """A FermetureTemporaire row (or any object with the same attributes) as a Periode."""
    return Periode(fermeture.debut, fermeture.fin, fermeture.type, fermeture.horaires or "", fermeture.message or "")
