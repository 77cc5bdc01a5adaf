"""lieux/horaires.py: OSM `horaires` → weekly intervals, on real strings from ../shared, and « ouvert maintenant »."""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from lieux import horaires as h
from lieux import regles

PARTAGE = settings.SHARED_DIR
PARIS = ZoneInfo("Europe/Paris")
LUNDI = 0
MARDI, MERCREDI, JEUDI, VENDREDI, SAMEDI, DIMANCHE = 1, 2, 3, 4, 5, 6


def chevauche(a, b) -> bool:
    """The SQL `&&` of two multiranges, in Python."""
    return any(x < y2 and x2 > y for x, x2 in a for y, y2 in b)


def minutes(jour, heure):
    hh, mm = (int(x) for x in heure.split(":"))
    return jour * h.MINUTES_JOUR + hh * 60 + mm


def horaires_reels() -> list[str]:
    """Every `horaires` string of the real JSON files in ../shared/data (about 2 000 distinct)."""
    vus = {}
    for chemin in sorted((PARTAGE / "data").glob("cartoclient__*.json")):
        for ligne in json.loads(chemin.read_text(encoding="utf-8")):
            texte = ligne.get("horaires")
            if isinstance(texte, str) and texte.strip():
                vus[texte] = None
    return list(vus)


def horaire_publie(chemin_relatif: str, motif: str) -> str:
    """A string as published in a shared file, found by a regex (so the test fails if the file changes)."""
    texte = (PARTAGE / chemin_relatif).read_text(encoding="utf-8")
    trouve = re.search(motif, texte)
    assert trouve, f"{motif} absent de {chemin_relatif}"
    return trouve.group(1)


@pytest.fixture(scope="module")
def reels():
    return horaires_reels()


# --- the conversion on real strings -----------------------------------------------------------------------------


def test_ph_off_du_schema_data_inclusion_ferme_les_jours_feries():
    s = horaire_publie("standard/data-inclusion-v1/structure.json", r'"(Mo-Fr 08:30-12:30; PH off)"')
    o = h.analyser(s, dt.date(2026, 7, 1))
    assert o.connues and not o.variable
    attendu = tuple((minutes(j, "08:30"), minutes(j, "12:30")) for j in range(5))
    assert o.paire == o.impaire == attendu
    assert o.feries == ()  # a PH rule, closed all day
    # the reference weeks skip holidays: the week of 14 July 2026 does not make Tuesday a closed day
    assert (minutes(MARDI, "08:30"), minutes(MARDI, "12:30")) in o.paire
    assert h.est_ouvert(s, dt.datetime(2026, 7, 14, 10, 0, tzinfo=PARIS)) is False  # Tuesday 14 July
    assert h.est_ouvert(s, dt.datetime(2026, 7, 15, 10, 0, tzinfo=PARIS)) is True
    # the same answers from the stored key space, as SQL reads it
    assert not chevauche(o.cles(), h.cles_ouvert_a(dt.datetime(2026, 7, 14, 10, 0, tzinfo=PARIS)))
    assert chevauche(o.cles(), h.cles_ouvert_a(dt.datetime(2026, 7, 15, 10, 0, tzinfo=PARIS)))
    assert chevauche(o.cles(), h.cles_pendant([(MARDI, 10 * 60, 11 * 60)]))  # a typical Tuesday


def test_plage_de_24_heures_ecrite_09_00_09_00_passe_minuit(reels):
    s = next(r for r in reels if "We 09:00-09:00" in r)
    assert s == "Mo-Fr 09:00-12:00,14:00-17:00; Th,Sa 09:00-12:00; We 09:00-09:00,14:00-17:00"
    o = h.analyser(s, dt.date(2026, 3, 2))
    # alone, « We 09:00-09:00 » runs to Thursday 09:00; here Thursday has its own rule, which wins after midnight
    assert h.analyser("We 09:00-09:00").paire == ((minutes(MERCREDI, "09:00"), minutes(JEUDI, "09:00")),)
    assert (minutes(MERCREDI, "09:00"), minutes(JEUDI, "00:00")) in o.paire
    assert (minutes(JEUDI, "09:00"), minutes(JEUDI, "12:00")) in o.paire
    assert h.est_ouvert(s, dt.datetime(2026, 3, 4, 23, 0, tzinfo=PARIS))  # Wednesday 23:00
    assert not h.est_ouvert(s, dt.datetime(2026, 3, 5, 3, 0, tzinfo=PARIS))  # Thursday 03:00


