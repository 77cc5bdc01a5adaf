"""The territory rule of the coordinators' space (lieux/perimetres.py, imports/perimetres.py), on the real geography:
which communes, lieux, sources and import rows an account's territories hold."""

import pytest
from django.contrib.auth.models import User

from imports.ligne import LigneImportee, Rattachement
from imports.models import ImportRun, Source
from imports.perimetres import (communes_autorisees, dans_le_territoire, imports_visibles, peut_agir_sur,
                                source_modifiable, sources_modifiables, sources_visibles)
from lieux.models import Commune, Lieu
from lieux.perimetres import (a_des_territoires, communes_du_perimetre, dans_le_perimetre, description_du_perimetre,
                              est_national, q_perimetre, q_territoires)
from tests.factories import coordinateur, creer_lieu, creer_provenance

pytestmark = pytest.mark.django_db

ANGERS, SAUMUR, BORDEAUX, NANTES = "49007", "49328", "33063", "44109"


def commune(code):
    return Commune.objects.get(code=code)


def compte(nom, **options):
    utilisateur = User.objects.create_user(nom, password="x", is_staff=True)
    if options:
        coordinateur(utilisateur, **options)
    return User.objects.get(pk=utilisateur.pk)  # fresh: no cached Coordinateur


def dedans(utilisateur, code) -> bool:
    return dans_le_perimetre(utilisateur, commune(code))


def test_un_departement(geographie):
    maine_et_loire = compte("c49", departements=["49"])
    gironde = compte("c33", departements=["33"])
    assert dedans(maine_et_loire, ANGERS) and dedans(maine_et_loire, SAUMUR)
    assert not dedans(maine_et_loire, BORDEAUX)
    assert dedans(gironde, BORDEAUX) and not dedans(gironde, ANGERS)
    assert not est_national(maine_et_loire)
    assert description_du_perimetre(maine_et_loire) == "Maine-et-Loire (49)"


def test_un_epci(geographie):
    angers_loire_metropole = commune(ANGERS).epci_id
    compte_epci = compte("epci", epcis=[angers_loire_metropole])
    assert dedans(compte_epci, ANGERS)
    assert not dedans(compte_epci, SAUMUR)  # same département, another EPCI
    assert commune(SAUMUR).epci_id != angers_loire_metropole


def test_une_region(geographie):
    pays_de_la_loire = compte("r52", regions=["52"])
    assert dedans(pays_de_la_loire, ANGERS) and dedans(pays_de_la_loire, NANTES)
    assert not dedans(pays_de_la_loire, BORDEAUX)


def test_une_liste_de_communes(geographie):
    deux = compte("communes", communes=[ANGERS, NANTES])
    assert dedans(deux, ANGERS) and dedans(deux, NANTES)
    assert not dedans(deux, SAUMUR) and not dedans(deux, BORDEAUX)


def test_les_arrondissements_municipaux_sous_leur_commune(geographie):
    paris, lyon = compte("paris", communes=["75056"]), compte("lyon", communes=["69123"])
    assert commune("75101").commune_parente_id == "75056"
    assert dedans(paris, "75101") and dedans(paris, "75120") and not dedans(paris, "69381")
    assert dedans(lyon, "69381") and not dedans(lyon, "75101")
    assert {"75056", "75101", "75120"} <= communes_du_perimetre(paris)
    # and the other way: an arrondissement alone does not give its whole commune
    premier = compte("premier", communes=["75101"])
    assert dedans(premier, "75101") and not dedans(premier, "75102") and not dedans(premier, "75056")


def test_sans_coordinateur_rien(geographie):
    personne = compte("personne")
    creer_lieu()
    assert not dedans(personne, ANGERS) and not dans_le_perimetre(personne, None)
    assert not Lieu.objects.filter(q_perimetre(personne)).exists()
    assert communes_du_perimetre(personne) == frozenset()
    sans_territoire = compte("vide", national=False)
    assert not Lieu.objects.filter(q_perimetre(sans_territoire)).exists()


def test_superutilisateur_et_national_voient_tout(geographie):
    angers, bordeaux = creer_lieu(), creer_lieu(code_insee=BORDEAUX, commune="Bordeaux", code_postal="33000")
    sans_commune = creer_lieu(code_insee="", commune="Nulle part")
    chef = User.objects.create_superuser("chef", "chef@example.org", "x")
    national = compte("national", national=True)
    for utilisateur in (chef, national):
        assert est_national(utilisateur) and dans_le_perimetre(utilisateur, None)
        assert set(Lieu.objects.filter(q_perimetre(utilisateur))) >= {angers, bordeaux, sans_commune}
        assert communes_du_perimetre(utilisateur) is None
    chef.is_active = False
    assert not est_national(chef)


