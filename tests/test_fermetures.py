"""lieux/fermetures.py, lieux/feries.py, lieux/fermetures_requetes.py: temporary closures, exceptional hours and
public holidays (OSM `PH`) — the rules, then the SQL on top of the weekly projection (real PostGIS)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lieux import feries
from lieux import fermetures as f
from lieux.models import FermetureTemporaire, Lieu
from lieux.projections.ouvertures import disponibles, ouverts_a
from tests.factories import creer_lieu

PARIS = ZoneInfo("Europe/Paris")
SEMAINE = "Mo-Fr 09:00-17:00"
PH_OFF = "Mo-Sa 09:00-17:00; PH off"
PH_MATIN = "Mo-Sa 09:00-17:00; PH 10:00-12:00"


def a(jour: dt.date, heure: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(jour, dt.time(heure, minute), tzinfo=PARIS)


LUNDI_DE_PAQUES_2027 = dt.date(2027, 3, 29)
HUIT_MAI_2027 = dt.date(2027, 5, 8)  # a Saturday
VENDREDI_SAINT_2027 = dt.date(2027, 3, 26)


# --- public holidays ---------------------------------------------------------------------------------------------


def test_calendrier_selon_le_code_postal():
    assert feries.calendrier_de("67000") == feries.calendrier_de("57000") == feries.calendrier_de("68100") == "57"
    assert feries.calendrier_de("75011") == "" and feries.calendrier_de("") == ""
    assert feries.calendrier_de("97110") == "971" and feries.calendrier_de("97411") == "974"


def test_feries_de_paques_et_d_alsace_moselle():
    assert feries.nom_du_ferie(LUNDI_DE_PAQUES_2027) == "Lundi de Pâques"
    assert feries.est_ferie(HUIT_MAI_2027) and feries.est_ferie(dt.date(2027, 5, 6))  # Ascension 2027
    assert not feries.est_ferie(VENDREDI_SAINT_2027)
    assert feries.est_ferie(VENDREDI_SAINT_2027, "57") and feries.est_ferie(dt.date(2027, 12, 26), "57")
    assert not feries.est_ferie(dt.date(2027, 12, 26)) and feries.propre_a_alsace_moselle(VENDREDI_SAINT_2027)
    assert feries.est_ferie(dt.date(2027, 12, 20), "974") and not feries.est_ferie(dt.date(2027, 12, 20))


def test_ph_off_ferme_les_jours_feries_seulement():
    assert f.est_ouvert(PH_OFF, a(LUNDI_DE_PAQUES_2027, 10)) is False
    assert f.est_ouvert(PH_OFF, a(HUIT_MAI_2027, 10)) is False
    assert f.est_ouvert(PH_OFF, a(dt.date(2027, 5, 15), 10)) is True  # the next Saturday


def test_ph_avec_heures_donne_ces_heures():
    assert f.est_ouvert(PH_MATIN, a(HUIT_MAI_2027, 11)) is True
    assert f.est_ouvert(PH_MATIN, a(HUIT_MAI_2027, 9, 30)) is False
    assert f.est_ouvert(PH_MATIN, a(HUIT_MAI_2027, 15)) is False


def test_sans_regle_ph_les_heures_de_la_semaine_s_appliquent():
    assert f.est_ouvert(SEMAINE, a(LUNDI_DE_PAQUES_2027, 10)) is True
    assert f.est_ouvert("Sa 09:00-12:00", a(HUIT_MAI_2027, 10)) is True


def test_alsace_moselle_vendredi_saint_et_26_decembre():
    assert f.est_ouvert(PH_OFF, a(VENDREDI_SAINT_2027, 10), calendrier="57") is False
    assert f.est_ouvert(PH_OFF, a(VENDREDI_SAINT_2027, 10)) is True  # the rest of France works that day
    assert f.est_ouvert(PH_MATIN, a(dt.date(2026, 12, 26), 11), calendrier="57") is True  # a Saturday
    assert f.est_ouvert(PH_MATIN, a(dt.date(2026, 12, 26), 15), calendrier="57") is False
    assert f.est_ouvert(PH_MATIN, a(dt.date(2026, 12, 26), 15)) is True


def test_outre_mer_jour_de_l_abolition():
    reunion = ZoneInfo("Indian/Reunion")
    instant = dt.datetime(2027, 12, 20, 10, tzinfo=reunion)  # a Monday
    assert f.est_ouvert("Mo-Fr 08:00-12:00; PH off", instant, calendrier="974", fuseau=reunion) is False
    assert f.est_ouvert("Mo-Fr 08:00-12:00", instant, calendrier="974", fuseau=reunion) is True


# --- closures and exceptional hours ------------------------------------------------------------------------------

CONGES = f.Periode(dt.date(2026, 12, 5), dt.date(2026, 12, 7), f.FERMETURE, message="congés")
SAMEDI_MATIN = "Sa 09:00-12:00; Mo 09:00-12:00"


def test_une_fermeture_ferme_tous_ses_jours_et_rend_le_lieu_ensuite():
    assert f.est_ouvert(SAMEDI_MATIN, a(dt.date(2026, 12, 5), 10), [CONGES]) is False
    assert f.est_ouvert(SAMEDI_MATIN, a(dt.date(2026, 12, 7), 10), [CONGES]) is False  # last day included
    assert f.est_ouvert(SAMEDI_MATIN, a(dt.date(2026, 12, 12), 10), [CONGES]) is True
    assert f.est_ouvert(SAMEDI_MATIN, a(dt.date(2026, 11, 28), 10), [CONGES]) is True


def test_une_fermeture_ferme_aussi_un_lieu_aux_horaires_inconnus():
    assert f.est_ouvert("", a(dt.date(2026, 12, 5), 10), [CONGES]) is False
    assert f.est_ouvert("", a(dt.date(2026, 12, 12), 10), [CONGES]) is None


def test_horaires_exceptionnels_remplacent_ceux_du_jour():
    special = f.Periode(dt.date(2026, 12, 24), dt.date(2026, 12, 24), f.HORAIRES_EXCEPTIONNELS, "14:00-16:00")
    assert f.est_ouvert(SEMAINE, a(dt.date(2026, 12, 24), 10), [special]) is False
    assert f.est_ouvert(SEMAINE, a(dt.date(2026, 12, 24), 15), [special]) is True
    assert f.est_ouvert(SEMAINE, a(dt.date(2026, 12, 23), 10), [special]) is True


def test_la_fermeture_l_emporte_sur_des_horaires_exceptionnels():
    special = f.Periode(dt.date(2026, 12, 5), dt.date(2026, 12, 5), f.HORAIRES_EXCEPTIONNELS, "09:00-18:00")
    assert f.periode_du_jour([special, CONGES], dt.date(2026, 12, 5)) == CONGES
    assert f.ouvert_pendant(SAMEDI_MATIN, dt.date(2026, 12, 5), 540, 720, [special, CONGES]) is False


def test_samedi_matin_veut_dire_le_samedi_qui_vient():
    jeudi = dt.datetime(2026, 12, 3, 18, 0)
    assert f.date_du_creneau(5, 720, jeudi) == dt.date(2026, 12, 5)
    assert f.date_du_creneau(5, 720, dt.datetime(2026, 12, 5, 11, 0)) == dt.date(2026, 12, 5)  # not over yet
    assert f.date_du_creneau(5, 720, dt.datetime(2026, 12, 5, 12, 0)) == dt.date(2026, 12, 12)
    assert f.dates_du_creneau(None, None, jeudi)[0] == dt.date(2026, 12, 3)
    assert len(f.dates_du_creneau(None, None, jeudi)) == 7


def test_disponible_ou_entre_maintenant_et_creneaux():
    jeudi = a(dt.date(2026, 12, 3), 18)
    assert not f.disponible(SAMEDI_MATIN, [CONGES], "", PARIS, None, [(5, 540, 720)], jeudi, inconnus=True)
    assert f.disponible(SAMEDI_MATIN, [CONGES], "", PARIS, None, [(0, 540, 720), (5, 540, 720)],
                        a(dt.date(2026, 12, 8), 8), inconnus=False)


def test_annonce_en_francais():
    assert f.annonce(CONGES) == "Fermé du samedi 5 au lundi 7 décembre 2026 : congés"
    assert f.dates_en_francais(dt.date(2026, 11, 30), dt.date(2026, 12, 1)) == \
        "du lundi 30 novembre au mardi 1er décembre 2026"
    assert f.dates_en_francais(dt.date(2026, 12, 31), dt.date(2027, 1, 2)) == \
        "du jeudi 31 décembre 2026 au samedi 2 janvier 2027"
    assert f.annonce(f.Periode(dt.date(2027, 1, 4), dt.date(2027, 1, 4))) == "Fermé le lundi 4 janvier 2027"


def test_a_annoncer_pendant_et_peu_avant():
    assert f.a_annoncer([CONGES], dt.date(2026, 11, 25)) == [CONGES]
    assert f.a_annoncer([CONGES], dt.date(2026, 11, 1)) == []
    assert f.a_annoncer([CONGES], dt.date(2026, 12, 8)) == []


def test_erreurs_de_declaration():
    assert f.erreurs_declaration(dt.date(2026, 12, 7), dt.date(2026, 12, 5), f.FERMETURE, "", "")["fin"]
    assert "horaires" in f.erreurs_declaration(dt.date(2026, 12, 5), dt.date(2026, 12, 5),
                                               f.HORAIRES_EXCEPTIONNELS, "le matin", "")
    assert f.erreurs_declaration(dt.date(2026, 12, 5), dt.date(2026, 12, 5), f.HORAIRES_EXCEPTIONNELS,
                                 "10:00-12:00", "congés") == {}
    assert "message" in f.erreurs_declaration(None, None, f.FERMETURE, "", "<b>x</b>")


# --- in SQL, on top of the weekly projection ---------------------------------------------------------------------


def noms(qs):
    return sorted(qs.values_list("nom", flat=True))


@pytest.mark.django_db
def test_ouvert_maintenant_exclut_la_fermeture_puis_rend_le_lieu():
    ferme = creer_lieu(nom="En congés", horaires=SAMEDI_MATIN)
    ouvert = creer_lieu(nom="Ouvert", horaires=SAMEDI_MATIN)
    FermetureTemporaire.objects.create(lieu=ferme, debut=CONGES.debut, fin=CONGES.fin, message="congés")
    ces_lieux = Lieu.objects.filter(pk__in=[ferme.pk, ouvert.pk])
    assert noms(ouverts_a(ces_lieux, a(dt.date(2026, 12, 5), 10))) == ["Ouvert"]
    assert noms(ouverts_a(ces_lieux, a(dt.date(2026, 12, 12), 10))) == ["En congés", "Ouvert"]
    # unknown hours kept or not: a closed lieu is never « perhaps open »
    assert noms(ouverts_a(ces_lieux, a(dt.date(2026, 12, 5), 10), inconnus=True)) == ["Ouvert"]


@pytest.mark.django_db
def test_horaires_exceptionnels_en_sql():
    lieu = creer_lieu(nom="Réveillon", horaires=SEMAINE)
    FermetureTemporaire.objects.create(lieu=lieu, debut=dt.date(2026, 12, 24), fin=dt.date(2026, 12, 24),
                                       type="horaires_exceptionnels", horaires="14:00-16:00")
    ce_lieu = Lieu.objects.filter(pk=lieu.pk)
    assert not ouverts_a(ce_lieu, a(dt.date(2026, 12, 24), 10)).exists()
    assert ouverts_a(ce_lieu, a(dt.date(2026, 12, 24), 15)).exists()
    assert ouverts_a(ce_lieu, a(dt.date(2026, 12, 23), 10)).exists()


@pytest.mark.django_db
def test_ph_en_sql_lundi_de_paques_et_8_mai(geographie):
    ph_off = creer_lieu(nom="PH off", horaires=PH_OFF)
    sans_ph = creer_lieu(nom="Sans PH", horaires="Mo-Sa 09:00-17:00")
    ph_matin = creer_lieu(nom="PH matin", horaires=PH_MATIN)
    ces_lieux = Lieu.objects.filter(pk__in=[ph_off.pk, sans_ph.pk, ph_matin.pk])
    assert noms(ouverts_a(ces_lieux, a(LUNDI_DE_PAQUES_2027, 11))) == ["PH matin", "Sans PH"]
    assert noms(ouverts_a(ces_lieux, a(LUNDI_DE_PAQUES_2027, 15))) == ["Sans PH"]
    # « samedi de 13 h à 17 h » asked on Thursday 6 May 2027: the coming Saturday is 8 mai
    jeudi = a(dt.date(2027, 5, 6), 18)
    assert noms(disponibles(ces_lieux, creneaux=[(5, 780, 1020)], inconnus=False, reference=jeudi)) == ["Sans PH"]
    # asked the next Monday, the coming Saturday is an ordinary one
    lundi = a(dt.date(2027, 5, 10), 9)
    assert noms(disponibles(ces_lieux, creneaux=[(5, 780, 1020)], inconnus=False, reference=lundi)) == \
        ["PH matin", "PH off", "Sans PH"]


@pytest.mark.django_db
def test_alsace_moselle_en_sql(geographie):
    strasbourg = creer_lieu(nom="Strasbourg", horaires=PH_OFF, code_postal="67000", code_insee="67482",
                            commune="Strasbourg")
    angers = creer_lieu(nom="Angers", horaires=PH_OFF)
    ces_lieux = Lieu.objects.filter(pk__in=[strasbourg.pk, angers.pk])
    assert noms(ouverts_a(ces_lieux, a(VENDREDI_SAINT_2027, 10))) == ["Angers"]
    assert noms(ouverts_a(ces_lieux, a(dt.date(2027, 4, 2), 10))) == ["Angers", "Strasbourg"]
    assert noms(ouverts_a(ces_lieux, a(dt.date(2026, 12, 26), 10))) == ["Angers"]