def test_plages_00_00_00_00_et_13_30_13_30_sont_des_journees_entieres(reels):
    s = next(r for r in reels if "Th 00:00-00:00" in r)
    o = h.analyser(s, dt.date(2026, 3, 2))
    assert (minutes(JEUDI, "00:00"), minutes(VENDREDI, "00:00")) in o.paire
    # « Fr 13:30-13:30 » runs to Saturday 13:30: past midnight inside the week
    assert (minutes(VENDREDI, "13:30"), minutes(SAMEDI, "13:30")) in o.paire


def test_plage_du_dimanche_soir_deborde_sur_le_lundi_de_la_semaine_suivante():
    o = h.analyser("Su 22:00-02:00", dt.date(2026, 3, 2))
    assert o.paire == o.impaire == ((0, 120), (minutes(DIMANCHE, "22:00"), h.MINUTES_SEMAINE))
    # in the key space, an even Sunday night continues on the odd Monday morning
    assert (minutes(DIMANCHE, "22:00"), h.MINUTES_SEMAINE + 120) in o.cles()
    lundi_1h = dt.datetime(2026, 3, 9, 1, 0, tzinfo=PARIS)  # week 11 (odd), after Sunday of week 10
    assert chevauche(o.cles(), h.cles_ouvert_a(lundi_1h))


def test_semaines_paires_et_impaires_ajoutees_par_le_pipeline_national():
    # mednum-cli adds `week 1-53/2` / `week 2-52/2` to a real weekly string (shared/reference/importers.md)
    base = horaire_publie("data/mednumcli__regionsud-lieux-dinclusion-numerique-2022_v2.csv",
                          r"(Tu,Th 09:00-13:00,14:15-16:45);")
    s = f"week 1-53/2 {base}; week 2-52/2 Mo 09:00-12:00"
    o = h.analyser(s, dt.date(2026, 3, 2))
    assert o.variable
    assert o.impaire[0] == (minutes(MARDI, "09:00"), minutes(MARDI, "13:00"))
    assert o.paire == ((minutes(LUNDI, "09:00"), minutes(LUNDI, "12:00")),)
    semaine_10, semaine_11 = dt.datetime(2026, 3, 2, 10, tzinfo=PARIS), dt.datetime(2026, 3, 9, 10, tzinfo=PARIS)
    assert h.est_ouvert(s, semaine_10) and chevauche(o.cles(), h.cles_ouvert_a(semaine_10))  # Monday, week 10
    assert not h.est_ouvert(s, semaine_11) and not chevauche(o.cles(), h.cles_ouvert_a(semaine_11))  # week 11


def test_commentaires_gardes_et_commentaire_seul_vaut_horaires_non_renseignes():
    o = h.analyser('Mo-Fr 09:00-12:00 "sur rendez-vous"; Sa off "fermé le samedi"', dt.date(2026, 3, 2))
    assert o.connues and o.commentaire == "fermé le samedi ; sur rendez-vous"
    assert len(o.paire) == 5
    seul = h.analyser('"sur rendez-vous"')
    assert seul.etat == h.NON_RENSEIGNES and seul.cles() == list(h.CLE_INCONNUE)
    assert seul.commentaire == "sur rendez-vous"
    assert h.est_ouvert('"sur rendez-vous"', dt.datetime(2026, 3, 2, 10, tzinfo=PARIS)) is None


def test_horaires_saisonniers_marques_variables():
    o = h.analyser("Mo-Fr 09:00-17:00; Aug off", dt.date(2026, 7, 20))
    assert o.variable  # the coming weeks run into August
    assert o.paire == tuple((minutes(j, "09:00"), minutes(j, "17:00")) for j in range(5))


