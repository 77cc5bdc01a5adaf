"""lieux/projections/comptes.py: the map's counts kept by PostgreSQL triggers equal the live counts after every write."""

import datetime as dt

import pytest
from django.contrib.gis.geos import Point
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from lieux import agregation
from lieux.projections import masque
from lieux.filtres import FiltresLieux
from lieux.models import Commune, CompteCarte, Lieu
from lieux.projections import comptes
from lieux.selection import Selection
from tests.factories import creer_lieu
from tests.outils_carte import verifier

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ardoise_propre")]
AIDE = "Aide aux démarches administratives"
LOISIRS = "Loisirs et créations numériques"
ACCES = "Accès internet et matériel informatique"


def dans(code, **kwargs):
    commune = Commune.objects.get(code=code)
    kwargs.setdefault("localisation", Point(commune.point.x, commune.point.y, srid=4326))
    return creer_lieu(code_insee=code, commune=commune.nom, code_postal=(commune.codes_postaux or ["00000"])[0],
                      **kwargs)


@pytest.fixture
def lieux(geographie):
    return [
        dans("49007"), dans("49007", services=[LOISIRS], frais_a_charge=["Gratuit"]),
        dans("49328", publics_specifiquement_adresses=["Seniors"], services=[ACCES], prise_rdv="https://rdv.test/"),
        dans("44109", frais_a_charge=["Payant"], publics_specifiquement_adresses=["Seniors", "Jeunes"]),
        dans("35238", services=[ACCES, AIDE], fiche_acces_libre="https://acceslibre.test/1"),
        dans("75115", modalites_acces=["Prendre un RDV en ligne"]),
        dans("97411", services=[LOISIRS], publics_specifiquement_adresses=["Seniors"]),
        dans("49007", statut="archive"),
        dans("49099", localisation=None),
    ]


def test_single_saves_archive_restore_move_and_delete_keep_the_counts_exact(lieux):
    verifier()
    angers, _, saumur, nantes, *_ = lieux
    angers.services = [LOISIRS, ACCES]
    angers.save()
    verifier()
    saumur.statut = Lieu.Statut.ARCHIVE  # archive…
    saumur.save()
    verifier()
    saumur.statut = Lieu.Statut.ACTIF  # …and restore
    saumur.save()
    verifier()
    rennes = Commune.objects.get(code="35238")
    nantes.commune_officielle, nantes.departement_id, nantes.region_id = rennes, "35", "53"  # a new territory
    nantes.save()
    verifier()
    lieux[-1].localisation = Point(-0.88, 47.06, srid=4326)  # located at last
    lieux[-1].save()
    verifier()
    angers.delete()
    verifier()
    assert CompteCarte.objects.filter(niveau="region", portee=0, region="53").get().n == 2


def test_bulk_statements_keep_the_counts_exact(lieux):
    assert Lieu.objects.filter(region_id="52", source="tests").update(frais_a_charge=["Gratuit sous condition"]) == 6
    verifier()
    Lieu.objects.filter(departement_id="49").update(statut=Lieu.Statut.ARCHIVE)
    verifier()
    Lieu.objects.bulk_create([Lieu(id=f"lot-{i}", nom=f"Lot {i}", commune="Nantes", code_postal="44000",
                                   code_insee="44109", date_maj=dt.date(2026, 1, 1), source="tests",
                                   localisation=Point(-1.55, 47.22, srid=4326), services=[AIDE] if i % 2 else [],
                                   commune_officielle_id="44109", departement_id="44", region_id="52")
                              for i in range(40)])
    verifier()
    Lieu.objects.filter(source="tests", code_insee="44109").delete()
    verifier()
    Lieu.objects.filter(departement_id="35").update(departement=None)  # what on_delete=SET_NULL runs
    verifier()
    assert CompteCarte.objects.filter(niveau="departement", portee=0, region="53", departement=None).get().n == 1


def test_upserts_copy_and_truncate_keep_the_counts_exact(lieux):
    angers = list(Lieu.objects.filter(code_insee="49007"))
    for lieu in angers:
        lieu.services, lieu.region_id = [], "53"
    nouveau = Lieu(id="upsert-1", nom="Nouveau", commune="Angers", code_postal="49000", code_insee="49007",
                   date_maj=dt.date(2026, 1, 1), source="tests", localisation=Point(-0.55, 47.47, srid=4326),
                   region_id="52", departement_id="49")
    # INSERT … ON CONFLICT DO UPDATE (the importers' upsert) fires both the insert and the update triggers
    Lieu.objects.bulk_create(angers + [nouveau], update_conflicts=True, unique_fields=["uid"],
                             update_fields=["services", "region"])
    verifier()
    with connection.cursor() as cursor:
        colonnes = ("id, nom, commune, code_postal, code_insee, date_maj, source, localisation, services, statut, "
                    "commune_officielle_id, departement_id, region_id")
        cursor.execute(f"SELECT {colonnes} FROM lieux_lieu WHERE uid = %s", [lieux[2].uid])
        modele = list(cursor.fetchone())
        listes = ("typologie, courriels, site_web, itinerance, publics_specifiquement_adresses, "
                  "prise_en_charge_specifique, frais_a_charge, dispositif_programmes_nationaux, formations_labels, "
                  "autres_formations_labels, modalites_acces, modalites_accompagnement")
        with cursor.copy(f"COPY lieux_lieu ({colonnes}, {listes}, pivot, adresse, complement_adresse, telephone, "
                         "horaires, presentation_resume, presentation_detail, structure_parente, fiche_acces_libre, "
                         "prise_rdv, precision_localisation, cree_le, modifie_le) FROM STDIN") as copie:
            for i in range(3):  # the demo writes its lieux with COPY
                copie.write_row([f"copie-{i}", *modele[1:], *[[]] * 12, "00000000000000", "", "", "", "", "", "",
                                 "", "https://acceslibre.test/2" if i else "", "", "source",
                                 "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"])
        verifier()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the inserts' deferred foreign-key checks run first
        cursor.execute("TRUNCATE lieux_lieu CASCADE")  # rolled back with the test
    assert not CompteCarte.objects.exists()