def test_les_lieux_filtres_par_leur_commune(geographie):
    angers, bordeaux = creer_lieu(), creer_lieu(code_insee=BORDEAUX, commune="Bordeaux", code_postal="33000")
    sans_commune = creer_lieu(code_insee="", commune="Nulle part")
    ici = Lieu.objects.filter(pk__in=[angers.pk, bordeaux.pk, sans_commune.pk])  # committed lieux of other tests aside
    assert list(ici.filter(q_perimetre(compte("c49", departements=["49"])))) == [angers]
    assert list(ici.filter(q_perimetre(compte("c33", departements=["33"])))) == [bordeaux]
    assert sans_commune.commune_officielle_id is None


def test_ses_territoires_meme_national(geographie):
    deux = [creer_lieu().pk, creer_lieu(code_insee=BORDEAUX, commune="Bordeaux", code_postal="33000").pk]
    ici = Lieu.objects.filter(pk__in=deux)
    national_girondin = compte("ng", national=True, departements=["33"])
    assert a_des_territoires(national_girondin) and not a_des_territoires(compte("n", national=True))
    assert ici.filter(q_perimetre(national_girondin)).count() == 2
    assert list(ici.filter(q_territoires(national_girondin)).values_list("code_insee", flat=True)) == [BORDEAUX]


# --- imports -------------------------------------------------------------------------------------------------


def _ligne(code):
    return LigneImportee(numero=1, valeurs_standard={"id": "x"}, rattachement=Rattachement(commune=code))


def test_une_ligne_hors_du_territoire_est_refusee(geographie):
    maine_et_loire = compte("c49", departements=["49"])
    communes = communes_autorisees(maine_et_loire)
    assert not dans_le_territoire(_ligne(ANGERS), communes).rejetee
    refusee = dans_le_territoire(_ligne(BORDEAUX), communes)
    assert refusee.rejetee
    assert "Ce lieu est dans la commune 33063, hors de votre territoire : ligne refusée" in refusee.messages[-1].texte
    assert dans_le_territoire(_ligne(None), communes).rejetee
    assert communes_autorisees(None) is None  # a command run by the operators
    assert not dans_le_territoire(_ligne(BORDEAUX), None).rejetee


def test_sources_visibles_et_modifiables(geographie):
    maine_et_loire, gironde = compte("c49", departements=["49"]), compte("c33", departements=["33"])
    pays_de_la_loire = compte("r52", regions=["52"])
    hub49 = Source.objects.create(nom="hub-49")
    creer_provenance(creer_lieu(), source="hub-49")
    regional = Source.objects.create(nom="regional")
    creer_provenance(creer_lieu(), source="regional")
    creer_provenance(creer_lieu(code_insee=NANTES, commune="Nantes", code_postal="44000"), source="regional")
    vide = Source.objects.create(nom="nouvelle")

    ici = {hub49, regional, vide}  # committed sources of other tests aside
    assert set(sources_visibles(maine_et_loire)) & ici == {hub49, regional, vide}
    assert set(sources_modifiables(maine_et_loire)) & ici == {hub49, vide}  # the regional file also holds Nantes
    assert set(sources_modifiables(pays_de_la_loire)) & ici == {hub49, regional, vide}
    assert set(sources_visibles(gironde)) & ici == {vide} and not source_modifiable(gironde, hub49)

    # a new source used by the Gironde's coordinator is theirs: no longer the Maine-et-Loire's to use
    run33 = ImportRun.objects.create(source=vide, utilisateur=gironde)
    assert vide not in sources_modifiables(maine_et_loire) and vide in sources_modifiables(gironde)
    assert list(imports_visibles(gironde)) == [run33] and not imports_visibles(maine_et_loire).exists()
    assert peut_agir_sur(gironde, run33) and not peut_agir_sur(maine_et_loire, run33)
    assert peut_agir_sur(User.objects.create_superuser("chef", "c@example.org", "x"), run33)
    personne = compte("personne")
    assert not sources_visibles(personne).exists() and not sources_modifiables(personne).exists()
