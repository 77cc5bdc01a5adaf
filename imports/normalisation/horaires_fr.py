"""French free-text opening hours → OSM `opening_hours`, saying what was understood and what was not.

« du lundi au vendredi de 9h à 12h et de 13h30 à 17h », « L au V 8h30-19h », « Mar : 14h-19h / Mer : 10h-12h »,
« tous les jours 24h/24 sauf le mercredi après-midi, fermé les jours fériés ». The rule that matters most: we never
invent hours. A part of the text that says nothing about an ordinary week (« sur rendez-vous », « 1er mardi du
mois », « pendant les vacances scolaires », « selon planning », days without hours, hours without days, a range that
ends before it starts) gives no hours and is listed in `non_compris`, with the producer's words, so that the import
report says it and the lieu page shows the original text. Per-day and half-day columns: horaires_fr_colonnes.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lieux import regles

from .horaires_fr_lexique import FERIES, JOURS_COMPLETS, Jeton, jetons

OSM_JOURS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH")
NOMS_JOURS = (*JOURS_COMPLETS, "jours fériés")
MIDI, JOURNEE = 12 * 60, 24 * 60
_RESSEMBLE_OSM = re.compile(r"\b(Mo|Tu|We|Th|Fr|Sa|Su|PH)\b|\b\d{2}:\d{2}\b|24/7")

Plage = tuple[int, int]  # minutes of the day, start < end ≤ 1440


@dataclass(frozen=True)
class ConversionHoraires:
    """The result of a conversion: OSM string ('' when no weekly hours were understood) and the account of it."""

    osm: str
    complete: bool  # everything in the text was understood
    compris: tuple[str, ...] = ()  # for the import report: « lundi–vendredi 09:00–12:00 et 13:30–17:00 »
    non_compris: tuple[str, ...] = ()  # the producer's words we set aside: « sur rendez-vous »…
    original: str = ""


@dataclass
class _Clause:
    """Days + time ranges + what qualifies them, in the order the text gives them."""

    debut: int
    fin: int = 0
    jours: set[int] | None = None
    plages: list = field(default_factory=list)  # Plage, or None for an impossible range
    moments: set[str] = field(default_factory=set)
    retrait: str = ""  # "sauf" or "ferme": the clause takes away instead of adding
    bloquee: bool = False
    reserves: list[tuple[int, int]] = field(default_factory=list)  # « hors vacances scolaires »: hours kept, said
    inconnus: list[tuple[int, int]] = field(default_factory=list)
    coupee: bool = False  # a line/« ; »/« | » break came after it

    @property
    def entete(self) -> bool:
        """« De septembre à juin | … », « Horaires d'été : … »: words alone on their line, before days."""
        return self.coupee and self.jours is None and not self.plages and (self.bloquee or bool(self.inconnus))

    def etend(self, jeton: Jeton) -> None:
        self.fin = max(self.fin, jeton.fin)


# --- public API ---------------------------------------------------------------------------------------------------


def depuis_texte(texte: str, jours_par_defaut: frozenset[int] | None = None) -> ConversionHoraires:
    """The OSM form of a French hours text; `jours_par_defaut`: the day(s) a column is about (« h_lundi »)."""
    original = texte or ""
    propre = original.strip()
    if not propre or propre.casefold() in ("-", "--", "/", ".", "nc", "n/a", "null", "none", "nan", "?"):
        return ConversionHoraires("", True, (), (), original)
    if (jours_par_defaut is None and (_RESSEMBLE_OSM.search(propre) or propre.startswith('"'))
            and regles.horaires_valides(propre)):
        return _deja_osm(propre, original)
    semaine, non_compris, retraits = evaluer(original, jours_par_defaut)
    return construire(semaine, non_compris, retraits, original)


def construire(semaine: dict[int, list[Plage]], non_compris: list[str], retraits: list[str],
               original: str) -> ConversionHoraires:
    """The conversion from a week (day → ranges; `FERIES` → None for « fermé les jours fériés »)."""
    osm = en_osm(semaine)
    compris = decrire(semaine) + retraits if osm else retraits
    return ConversionHoraires(osm, not non_compris, tuple(dict.fromkeys(compris)), tuple(dict.fromkeys(non_compris)),
                              original)


def _deja_osm(propre: str, original: str) -> ConversionHoraires:
    from lieux.horaires import commentaire_seul

    if commentaire_seul(propre):
        return ConversionHoraires("", False, (), (propre.strip('" '),), original)
    return ConversionHoraires(propre, True, ("déjà au format OpenStreetMap",), (), original)


