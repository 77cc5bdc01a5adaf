"""The quality score (lieux/qualite.py): each component as a plain function, then the score PostgreSQL keeps
(lieux/projections/qualite.py) against the same rules, after every kind of write."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.gis.geos import Point
from django.db import connection

from lieux import qualite
from lieux.models import Lieu, QualiteLieu
from lieux.projections import qualite as projection_qualite
from tests.factories import creer_lieu, creer_provenance

AUJOURD_HUI = dt.date(2026, 12, 2)


def lieu_complet(**changements):
    valeurs = dict(horaires="Mo-Fr 09:00-12:00", services=["Aide aux démarches administratives"],
                   telephone="+33241000000", courriels=[], site_web=[], localisation=Point(0, 47),
                   precision_localisation="source", date_maj=AUJOURD_HUI, fiche_acces_libre="",
                   modalites_acces=["Se présenter"], prise_en_charge_specifique=[],
                   publics_specifiquement_adresses=["Seniors"], prise_rdv="https://rdv.example.org")
    valeurs.update(changements)
    return SimpleNamespace(**valeurs)


# --- the declared table ---------------------------------------------------------------------------------------

def test_les_poids_font_cent_et_chacun_dit_pourquoi():
    assert sum(p for p, _ in qualite.PONDERATIONS.values()) == 100
    assert all(len(pourquoi) > 20 for _, pourquoi in qualite.PONDERATIONS.values())


def test_un_lieu_complet_et_frais_a_cent():
    assert qualite.pertes(lieu_complet(), AUJOURD_HUI, "renseignes") == []
    assert qualite.score([]) == 100


# --- each component ---------------------------------------------------------------------------------------------

def test_horaires():
    assert str(qualite.perte_horaires("", None)) == "horaires manquants : −20"
    assert qualite.perte_horaires("n'importe quoi", "illisibles").points == 15
    assert qualite.perte_horaires("Mo 09:00-12:00", "renseignes") is None
    assert qualite.perte_horaires("Mo 09:00-12:00", None) is None  # not analysed yet: no loss until it is
    assert qualite.perte_horaires("off", "non_renseignes").points == 20


def test_services():
    assert str(qualite.perte_services([])) == "services non renseignés : −15"
    assert qualite.perte_services(["Aide aux démarches administratives"]) is None


def test_contact_un_seul_suffit():
    assert qualite.perte_contact("", [], []).points == 15
    assert qualite.perte_contact("+33241000000", [], []) is None
    assert qualite.perte_contact("", ["a@b.fr"], []) is None
    assert qualite.perte_contact("", [], ["https://a.fr"]) is None


def test_position():
    assert str(qualite.perte_position(False, "source")) == "position inconnue : −15"
    assert qualite.perte_position(True, "commune").points == 10
    assert qualite.perte_position(True, "adresse") is None


def test_fraicheur_pleine_un_an_puis_un_point_par_mois_commence():
    assert qualite.perte_fraicheur(AUJOURD_HUI - dt.timedelta(days=365), AUJOURD_HUI) is None
    assert qualite.perte_fraicheur(AUJOURD_HUI - dt.timedelta(days=366), AUJOURD_HUI).points == 1
    assert qualite.perte_fraicheur(AUJOURD_HUI - dt.timedelta(days=365 + 61), AUJOURD_HUI).points == 3
    perte = qualite.perte_fraicheur(dt.date(2019, 1, 1), AUJOURD_HUI)
    assert str(perte) == "informations de plus d'un an : −15"


def test_accessibilite_publics_prise_rdv():
    assert qualite.perte_accessibilite("", [], []).points == 5
    assert qualite.perte_accessibilite("https://acceslibre.beta.gouv.fr/x", [], []) is None
    assert qualite.perte_accessibilite("", [], ["Surdité"]) is None
    assert qualite.perte_publics([]).points == 3
    assert qualite.perte_prise_rdv("").points == 2


def test_valeurs_ecartees_a_l_import():
    brutes = {"telephone": "pas un numéro", "horaires": "le mardi", "courriels": "", "services": "Inconnu",
              "site_web": "https://ok.fr"}
    valeurs = {"telephone": "", "horaires": "", "courriels": [], "services": [], "site_web": ["https://ok.fr"]}
    ecartes = qualite.champs_ecartes(brutes, valeurs)
    assert ecartes == ["horaires", "telephone", "services"]
    perte = qualite.perte_import(ecartes)
    assert str(perte) == "valeurs écartées à l'import (horaires, téléphone, services) : −9"
    assert qualite.perte_import(["horaires", "telephone", "services", "prise_rdv"]).points == 10  # capped
    assert qualite.perte_import([]) is None
    assert qualite.champs_ecartes({"Téléphone du lieu": "x"}, {"telephone": ""}) == []  # a profile's own columns


def test_le_score_ne_descend_pas_sous_zero_et_le_detail_est_en_francais():
    vide = lieu_complet(horaires="", services=[], telephone="", localisation=None, date_maj=dt.date(2015, 1, 1),
                        modalites_acces=[], publics_specifiquement_adresses=[], prise_rdv="")
    pertes = qualite.pertes(vide, AUJOURD_HUI, None, ["horaires", "telephone", "courriels", "services"])
    assert qualite.score(pertes) == 0
    assert qualite.detail(pertes)[0] == "horaires manquants : −20"
    assert [p.code for p in pertes] == list(qualite.PONDERATIONS)


def test_tranches():
    assert qualite.tranche(39) == "moins de 40"
    assert qualite.tranche(80) == "80 et plus"
    assert qualite.tranche(None) == "non calculé"


# --- the score PostgreSQL keeps ---------------------------------------------------------------------------------

def _garde(lieu):
    return QualiteLieu.objects.get(lieu=lieu)


def _attendu(lieu, ecartes=()):
    lieu = Lieu.objects.get(pk=lieu.pk)
    etat = "illisibles" if lieu.horaires and not lieu.horaires[0].isupper() else "renseignes"
    return qualite.pertes(lieu, dt.date.today(), etat, ecartes)


@pytest.mark.django_db
def test_la_base_garde_le_score_a_la_creation_et_a_la_modification(geographie):
    lieu = creer_lieu(horaires="Mo-Fr 09:00-12:00", telephone="+33241000000")
    garde = _garde(lieu)
    assert garde.pertes == [p.en_dict() for p in _attendu(lieu)]
    assert garde.score == qualite.score(_attendu(lieu)) == 100 - 5 - 3 - 2 - qualite.perte_fraicheur(lieu.date_maj, dt.date.today()).points
    Lieu.objects.filter(pk=lieu.pk).update(telephone="", services=[])  # a queryset update: no save()
    assert _garde(lieu).score == garde.score - 15 - 15
    assert "aucun contact (téléphone, courriel ou site web) : −15" in _garde(lieu).detail
    with connection.cursor() as curseur:  # raw SQL too
        curseur.execute("update lieux_lieu set horaires = '', date_maj = current_date where uid = %s", [lieu.pk])
    assert _garde(lieu).pertes == [p.en_dict() for p in _attendu(lieu)]
    assert projection_qualite.ecarts() == []


@pytest.mark.django_db
def test_horaires_illisibles_lus_par_l_analyse(geographie):
    lieu = creer_lieu(horaires="le mardi quand il fait beau", date_maj=dt.date.today())
    assert "horaires illisibles : −15" in _garde(lieu).detail


@pytest.mark.django_db
def test_une_provenance_dont_l_import_a_ecarte_des_valeurs(geographie):
    lieu = creer_lieu(date_maj=dt.date.today(), telephone="+33241000000")
    avant = _garde(lieu).score
    provenance = creer_provenance(lieu, donnees_brutes={"telephone": "12", "horaires": "le lundi", "nom": "x"},
                                  valeurs={"telephone": "", "horaires": ""})
    assert _garde(lieu).score == avant - 6
    assert "valeurs écartées à l'import (horaires, téléphone) : −6" in _garde(lieu).detail
    provenance.actif = False
    provenance.save()
    assert _garde(lieu).score == avant
    provenance.delete()
    assert projection_qualite.ecarts() == []


@pytest.mark.django_db
def test_supprimer_un_lieu_supprime_son_score(geographie):
    lieu = creer_lieu()
    with connection.cursor() as curseur:
        curseur.execute("delete from lieux_lieu where uid = %s", [lieu.pk])
    assert not QualiteLieu.objects.filter(lieu_id=lieu.pk).exists()


@pytest.mark.django_db
def test_le_recalcul_de_la_nuit_applique_le_temps_qui_passe(geographie):
    lieu = creer_lieu(date_maj=dt.date.today(), horaires="Mo 09:00-12:00", telephone="+33241000000")
    assert _garde(lieu).score == 90
    dans_trois_ans = dt.date.today() + dt.timedelta(days=3 * 365)
    assert projection_qualite.recalculer(aujourd_hui=dans_trois_ans) >= 1
    assert _garde(lieu).score == 75
    assert projection_qualite.recalculer(aujourd_hui=dans_trois_ans) == 0  # nothing changed: nothing rewritten
    assert projection_qualite.ecarts(aujourd_hui=dans_trois_ans) == []


@pytest.mark.django_db
def test_la_commande_de_la_nuit(geographie):
    from io import StringIO

    from django.core.management import call_command

    lieu = creer_lieu(date_maj=dt.date.today())
    QualiteLieu.objects.filter(lieu=lieu).update(score=3, pertes=[])  # a stale score
    sortie = StringIO()
    call_command("calculer_scores_qualite", stdout=sortie)
    assert "scores de qualité mis à jour" in sortie.getvalue()
    assert _garde(lieu).score == qualite.score(_attendu(lieu))


@pytest.mark.django_db
def test_une_ecriture_qui_ne_touche_rien_du_score_ne_le_recalcule_pas(geographie):
    lieu = creer_lieu(date_maj=dt.date.today())
    QualiteLieu.objects.filter(lieu=lieu).update(calcule_le=dt.date(2000, 1, 1), score=1)  # a marker
    Lieu.objects.filter(pk=lieu.pk).update(presentation_resume="Un nouveau résumé", nom="Autre nom")
    assert _garde(lieu).score == 1  # untouched: name and presentation are not read by the score
    Lieu.objects.filter(pk=lieu.pk).update(localisation=None)
    assert _garde(lieu).score == qualite.score(_attendu(lieu)) and "position inconnue : −15" in _garde(lieu).detail
    QualiteLieu.objects.filter(lieu=lieu).update(score=3)
    creer_provenance(lieu, id_source="propre", donnees_brutes={"telephone": "02 41 00 00 00"},
                     valeurs={"telephone": "+33241000000"})
    assert _garde(lieu).score == 3  # a record without any dropped field cannot move the score: not recomputed
    provenance = creer_provenance(lieu, donnees_brutes={"telephone": "x"}, valeurs={"telephone": ""})
    assert "valeurs écartées à l'import (téléphone) : −3" in _garde(lieu).detail
    QualiteLieu.objects.filter(lieu=lieu).update(score=2)
    from django.utils import timezone
    provenance.rapprochee_le = timezone.now()
    provenance.save(update_fields=["rapprochee_le"])
    assert _garde(lieu).score == 2  # the matching's bookkeeping is not read by the score
    provenance.valeurs = {"telephone": "+33241000000"}
    provenance.save(update_fields=["valeurs"])
    assert _garde(lieu).score == qualite.score(_attendu(lieu))


@pytest.mark.django_db
def test_une_provenance_qui_change_de_lieu_emporte_sa_perte(geographie):
    depart = creer_lieu(date_maj=dt.date.today())
    arrivee = creer_lieu(date_maj=dt.date.today())
    provenance = creer_provenance(depart, donnees_brutes={"horaires": "le lundi"}, valeurs={"horaires": ""})
    assert "valeurs écartées à l'import (horaires) : −3" in _garde(depart).detail
    provenance.lieu = arrivee  # a record split off to another lieu (lieux/consolidation/)
    provenance.save(update_fields=["lieu"])
    assert not any("import" in d for d in _garde(depart).detail)
    assert "valeurs écartées à l'import (horaires) : −3" in _garde(arrivee).detail
    assert projection_qualite.ecarts() == []