FILTRES = ["", f"services={AIDE}", "frais_a_charge=Gratuit", "prise_rdv=true", "fiche_acces_libre=true",
           f"services={LOISIRS},{ACCES}", f"publics_specifiquement_adresses=Seniors&services={ACCES}",
           "publics_specifiquement_adresses=Seniors&frais_a_charge=Payant,Gratuit&prise_rdv=true",
           "region=52", "departement=49&services=" + AIDE, "territoire_type=regions&territoires=52,53&prise_rdv=true",
           "region=52&territoire_type=departements&territoires=44,35"]


@pytest.mark.parametrize("texte", FILTRES)
def test_filtered_counts_from_the_kept_counts_equal_the_live_ones(lieux, texte):
    dans("44109", services=[AIDE], frais_a_charge=["Gratuit"], publics_specifiquement_adresses=["Seniors"],
         prise_rdv="https://rdv.test/")
    f = FiltresLieux(QueryDict(texte))
    selection = f.selection(bbox=False)
    assert selection.critere is not None
    demandes = [("region", {}), ("departement", {"territoire": ("region", "52")}),
                ("departement", {"bbox": (-2.5, 46.5, 0.5, 48.5)}), ("departement", {"bbox": (-5, 41, 10, 52)})]
    for niveau, options in demandes:
        with CaptureQueriesContext(connection) as requetes:
            tenu = agregation.agreger(selection, niveau, **options)
        vivant = agregation.agreger(Selection(selection.lieux), niveau, **options)  # without its criterion: live
        assert tenu == vivant, (niveau, options)
        plusieurs_familles = masque.portee(selection.critere.masques) == masque.TOUS
        if niveau == "region" or not plusieurs_familles:
            assert any("lieux_comptecarte" in r["sql"] for r in requetes.captured_queries)
    assert agregation.agreger(selection, "region")["total"] > 0


def test_only_filters_on_mask_bits_regions_and_departements_use_the_kept_counts(geographie):
    for texte in ["ouvert_actuellement=true", "source=hub", "autres_formations_labels=QPV", "commune=49007",
                  "near=47.47,-0.55&radius=5", "territoire_type=communes&territoires=49007"]:
        assert FiltresLieux(QueryDict(texte)).selection(bbox=False).critere is None, texte
    assert FiltresLieux(QueryDict("bbox=-1,47,0,48")).selection().critere is None  # a box bounds the lieux…
    assert FiltresLieux(QueryDict("bbox=-1,47,0,48")).selection(bbox=False).critere is not None  # …unless ignored
    f = FiltresLieux(QueryDict("services=" + AIDE))
    critere = f.selection().critere
    assert critere.masques == (masque.bits_de("services", [AIDE]),) and critere.regions is None

    class Restreints(FiltresLieux):  # a subclass narrowing the population (as the embed's perimeter does)
        def filtrer(self, queryset, territoire=True, bbox=True):
            return super().filtrer(queryset.filter(source="hub"), territoire=territoire, bbox=bbox)

    assert Restreints(QueryDict("services=" + AIDE)).selection().critere is None  # counted live, not from the counts
    deux = FiltresLieux(QueryDict("region=52&territoire_type=regions&territoires=52,53")).critere_comptes()
    assert deux.regions == ("52",)  # both territory filters apply


def test_portee_is_the_narrowest_family_holding_the_filters():
    services = masque.FAMILLES["services"]
    assert masque.portee([]) == 0
    assert masque.portee([masque.bits_de("services", [AIDE, LOISIRS])]) == services
    assert masque.portee([masque.RDV_EN_LIGNE, masque.ACCES_LIBRE]) == masque.FAMILLES["options"]
    assert masque.portee([masque.bits_de("services", [AIDE]), masque.RDV_EN_LIGNE]) == masque.TOUS
    assert sum(masque.FAMILLES.values()) == masque.TOUS  # the families share no bit


def test_installed_trigger_function_is_this_code(db):
    """A changed mask (new values of the standard) needs a migration calling comptes.installer()."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [comptes.FONCTION])
        (installe,) = cursor.fetchone()
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'lieux_lieu'::regclass AND NOT tgisinternal")
        declencheurs = {nom for (nom,) in cursor.fetchall()}
    attendu = comptes.sql_fonction().split("$corps$")[1]
    assert installe == attendu
    assert set(comptes.DECLENCHEURS) <= declencheurs