# --- grammar ------------------------------------------------------------------------------------------------------


def _regroupe(liste: list[Jeton], nombres_heures: bool = False) -> list[Jeton]:
    """Day lists/ranges become one `jours` token (a set), time ranges one `plage` token ((start, end) or None).

    `nombres_heures`: in a column about one day (« h_lundi » = « 9-12/13-17 »), bare numbers are hours.
    """
    sortie: list[Jeton] = []
    i = 0
    while i < len(liste):
        j = liste[i]
        if j.genre == "jour":
            jours, fin, i = _jours(liste, i)
            sortie.append(Jeton("jours", jours, j.debut, fin))
            continue
        if j.genre in ("heure", "nombre"):
            plage, fin, suivant = _plage(liste, i, nombres_heures)
            if plage is not False:
                sortie.append(Jeton("plage", plage, j.debut, fin))
                i = suivant
                continue
            if j.genre == "heure":  # a lone time (« à partir de 14h »): not a range, not understood
                sortie.append(Jeton("mot", j.valeur, j.debut, j.fin))
                i += 1
                continue
        sortie.append(j)
        i += 1
    return sortie


def _jours(liste: list[Jeton], i: int) -> tuple[set[int], int, int]:
    jours: set[int] = set()
    fin = liste[i].fin
    while i < len(liste) and liste[i].genre == "jour":
        a = liste[i].valeur
        fin = liste[i].fin
        if (i + 2 < len(liste) and liste[i + 1].genre == "vers" and liste[i + 2].genre == "jour"
                and FERIES not in (a, liste[i + 2].valeur)):
            b = liste[i + 2].valeur
            jours |= {(a + k) % 7 for k in range((b - a) % 7 + 1)}
            fin = liste[i + 2].fin
            i += 3
        else:
            jours.add(a)
            i += 1
        if i + 1 < len(liste) and liste[i].genre == "et" and liste[i + 1].genre == "jour":
            i += 1
    return jours, fin, i


def _plage(liste: list[Jeton], i: int, nombres_heures: bool = False) -> tuple[Plage | None | bool, int, int]:
    """(range, end of span, next index); range None when impossible (end ≤ start), False when there is none."""
    a = liste[i]
    suite = liste[i + 1:i + 4]
    if len(suite) >= 2 and suite[0].genre == "vers" and suite[1].genre in ("heure", "nombre"):
        b = suite[1]
        suivant = i + 3
    elif suite and suite[0].genre == "heure" and a.genre == "heure":
        b = suite[0]
        suivant = i + 2
    elif (len(suite) >= 2 and suite[0].valeur == "/" and suite[1].genre == a.genre == "heure"
          and a.valeur < suite[1].valeur and (len(suite) < 3 or suite[2].genre != "vers")):
        b = suite[1]  # « 9h/12h - 14h/18h », « (7:00 / 20:00) »
        suivant = i + 3
    else:
        return False, a.fin, i + 1
    if "heure" not in (a.genre, b.genre) and not nombres_heures:  # « 9-12 »: numbers, maybe not hours at all
        return False, a.fin, i + 1
    debut, fin = (x.valeur if x.genre == "heure" else (x.valeur * 60 if x.valeur <= 24 else -1) for x in (a, b))
    if debut < 0 or fin < 0 or fin <= debut:
        return None, b.fin, suivant
    return (debut, fin), b.fin, suivant


