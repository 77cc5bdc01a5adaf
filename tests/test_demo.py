"""generate_demo_lieux: valid lieux, inside their commune, in proportion to population, never mixed with real data."""

import pytest
from django.core.management import call_command
from django.db import connection

from lieux import demo, regles
from lieux.models import Lieu
from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db


def test_les_lieux_de_demo_sont_valides_et_dans_leur_commune(geographie):
    ecrits = demo.generer(3000, seed=11)
    assert ecrits == 3000
    lieux = Lieu.objects.demo()
    assert lieux.count() == 3000
    assert not lieux.filter(commune_officielle__isnull=True).exists()
    assert not lieux.filter(departement__isnull=True).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            """select count(*) from lieux_lieu l join lieux_commune c on c.code = l.commune_officielle_id
               where l.uid in (select lieu_id from lieux_provenance where source = 'demonstration')
                 and not st_intersects(c.geom, l.localisation::geometry)"""
        )
        assert cursor.fetchone()[0] == 0
    for lieu in lieux[:300]:
        assert lieu.services, lieu
        assert regles.horaires_valides(lieu.horaires), lieu.horaires
        assert lieu.telephone == "" or regles.telephone_valide(lieu.telephone), lieu.telephone
        assert regles.pivot_valide(lieu.pivot), lieu.pivot
        assert lieu.code_postal and lieu.code_insee == lieu.commune_officielle_id
    # names and descriptions read as French: « Centre social d'Angers », never « de Angers » / « de Le Havre »
    fautes = lieux.filter(nom__regex=r" de ([AEIOUYÉÈÎÂ]|Le |Les )") | lieux.filter(
        presentation_resume__regex=r" de ([AEIOUYÉÈÎÂ]|Le |Les )")
    assert not fautes.exists(), list(fautes.values_list("nom", flat=True)[:5])
    assert lieux.filter(nom__regex=r" (d'|du |des )").exists()


def test_repartition_selon_la_population(geographie):
    demo.generer(6000, seed=5)
    paris = Lieu.objects.demo().dans_commune("75056").count()
    nord = Lieu.objects.demo().filter(departement_id="59").count()
    lozere = Lieu.objects.demo().filter(departement_id="48").count()
    # Paris holds 3.1 % of the population, the Nord 3.8 %, the Lozère 0.1 %
    assert 120 < paris < 260
    assert 160 < nord < 300
    assert lozere < 25


def test_meme_graine_meme_tirage(geographie):
    demo.generer(200, seed=3)
    premiers = list(Lieu.objects.demo().order_by("uid").values_list("nom", "commune_officielle_id"))
    Lieu.objects.demo().delete()
    demo.generer(200, seed=3)
    seconds = list(Lieu.objects.demo().order_by("uid").values_list("nom", "commune_officielle_id"))
    assert premiers == seconds


def test_commande_if_empty_et_replace_ne_touchent_pas_aux_vraies_donnees(geographie, capsys):
    reel = creer_lieu(nom="Vrai lieu", source="Hubik")
    call_command("generate_demo_lieux", "--count", "50", "--if-empty")
    assert "aucun lieu de démonstration ajouté" in capsys.readouterr().out
    assert Lieu.objects.demo().count() == 0
    call_command("generate_demo_lieux", "--count", "50")
    call_command("generate_demo_lieux", "--count", "30", "--replace")
    assert Lieu.objects.demo().count() == 30
    assert Lieu.objects.filter(uid=reel.uid).exists()


def test_supprimer_demo_emporte_les_lignes_liees_et_seulement_elles(geographie):
    from lieux.models import Provenance, Signalement
    from tests.factories import creer_provenance

    demo.generer(40, seed=9)
    reel = creer_lieu(nom="Vrai lieu", source="Hubik")
    creer_provenance(reel)
    un_demo = Lieu.objects.demo().first()
    creer_provenance(un_demo, id_source="d1")
    for lieu in (reel, un_demo):
        Signalement.objects.create(lieu=lieu, rubriques=["horaires"], message="Fermé le lundi",
                                   empreinte_client="x" * 64)
    demo_uid = un_demo.uid
    assert demo.supprimer_demo() == 40
    assert not Lieu.objects.demo().exists()
    concernes = [reel.uid, demo_uid]  # (other lieux may be in the database: the browser tests' ones)
    assert list(Provenance.objects.filter(lieu_id__in=concernes).values_list("lieu_id", flat=True)) == [reel.uid]
    assert list(Signalement.objects.filter(lieu_id__in=concernes).values_list("lieu_id", flat=True)) == [reel.uid]
    assert not Provenance.objects.filter(id_source="d1").exists()


def test_un_vrai_lieu_dont_la_colonne_source_dit_demo_reste_un_vrai_lieu(geographie):
    """Demo lieux are keyed on their import source (« demonstration »), not on the standard `source` column: a
    producer's file saying « demo » there is real data, kept by the deletion and exported."""
    demo.generer(20, seed=4)
    reel = creer_lieu(nom="Lieu d'un producteur nommé demo", source="demo")
    assert reel in Lieu.objects.reels() and reel not in Lieu.objects.demo()
    assert Lieu.objects.demo().count() == 20
    assert demo.supprimer_demo() == 20
    assert Lieu.objects.filter(uid=reel.uid).exists() and not Lieu.objects.demo().exists()


def test_le_nom_de_source_des_lieux_de_demo_est_reserve():
    from django.core.exceptions import ValidationError

    from imports.models import Source

    with pytest.raises(ValueError, match="réservé aux lieux de démonstration"):
        Source.objects.create(nom="demonstration")
    with pytest.raises(ValidationError) as erreur:
        Source(nom=" Demonstration ").full_clean()
    assert "réservé aux lieux de démonstration" in str(erreur.value.message_dict["nom"])
    assert not Source.objects.filter(nom__iexact="demonstration").exists()


def test_le_nom_reserve_est_refuse_en_francais_a_l_import(tmp_path, client, settings):
    """Not a crash: the command and the admin's import form say why, in French."""
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management.base import CommandError

    settings.MEDIA_ROOT = tmp_path
    chemin = tmp_path / "lieux.csv"
    chemin.write_text("id;nom\n1;Lieu\n", encoding="utf-8")
    with pytest.raises(CommandError, match="réservé aux lieux de démonstration"):
        call_command("import_lieux", str(chemin), "--source", "demonstration")
    client.force_login(User.objects.create_superuser("admin-demo", password="x"))
    reponse = client.post("/admin/imports/importrun/importer/", {
        "fichier": SimpleUploadedFile("lieux.csv", chemin.read_bytes()), "nouvelle_source": "demonstration"})
    assert reponse.status_code == 200 and "réservé aux lieux de démonstration" in reponse.content.decode()