def test_vide_et_illisible(reels):
    assert h.analyser("").etat == h.NON_RENSEIGNES
    s = next(r for r in reels if r.startswith("Mo-Fr 9h-12h30"))
    assert h.analyser(s).etat == h.ILLISIBLES and h.est_ouvert(s, dt.datetime(2026, 3, 2, 10, tzinfo=PARIS)) is None


def test_tout_le_corpus_reel_concorde_avec_la_bibliotheque(reels):
    """For every real string: the key space answers like opening-hours-py itself (hourly, and at every boundary)."""
    assert len(reels) > 1500
    lundi = dt.date(2026, 3, 2)  # week 10, no public holiday
    illisibles = 0
    for s in reels:
        o = h.analyser(s, lundi)
        assert o.etat == (h.RENSEIGNES if regles.horaires_valides(s) else h.ILLISIBLES), s
        if not o.connues:
            illisibles += 1
            continue
        cles = o.cles()
        # every hour, and both sides of every boundary the conversion found
        points = set(range(0, h.MINUTES_SEMAINE, 60)) | {m for a, b in o.paire for m in (a - 1, a, b - 1, b)}
        for minute in sorted(p for p in points if 0 <= p < h.MINUTES_SEMAINE):
            instant = dt.datetime.combine(lundi, dt.time(), PARIS) + dt.timedelta(minutes=minute)
            assert chevauche(cles, h.cles_ouvert_a(instant)) == h.est_ouvert(s, instant), (s, instant)
    assert 0 < illisibles < 80


# --- instants in Europe/Paris -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("utc", "attendu"),
    [
        (dt.datetime(2026, 1, 13, 9, 30, tzinfo=dt.UTC), minutes(MARDI, "10:30")),  # winter, UTC+1
        (dt.datetime(2026, 7, 7, 8, 30, tzinfo=dt.UTC), minutes(MARDI, "10:30")),  # summer, UTC+2
        (dt.datetime(2026, 3, 29, 1, 30, tzinfo=dt.UTC), minutes(DIMANCHE, "03:30")),  # just after the switch
        (dt.datetime(2026, 1, 18, 23, 30, tzinfo=dt.UTC), minutes(LUNDI, "00:30")),  # Sunday UTC, Monday in Paris
    ],
)
def test_minute_de_la_semaine_en_heure_de_paris(utc, attendu):
    assert h.minute_de_semaine(utc) == attendu
    assert h.cle(utc) == h.parite(utc.astimezone(PARIS).date()) * h.MINUTES_SEMAINE + attendu


def test_ouvert_maintenant_hiver_et_ete_a_heure_fixe():
    s = "Mo-Fr 09:00-12:00,14:00-17:30; PH off"
    # 08:30 UTC is 09:30 in winter (open) but 10:30 in summer (open); 07:30 UTC is 08:30 / 09:30
    assert h.est_ouvert(s, dt.datetime(2026, 1, 13, 7, 30, tzinfo=dt.UTC)) is False
    assert h.est_ouvert(s, dt.datetime(2026, 7, 7, 7, 30, tzinfo=dt.UTC)) is True
    assert h.est_ouvert(s, dt.datetime(2026, 1, 13, 16, 15, tzinfo=dt.UTC)) is True  # 17:15 in winter
    assert h.est_ouvert(s, dt.datetime(2026, 7, 7, 16, 15, tzinfo=dt.UTC)) is False  # 18:15 in summer
    assert h.est_ouvert(s, dt.datetime(2026, 5, 1, 10, 0, tzinfo=PARIS)) is False  # Friday 1 May


def test_prochain_changement():
    s = "Mo-Fr 09:00-12:00,14:00-17:30; PH off"
    assert h.prochain_changement(s, dt.datetime(2026, 1, 13, 10, 0, tzinfo=PARIS)) == dt.datetime(
        2026, 1, 13, 12, 0, tzinfo=PARIS)
    # Friday evening → Monday morning; before 14 July 2026 (Tuesday) → Wednesday
    assert h.prochain_changement(s, dt.datetime(2026, 1, 16, 18, 0, tzinfo=PARIS)) == dt.datetime(
        2026, 1, 19, 9, 0, tzinfo=PARIS)
    assert h.prochain_changement(s, dt.datetime(2026, 7, 13, 18, 0, tzinfo=PARIS)) == dt.datetime(
        2026, 7, 15, 9, 0, tzinfo=PARIS)
    assert h.prochain_changement("24/7", dt.datetime(2026, 7, 13, 18, 0, tzinfo=PARIS)) is None
    assert h.prochain_changement("", dt.datetime(2026, 7, 13, 18, 0, tzinfo=PARIS)) is None