def clauses(texte: str, jours_par_defaut: frozenset[int] | None = None) -> list[_Clause]:
    """The text cut into clauses: a new one starts at days that follow hours, at « sauf » and at « fermé »."""
    elements = _regroupe(jetons(texte), nombres_heures=jours_par_defaut is not None)
    premier_jour = next((k for k, e in enumerate(elements) if e.genre in ("jours", "tous")), len(elements))
    premiere_plage = next((k for k, e in enumerate(elements) if e.genre in ("plage", "continu")), len(elements))
    heures_dabord = premiere_plage < premier_jour
    resultat: list[_Clause] = []
    c = _Clause(debut=0)
    bloque_segment = False

    def nouvelle(e: Jeton, retrait: str = "") -> _Clause:
        nonlocal c
        resultat.append(c)
        c = _Clause(debut=e.debut, fin=e.fin, retrait=retrait, bloquee=bloque_segment)
        return c

    k = 0
    while k < len(elements):
        e = elements[k]
        suivant = elements[k + 1] if k + 1 < len(elements) else None
        if e.genre in ("jours", "tous"):
            jours = set(range(7)) if e.genre == "tous" else set(e.valeur)
            if c.jours is not None and not c.plages and not c.retrait and e.genre == "tous":
                c.jours |= jours
            elif (c.jours is not None or (c.plages and not heures_dabord) or (c.retrait and c.plages)
                  or c.entete):
                nouvelle(e)
            c.jours = (c.jours or set()) | jours
        elif e.genre in ("plage", "continu"):
            if heures_dabord and c.jours is not None and not c.retrait:
                nouvelle(e)
            c.plages.append((0, JOURNEE) if e.genre == "continu" else e.valeur)
        elif e.genre == "sauf" and suivant is not None and suivant.genre == "bloque":
            while k + 1 < len(elements) and elements[k + 1].genre == "bloque":  # « hors vacances scolaires »
                k += 1
            c.reserves.append((e.debut, elements[k].fin))
            c.etend(elements[k])
        elif e.genre in ("sauf", "ferme"):
            nouvelle(e, retrait="sauf" if e.genre == "sauf" else "ferme")
        elif e.genre == "moment":
            c.moments.add(e.valeur)
        elif e.genre == "bloque":
            if c.coupee and c.plages and not c.bloquee:  # « Mardi 9h-12h ; 1er samedi du mois… »
                nouvelle(e)
            if c.jours is None and not c.plages:
                bloque_segment = True
            c.bloquee = True
        elif e.genre == "coupure":
            bloque_segment = False
            c.coupee = True
            if c.retrait:
                nouvelle(e)
        elif e.genre in ("mot", "nombre"):
            c.inconnus.append((e.debut, e.fin))
        if e.genre != "coupure":
            c.etend(e)
        k += 1
    resultat.append(c)
    for clause in resultat:
        if clause.jours is None and jours_par_defaut is not None and not clause.retrait:
            clause.jours = set(jours_par_defaut)
    return [cl for cl in resultat if cl.fin > cl.debut or cl.jours or cl.plages]


def evaluer(texte: str, jours_par_defaut: frozenset[int] | None = None):
    """(week, parts not understood, removals understood): the clauses applied, additions first then removals."""
    semaine: dict[int, list[Plage]] = {}
    non_compris: list[str] = []
    retraits: list[str] = []

    def extrait(debut: int, fin: int) -> str:
        return " ".join(texte[debut:fin].split()).strip(" -,;:/|()*.\"")

    liste = clauses(texte, jours_par_defaut)
    for c in (c for c in liste if not c.retrait):
        morceau = extrait(c.debut, c.fin)
        valides = [p for p in c.plages if p is not None]
        if c.bloquee or (c.plages and len(valides) < len(c.plages)) or (c.plages and not c.jours) or (
                c.jours and not c.plages):
            if morceau:
                non_compris.append(morceau)
            if c.bloquee or not c.jours or not valides:
                continue
        for jour in c.jours or ():
            semaine.setdefault(jour, []).extend(valides)
        non_compris += [extrait(a, b) for a, b in _rapproche(texte, c.reserves + c.inconnus)]
    for c in (c for c in liste if c.retrait):
        morceau = extrait(c.debut, c.fin)
        if c.bloquee or c.inconnus or not (c.jours or c.plages) or not _retire(semaine, c):
            non_compris.append(morceau)
        else:
            retraits.append(morceau[:1].lower() + morceau[1:])
    return {j: fusionner(p) for j, p in semaine.items() if p or j == FERIES}, non_compris, retraits


