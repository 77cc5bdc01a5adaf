"""A lieu's `horaires` (OpenStreetMap opening_hours) as weekly intervals, and open/closed helpers.

Minutes are wall-clock minutes of the lieu's time zone (Europe/Paris, or its overseas zone). A week starts on Monday
00:00 (minute 0) and ends on Sunday 24:00 (minute 10 080). The opening-hours-py library evaluates each string over
real weeks (French public holidays known), which handles `PH off`, week selectors, ranges past midnight
(`Fr 22:00-02:00`, `We 09:00-09:00`), comments and rule overrides. Strings whose hours change with the season or the
date (`Jul-Aug off`) get the hours of the coming weeks and are flagged `variable`; `manage.py refresh_ouvertures
--perimees` recomputes them.

The precomputed availability (lieux/projections/ouvertures.py) stores one multirange per lieu, in a key space where every
availability question — « ouvert maintenant », « ouvert lundi 14:00–16:00 », several slots OR'ed, unknown hours kept
or not — is ONE `&&` test against a constant multirange, answered by a GiST index:

    bande(fuseau) + [0, 10 080)        even ISO weeks (OSM `week 2-52/2`), lieux without a `PH` rule
    bande(fuseau) + [10 080, 20 160)   odd ISO weeks (`week 1-53/2`), lieux without a `PH` rule
    bande(fuseau) + [20 160, 21 600)   a public holiday (minute of the day), lieux with a `PH` rule
    bande(fuseau) + [21 600, 41 760)   even then odd weeks of lieux with a `PH` rule (not asked on public holidays)
    [INCONNU, INCONNU + 1)             hours not known (empty, unreadable, a lone comment)

with one band of 50 000 per time zone, so that an instant is asked in each zone's own local time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours

from lieux import feries

PARIS = ZoneInfo("Europe/Paris")
MINUTES_JOUR = 24 * 60
MINUTES_SEMAINE = 7 * MINUTES_JOUR
DEBUT_FERIES = 2 * MINUTES_SEMAINE
DECALAGE_PH = DEBUT_FERIES + MINUTES_JOUR
BANDE = 50_000
INCONNU = 1_000_000
CLE_INCONNUE = ((INCONNU, INCONNU + 1),)
# Overseas lieux live in their own time zone (postcode prefix → zone); each zone has its band in the key space.
FUSEAUX = {
    "971": "America/Guadeloupe", "972": "America/Martinique", "973": "America/Cayenne", "974": "Indian/Reunion",
    "975": "America/Miquelon", "976": "Indian/Mayotte", "977": "America/St_Barthelemy", "978": "America/Marigot",
}
ZONES = ("Europe/Paris", *dict.fromkeys(FUSEAUX.values()))
SEMAINES_EXAMINEES = 8  # weeks compared to detect hours that change with the season

JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

RENSEIGNES = "renseignes"
NON_RENSEIGNES = "non_renseignes"
ILLISIBLES = "illisibles"

_COMMENTAIRES = re.compile(r'"[^"]*"')
_REGLE_FERIES = re.compile(r"\bPH\b")

Intervalle = tuple[int, int]


@dataclass(frozen=True)
class Ouvertures:
    """What a `horaires` string says about a typical week."""

    etat: str  # RENSEIGNES | NON_RENSEIGNES | ILLISIBLES
    paire: tuple[Intervalle, ...] = ()  # minutes of the week, even ISO weeks
    impaire: tuple[Intervalle, ...] = ()  # odd ISO weeks
    feries: tuple[Intervalle, ...] | None = None  # minutes of a public holiday; None: no PH rule
    variable: bool = False  # differs between weeks (week parity, season, dates)
    commentaire: str = ""

    @property
    def connues(self) -> bool:
        return self.etat == RENSEIGNES

    def cles(self, fuseau: str = "Europe/Paris") -> list[Intervalle]:
        """The intervals we store for a lieu in `fuseau` (key space in the module docstring)."""
        if not self.connues:
            return list(CLE_INCONNUE)
        semaine = list(self.paire) + [(a + MINUTES_SEMAINE, b + MINUTES_SEMAINE) for a, b in self.impaire]
        base = bande(fuseau)
        if self.feries is None:
            return fusionner((base + a, base + b) for a, b in semaine)
        cles = [(base + DECALAGE_PH + a, base + DECALAGE_PH + b) for a, b in semaine]
        cles += [(base + DEBUT_FERIES + a, base + DEBUT_FERIES + b) for a, b in self.feries]
        return fusionner(cles)


def fuseau_de(code_postal: str | None) -> str:
    return FUSEAUX.get((code_postal or "")[:3], "Europe/Paris")


def bande(fuseau: str) -> int:
    return ZONES.index(fuseau) * BANDE


# --- reading ----------------------------------------------------------------------------------------------------


def lire(horaires: str | None) -> opening_hours.OpeningHours | None:
    """The parsed expression, None for an empty string; raises ValueError when it is not OSM syntax."""
    horaires = (horaires or "").strip()
    if not horaires:
        return None
    return _lire(horaires)


@lru_cache(maxsize=4096)
def _lire(horaires: str) -> opening_hours.OpeningHours:
    try:
        return opening_hours.OpeningHours(horaires, country="FR")
    except (opening_hours.ParserError, SyntaxError) as erreur:
        raise ValueError(f"horaires illisibles : {horaires!r}") from erreur


def commentaire_seul(horaires: str) -> bool:
    """`"sur rendez-vous"`: the library reads a lone comment as open 24/7; for us it says nothing about hours."""
    return bool(horaires.strip()) and not _COMMENTAIRES.sub("", horaires).strip(" ;")


def a_regle_feries(horaires: str) -> bool:
    return bool(_REGLE_FERIES.search(_COMMENTAIRES.sub("", horaires)))


# --- calendar -----------------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def jours_feries(annee: int) -> frozenset[dt.date]:
    """French public holidays of `annee` (as opening-hours-py knows them: metropolitan calendar)."""
    ph = opening_hours.OpeningHours("PH", country="FR")
    debut, fin = dt.datetime(annee, 1, 1), dt.datetime(annee + 1, 1, 1)
    return frozenset(a.date() for a, _, etat, _ in ph.intervals(debut, fin) if etat == opening_hours.State.OPEN)


def est_ferie(jour: dt.date) -> bool:
    return jour in jours_feries(jour.year)


def lundi_de(jour: dt.date) -> dt.date:
    return jour - dt.timedelta(days=jour.weekday())


def parite(jour: dt.date) -> int:
    """0 for an even ISO week, 1 for an odd one (OSM week selectors use ISO week numbers)."""
    return jour.isocalendar().week % 2


def heure_locale(instant: dt.datetime, fuseau: ZoneInfo = PARIS) -> dt.datetime:
    """`instant` as a naive wall-clock time in `fuseau` (aware instants are converted, naive ones taken as local)."""
    if instant.tzinfo is not None:
        instant = instant.astimezone(fuseau)
    return instant.replace(tzinfo=None)


def maintenant() -> dt.datetime:
    return dt.datetime.now(PARIS)


def minute_de_semaine(instant: dt.datetime, fuseau: ZoneInfo = PARIS) -> int:
    local = heure_locale(instant, fuseau)
    return local.weekday() * MINUTES_JOUR + local.hour * 60 + local.minute


def cle(instant: dt.datetime, fuseau: ZoneInfo = PARIS) -> int:
    """Where `instant` falls in the key space of a week: parity × 10 080 + minute of the week (in `fuseau`)."""
    local = heure_locale(instant, fuseau)
    return parite(local.date()) * MINUTES_SEMAINE + minute_de_semaine(local)


def cle_ferie(instant: dt.datetime, fuseau: ZoneInfo = PARIS) -> int:
    local = heure_locale(instant, fuseau)
    return DEBUT_FERIES + local.hour * 60 + local.minute


# --- intervals ----------------------------------------------------------------------------------------------------


def fusionner(intervalles) -> list[Intervalle]:
    """Sorted, with overlapping and touching intervals merged, empty ones dropped."""
    resultat: list[list[int]] = []
    for a, b in sorted(i for i in intervalles if i[1] > i[0]):
        if resultat and a <= resultat[-1][1]:
            resultat[-1][1] = max(resultat[-1][1], b)
        else:
            resultat.append([a, b])
    return [(a, b) for a, b in resultat]


def _ouverts(expression, debut: dt.datetime, fin: dt.datetime) -> list[Intervalle]:
    """Open intervals between two naive local times, in minutes from `debut` (clipped to [debut, fin))."""
    total = int((fin - debut).total_seconds() // 60)
    intervalles = []
    for a, b, etat, _ in expression.intervals(debut, fin):
        if etat != opening_hours.State.OPEN:
            continue
        de = max(0, int((a - debut).total_seconds() // 60))
        a_ = total if b is None else min(total, int((b - debut).total_seconds() // 60))
        intervalles.append((de, a_))
    return fusionner(intervalles)


def intervalles_semaine(expression, lundi: dt.date) -> tuple[Intervalle, ...]:
    """Open intervals of the week starting `lundi`, in minutes of the week."""
    debut = dt.datetime.combine(lundi, dt.time())
    return tuple(_ouverts(expression, debut, debut + dt.timedelta(days=7)))


def intervalles_jour(expression, jour: dt.date) -> tuple[Intervalle, ...]:
    debut = dt.datetime.combine(jour, dt.time())
    return tuple(_ouverts(expression, debut, debut + dt.timedelta(days=1)))


def _semaines_sans_ferie(depuis: dt.date, nombre: int):
    lundi = lundi_de(depuis)
    trouvees = 0
    while trouvees < nombre:
        if not any(est_ferie(lundi + dt.timedelta(days=i)) for i in range(7)):
            trouvees += 1
            yield lundi
        lundi += dt.timedelta(days=7)


def _prochain_ferie_en_semaine(depuis: dt.date) -> dt.date:
    for annee in (depuis.year, depuis.year + 1):
        for jour in sorted(jours_feries(annee)):
            if jour >= depuis and jour.weekday() < 5:
                return jour
    raise AssertionError("unreachable: France has weekday public holidays every year")


def analyser(horaires: str | None, le: dt.date | None = None) -> Ouvertures:
    """The typical week of `horaires`, as of the date `le` (today in Paris by default)."""
    horaires = (horaires or "").strip()
    if not horaires:
        return Ouvertures(NON_RENSEIGNES)
    if commentaire_seul(horaires):
        return Ouvertures(NON_RENSEIGNES, commentaire=horaires.strip('" '))
    try:
        expression = lire(horaires)
    except ValueError:
        return Ouvertures(ILLISIBLES)
    le = le or maintenant().date()
    semaines = {0: [], 1: []}
    for lundi in _semaines_sans_ferie(le, SEMAINES_EXAMINEES):
        semaines[parite(lundi)].append(intervalles_semaine(expression, lundi))
    paire, impaire = semaines[0][0], semaines[1][0]
    variable = paire != impaire or any(len(set(s)) > 1 for s in semaines.values())
    feries = None
    if a_regle_feries(horaires):
        feries = intervalles_jour(expression, _prochain_ferie_en_semaine(le))
    commentaires = sorted({c.strip('"') for c in _COMMENTAIRES.findall(horaires)})
    return Ouvertures(RENSEIGNES, paire, impaire, feries, variable, " ; ".join(commentaires))


# --- one lieu at one instant (texts for people: lieux/affichage_horaires.py) -------------------------------------


def est_ouvert(horaires: str | None, instant: dt.datetime, fuseau: ZoneInfo = PARIS) -> bool | None:
    """True/False at `instant`; None when the hours are unknown (empty, unreadable, a lone comment)."""
    if not (horaires or "").strip() or commentaire_seul(horaires):
        return None
    try:
        expression = lire(horaires)
    except ValueError:
        return None
    return expression.state(heure_locale(instant, fuseau))[0] == opening_hours.State.OPEN


def prochain_changement(horaires: str | None, instant: dt.datetime, jours_max: int = 8,
                        fuseau: ZoneInfo = PARIS) -> dt.datetime | None:
    """When the lieu next opens or closes after `instant` (aware, in `fuseau`); None if unknown or > `jours_max`."""
    if est_ouvert(horaires, instant, fuseau) is None:
        return None
    expression = lire(horaires)
    local = heure_locale(instant, fuseau)
    limite = local + dt.timedelta(days=jours_max)
    ouvert = expression.state(local)[0] == opening_hours.State.OPEN
    for debut, fin, etat, _ in expression.intervals(local, limite):
        if (etat == opening_hours.State.OPEN) != ouvert:
            return debut.replace(tzinfo=fuseau)
        if fin is None or fin >= limite:
            return None
    return None


# --- slots asked in the orientation (« lundi 14:00–16:00 », « tous les jours, toute la journée ») ---------------


def cles_creneau(jour: int | None, debut: int | None = None, fin: int | None = None) -> list[Intervalle]:
    """Key-space intervals of a weekly slot, in both week parities (holidays are not part of a typical week).

    `jour`: 0 (lundi) … 6 (dimanche), None for « tous les jours »; `debut`/`fin` in minutes of the day, None for
    « toute la journée ». A slot ending before it starts runs past midnight into the next day.
    """
    debut = 0 if debut is None else debut
    fin = MINUTES_JOUR if fin is None else fin
    if fin <= debut:
        fin += MINUTES_JOUR
    jours = range(7) if jour is None else [jour]
    cles = []
    for j in jours:
        a, b = j * MINUTES_JOUR + debut, j * MINUTES_JOUR + fin
        for decalage in (0, MINUTES_SEMAINE):
            if b <= MINUTES_SEMAINE:
                cles.append((a + decalage, b + decalage))
            else:  # Sunday night into Monday morning: wraps inside the same parity block
                cles += [(a + decalage, MINUTES_SEMAINE + decalage), (decalage, b - MINUTES_SEMAINE + decalage)]
    return fusionner(cles)


def cles_ouvert_a(instant: dt.datetime) -> list[Intervalle]:
    """What to overlap with for « open at `instant` », in every time zone (one point per zone and layout)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=PARIS)
    cles = []
    for nom in ZONES:
        zone, base = ZoneInfo(nom), bande(nom)
        k = cle(instant, zone)
        cles.append((base + k, base + k + 1))  # lieux without a PH rule: their week, holiday or not
        if feries.est_ferie(heure_locale(instant, zone).date(), feries.calendrier_du_fuseau(nom)):
            m = cle_ferie(instant, zone)
            cles.append((base + m, base + m + 1))
        else:
            cles.append((base + DECALAGE_PH + k, base + DECALAGE_PH + k + 1))
    return fusionner(cles)


def cles_pendant(creneaux) -> list[Intervalle]:
    """What to overlap with for « open during one of `creneaux` » (typical week), in every time zone."""
    semaine = fusionner(c for jour, debut, fin in creneaux for c in cles_creneau(jour, debut, fin))
    return fusionner((base + decalage + a, base + decalage + b) for base in (bande(n) for n in ZONES)
                     for decalage in (0, DECALAGE_PH) for a, b in semaine)