def test_heure_locale_d_un_lieu_d_outre_mer():
    reunion = ZoneInfo("Indian/Reunion")
    instant = dt.datetime(2026, 1, 13, 6, 0, tzinfo=dt.UTC)  # 07:00 Paris, 10:00 Réunion
    assert h.minute_de_semaine(instant, reunion) == minutes(MARDI, "10:00")
    assert h.est_ouvert("Mo-Fr 09:00-12:00", instant, reunion) is True
    assert h.est_ouvert("Mo-Fr 09:00-12:00", instant) is False


def test_jours_feries_2026():
    feries = h.jours_feries(2026)
    assert dt.date(2026, 7, 14) in feries and dt.date(2026, 4, 6) in feries  # lundi de Pâques
    assert len(feries) == 11 and not h.est_ferie(dt.date(2026, 7, 15))


# --- slots of the orientation -------------------------------------------------------------------------------------


def test_creneaux_demandes_en_orientation():
    lundi_apres_midi = h.cles_creneau(LUNDI, 14 * 60, 16 * 60)
    assert lundi_apres_midi == [(840, 960), (h.MINUTES_SEMAINE + 840, h.MINUTES_SEMAINE + 960)]
    assert h.cles_creneau(None) == [(0, 2 * h.MINUTES_SEMAINE)]  # tous les jours, toute la journée
    assert h.cles_creneau(SAMEDI) == [(minutes(SAMEDI, "00:00"), minutes(DIMANCHE, "00:00")),
                                      (h.MINUTES_SEMAINE + minutes(SAMEDI, "00:00"),
                                       h.MINUTES_SEMAINE + minutes(DIMANCHE, "00:00"))]
    # Sunday 22:00 → 02:00 wraps onto Monday morning
    assert h.cles_creneau(DIMANCHE, 22 * 60, 2 * 60) == [
        (0, 120), (minutes(DIMANCHE, "22:00"), h.MINUTES_SEMAINE + 120),
        (h.MINUTES_SEMAINE + minutes(DIMANCHE, "22:00"), 2 * h.MINUTES_SEMAINE)]


def test_cles_par_fuseau_et_jours_feries():
    o = h.analyser("Mo-Fr 09:00-12:00; PH 10:00-11:00", dt.date(2026, 7, 1))
    reunion = o.cles("Indian/Reunion")
    assert all(h.bande("Indian/Reunion") <= a < h.bande("Indian/Reunion") + h.BANDE for a, _ in reunion)
    # 14 July 2026, 10:30 in Paris: the PH rule answers (open 10–11), the weekly hours do not
    assert chevauche(o.cles(), h.cles_ouvert_a(dt.datetime(2026, 7, 14, 10, 30, tzinfo=PARIS)))
    assert not chevauche(o.cles(), h.cles_ouvert_a(dt.datetime(2026, 7, 14, 9, 30, tzinfo=PARIS)))
    # 10:30 in Paris is 12:30 in Réunion: closed there; 06:30 UTC is 10:30 in Réunion: open
    assert not chevauche(reunion, h.cles_ouvert_a(dt.datetime(2026, 1, 13, 10, 30, tzinfo=PARIS)))
    assert chevauche(reunion, h.cles_ouvert_a(dt.datetime(2026, 1, 13, 6, 30, tzinfo=dt.UTC)))
    sans_ph = h.analyser("Mo-Fr 09:00-12:00", dt.date(2026, 7, 1)).cles()
    assert chevauche(sans_ph, h.cles_ouvert_a(dt.datetime(2026, 7, 14, 9, 30, tzinfo=PARIS)))  # no PH rule


def test_fusionner():
    assert h.fusionner([(5, 10), (0, 5), (20, 30), (25, 26), (40, 40)]) == [(0, 10), (20, 30)]