def _rapproche(texte: str, morceaux: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Unknown words next to each other (« La Motte du Caire ») reported as one piece."""
    resultat: list[list[int]] = []
    for a, b in sorted(morceaux):
        if resultat and len(texte[resultat[-1][1]:a].strip()) <= 3 and not re.search(r"\d", texte[resultat[-1][1]:a]):
            resultat[-1][1] = max(resultat[-1][1], b)
        else:
            resultat.append([a, b])
    return [(a, b) for a, b in resultat]


def _retire(semaine: dict[int, list[Plage]], c: _Clause) -> bool:
    """Apply « sauf … » / « fermé … » to the week; False when it cannot be done without guessing."""
    jours = c.jours if c.jours is not None else set(range(7))
    valides = [p for p in c.plages if p is not None]
    if len(valides) < len(c.plages):
        return False
    if valides and c.retrait == "sauf" and c.jours:  # « sauf mercredi 9h-12h »: that day has these hours
        for jour in jours:
            semaine[jour] = list(valides)
        return True
    if valides:  # « fermé de 12h à 14h »
        for jour in jours:
            semaine[jour] = soustraire(semaine.get(jour, []), valides)
        return True
    if not c.moments:
        for jour in jours:
            semaine[jour] = []
        return True
    if c.moments - {"matin", "apres-midi"}:
        return False
    for jour in jours:  # a half-day goes only if no range of the day crosses noon
        plages = semaine.get(jour, [])
        if any(a < MIDI < b for a, b in plages):
            return False
    for jour in jours:
        garde_matin, garde_aprem = "matin" not in c.moments, "apres-midi" not in c.moments
        semaine[jour] = [(a, b) for a, b in semaine.get(jour, []) if (b <= MIDI and garde_matin)
                         or (a >= MIDI and garde_aprem)]
    return True


# --- ranges and OSM -----------------------------------------------------------------------------------------------


def fusionner(plages) -> list[Plage]:
    resultat: list[list[int]] = []
    for a, b in sorted(plages):
        if resultat and a <= resultat[-1][1]:
            resultat[-1][1] = max(resultat[-1][1], b)
        else:
            resultat.append([a, b])
    return [(a, b) for a, b in resultat]


def soustraire(plages: list[Plage], retirees: list[Plage]) -> list[Plage]:
    for r0, r1 in retirees:
        plages = [p for a, b in plages for p in ((a, min(b, r0)), (max(a, r1), b)) if p[1] > p[0]]
    return plages


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _groupes(semaine: dict[int, list[Plage]]) -> list[tuple[list[int], list[Plage]]]:
    """Days sharing the same ranges, in the order of their first day (PH last)."""
    groupes: dict[tuple, list[int]] = {}
    for jour in sorted(semaine):
        if semaine[jour]:
            groupes.setdefault(tuple(semaine[jour]), []).append(jour)
    return [(jours, list(plages)) for plages, jours in groupes.items()]


def _suites(jours: list[int]) -> list[tuple[int, int]]:
    suites: list[list[int]] = []
    for j in jours:
        if suites and j == suites[-1][1] + 1 and j != FERIES:
            suites[-1][1] = j
        else:
            suites.append([j, j])
    return [(a, b) for a, b in suites]


def _jours_osm(jours: list[int]) -> str:
    morceaux = []
    for a, b in _suites(jours):
        if b == a:
            morceaux.append(OSM_JOURS[a])
        elif b == a + 1:
            morceaux += [OSM_JOURS[a], OSM_JOURS[b]]
        else:
            morceaux.append(f"{OSM_JOURS[a]}-{OSM_JOURS[b]}")
    return ",".join(morceaux)


def en_osm(semaine: dict[int, list[Plage]]) -> str:
    """« Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00 » ('' when no day has hours); « PH off » when closed."""
    if not any(semaine.get(j) for j in range(7)):
        return ""
    ferie_off = FERIES in semaine and not semaine[FERIES]
    if all(semaine.get(j) == [(0, JOURNEE)] for j in range(7)) and not semaine.get(FERIES):
        regles_osm = ["24/7"]
    else:
        regles_osm = [f"{_jours_osm(jours)} {','.join(f'{_hhmm(a)}-{_hhmm(b)}' for a, b in plages)}"
                      for jours, plages in _groupes(semaine)]
    return "; ".join(regles_osm + (["PH off"] if ferie_off else []))


def decrire(semaine: dict[int, list[Plage]]) -> list[str]:
    """The week in French for the import report: « lundi–vendredi 09:00–12:00 et 13:30–17:00 »."""
    phrases = []
    for jours, plages in _groupes(semaine):
        noms = []
        for a, b in _suites(jours):
            noms += [NOMS_JOURS[a], NOMS_JOURS[b]][: (b - a) + 1] if b - a < 2 else [f"{NOMS_JOURS[a]}–{NOMS_JOURS[b]}"]
        heures = " et ".join("24 h/24" if (a, b) == (0, JOURNEE) else f"{_hhmm(a)}–{_hhmm(b)}" for a, b in plages)
        phrases.append(f"{', '.join(noms)} {heures}")
    if FERIES in semaine and not semaine[FERIES]:
        phrases.append("fermé les jours fériés")
    return phrases
