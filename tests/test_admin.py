"""The admin of the lieux and territories, the lieu form and the database constraints, on the real PostGIS."""

import json

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from lieux import standard
from lieux.admin import FIELDSETS_LIEU
from lieux.forms import CHAMPS_FORMULAIRE, LieuForm
from lieux.models import Commune, Departement, Lieu, Region
from tests.factories import creer_lieu, creer_provenance

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:lieux_lieu_changelist")
AIDE = "Aide aux démarches administratives"
MATERIEL = "Accès internet et matériel informatique"


@pytest.fixture
def maine_et_loire():
    """Angers and its territories: those of the geography if the test database has it, created otherwise."""
    region, _ = Region.objects.get_or_create(code="52", defaults={"nom": "Pays de la Loire"})
    departement, _ = Departement.objects.get_or_create(
        code="49", defaults={"nom": "Maine-et-Loire", "region": region}
    )
    commune, _ = Commune.objects.get_or_create(code="49007", defaults={
        "nom": "Angers", "nom_recherche": "angers", "departement": departement, "region": region,
        "codes_postaux": ["49000", "49100"], "point": Point(-0.5536, 47.4739, srid=4326),
        "geom": MultiPolygon(Polygon.from_bbox((-0.62, 47.43, -0.50, 47.51)), srid=4326),
    })
    return region, departement, commune


def _resultats(reponse):
    return {lieu.nom for lieu in reponse.context["cl"].result_list}


# --- changelist ---------------------------------------------------------------------------------------------


def test_liste_des_lieux(admin_client):
    creer_lieu(nom="Médiathèque Toussaint", services=[AIDE, MATERIEL, "Loisirs et créations numériques"])
    reponse = admin_client.get(CHANGELIST)
    assert reponse.status_code == 200
    assert "Médiathèque Toussaint" in reponse.text
    assert f"{AIDE}, {MATERIEL} (+1)" in reponse.text


def test_liste_filtree(admin_client, maine_et_loire):
    region, departement, _ = maine_et_loire
    creer_lieu(nom="Angers A", region=region, departement=departement, services=[AIDE])
    creer_lieu(nom="Angers B", region=region, departement=departement, services=[MATERIEL])
    creer_lieu(nom="Angers archivé", region=region, departement=departement, services=[AIDE],
               statut="archive")
    creer_lieu(nom="Nice", commune="Nice", code_postal="06000", code_insee="06088", services=[AIDE],
               localisation=Point(7.2620, 43.7102, srid=4326))

    filtres = {"statut__exact": "actif", "service": AIDE, "region__code__exact": "52",
               "departement__code__exact": "49", "precision_localisation__exact": "source", "source": "tests"}
    reponse = admin_client.get(CHANGELIST, filtres)
    assert reponse.status_code == 200
    assert _resultats(reponse) == {"Angers A"}

    tous_avec_aide = {"Angers A", "Angers archivé", "Nice"}  # of this test's source: the browser tests commit others
    assert _resultats(admin_client.get(CHANGELIST, {"service": AIDE, "source": "tests"})) == tous_avec_aide
    assert _resultats(admin_client.get(CHANGELIST, {"q": "06000"})) == {"Nice"}
    assert _resultats(admin_client.get(CHANGELIST, {"q": "angers b"})) == {"Angers B"}
    # filter choices: the standard's services, the regions that have lieux
    reponse = admin_client.get(CHANGELIST)
    assert "Acquisition de matériel informatique à prix solidaire" in reponse.text
    assert "Pays de la Loire" in reponse.text


# --- change page --------------------------------------------------------------------------------------------


def test_page_d_un_lieu_avec_sa_provenance(admin_client):
    lieu = creer_lieu(nom="Espace numérique", telephone="+33241000000")
    brutes = {"nom": "Espace numérique", "telephone": "02 41 00 00 00"}
    creer_provenance(lieu, source="hub-test", donnees_brutes=brutes)
    reponse = admin_client.get(reverse("admin:lieux_lieu_change", args=[lieu.uid]))
    assert reponse.status_code == 200
    contenu = reponse.text
    assert "hub-test" in contenu
    assert escape(json.dumps(brutes, ensure_ascii=False, indent=2)) in contenu  # pretty-printed
    assert "leaflet" in contenu and 'name="localisation"' in contenu  # map widget
    assert 'name="services" value="Aide aux démarches administratives"' in contenu  # checkboxes
    assert "selectfilter" in contenu  # typologies
    assert 'name="provenances-0-source"' not in contenu  # provenances are read-only


def test_page_d_ajout_et_enregistrement(admin_client, maine_et_loire):
    _, _, angers = maine_et_loire
    donnees = {
        "id": "mediatheque-toussaint", "pivot": "434 933 123 00029", "nom": "Médiathèque Toussaint",
        "typologie": ["BIB", "MUNI"], "adresse": "49 rue Toussaint", "code_postal": "49 000",
        "commune": "Angers", "code_insee": "49007",
        "localisation": json.dumps({"type": "Point", "coordinates": [-0.5536, 47.4739]}),
        "precision_localisation": "adresse", "commune_officielle": "49007", "telephone": "02 41 00 00 00",
        "courriels": "accueil@exemple.fr|numerique@exemple.fr", "site_web": "www.exemple.fr",
        "horaires": "Tu-Sa 10:00-18:00", "services": [AIDE, MATERIEL], "frais_a_charge": ["Gratuit"],
        "statut": "actif", "date_maj": "15/03/2025",
        "provenances-TOTAL_FORMS": "0", "provenances-INITIAL_FORMS": "0",
        "fermetures-TOTAL_FORMS": "0", "fermetures-INITIAL_FORMS": "0",
    }
    reponse = admin_client.post(reverse("admin:lieux_lieu_add"), donnees)
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    lieu = Lieu.objects.get(id="mediatheque-toussaint")
    assert (lieu.pivot, lieu.code_postal, lieu.telephone) == ("43493312300029", "49000", "+33241000000")
    assert lieu.courriels == ["accueil@exemple.fr", "numerique@exemple.fr"]
    assert lieu.site_web == ["https://www.exemple.fr"]
    assert lieu.services == [AIDE, MATERIEL] and lieu.typologie == ["BIB", "MUNI"]
    assert lieu.commune_officielle == angers
    assert (round(lieu.latitude, 4), round(lieu.longitude, 4)) == (47.4739, -0.5536)


def _donnees_postees(*forms):
    """What a browser sends back for unchanged forms (values as rendered, lists as repeated keys)."""
    donnees = {}
    for form in forms:
        for nom in form.fields:
            valeur = form[nom].value()
            if valeur is None:
                continue
            donnees[form.add_prefix(nom)] = valeur if isinstance(valeur, list) else str(valeur)
    return donnees


def test_modifier_un_lieu_existant(admin_client):
    lieu = creer_lieu(courriels=["accueil@exemple.fr"], typologie=["BIB"], horaires="Mo-Fr 09:00-12:00")
    creer_provenance(lieu)
    url = reverse("admin:lieux_lieu_change", args=[lieu.uid])
    reponse = admin_client.get(url)
    inlines = [inline.formset for inline in reponse.context["inline_admin_formsets"]]  # provenances, fermetures
    formulaire = reponse.context["adminform"].form
    donnees = _donnees_postees(formulaire,
                               *[f for formset in inlines for f in (formset.management_form, *formset.forms)])
    donnees["telephone"] = "06 12 34 56 78 / 02 41 00 00 00"
    donnees["horaires"] = "Mo-Fr 09:00-12:00; Sa 10:00-12:00"

    reponse = admin_client.post(url, donnees)
    assert reponse.status_code == 302, reponse.context["adminform"].form.errors
    lieu.refresh_from_db()
    assert lieu.telephone == "+33612345678"
    assert lieu.horaires == "Mo-Fr 09:00-12:00; Sa 10:00-12:00"
    assert (lieu.courriels, lieu.typologie, lieu.provenances.count()) == (["accueil@exemple.fr"], ["BIB"], 1)
    assert (round(lieu.latitude, 4), round(lieu.longitude, 4)) == (47.4739, -0.5536)

    donnees["horaires"] = "du lundi au vendredi"
    reponse = admin_client.post(url, donnees)
    assert reponse.status_code == 200
    assert "Horaires illisibles" in reponse.text


def test_les_fieldsets_couvrent_le_formulaire():
    champs = flatten_fieldsets(FIELDSETS_LIEU)
    assert len(champs) == len(set(champs))
    assert set(CHAMPS_FORMULAIRE) <= set(champs)
    modifiables = {f.name for f in Lieu._meta.get_fields()
                   if getattr(f, "editable", False) and not f.auto_created}
    # the consolidation's fields are not edited by hand: the lineage is shown in words (« lignee_des_champs »,
    # lieux/admin_consolidation.py), the lieu a merged one went into as a link
    lecture_seule = {"cree_le", "modifie_le", "lignee_des_champs", "fusionne_dans"}
    assert modifiables | lecture_seule == set(champs) | {"uid"}


# --- actions ------------------------------------------------------------------------------------------------


def test_archiver_puis_reactiver(admin_client):
    lieu, autre = creer_lieu(), creer_lieu()
    donnees = {"action": "archiver", ACTION_CHECKBOX_NAME: [lieu.uid]}
    reponse = admin_client.post(CHANGELIST, donnees, follow=True)
    assert reponse.status_code == 200
    assert "1 lieu(x) archivé(s)." in reponse.text
    lieu.refresh_from_db()
    autre.refresh_from_db()
    assert (lieu.statut, autre.statut) == (Lieu.Statut.ARCHIVE, Lieu.Statut.ACTIF)
    # the orientation reads lieux_ouverture: the archived lieu leaves its results at once, not at the weekly cron
    from lieux.projections.ouvertures import Ouverture

    assert Ouverture.objects.get(lieu=lieu).actif is False and Ouverture.objects.get(lieu=autre).actif is True

    admin_client.post(CHANGELIST, {"action": "reactiver", ACTION_CHECKBOX_NAME: [lieu.uid, autre.uid]})
    lieu.refresh_from_db()
    assert lieu.statut == Lieu.Statut.ACTIF
    assert Ouverture.objects.get(lieu=lieu).actif is True


# --- territoires --------------------------------------------------------------------------------------------


def test_territoires_en_lecture_seule(admin_client, maine_et_loire):
    reponse = admin_client.get(reverse("admin:lieux_commune_changelist"), {"q": "49000"})
    assert reponse.status_code == 200
    assert "Angers" in _resultats(reponse)
    reponse = admin_client.get(reverse("admin:lieux_commune_change", args=["49007"]))
    assert reponse.status_code == 200
    assert "POLYGON" not in reponse.text  # the contour is left out
    assert 'name="nom"' not in reponse.text  # view only
    for modele in ("region", "departement", "epci"):
        url = reverse(f"admin:lieux_{modele}_changelist")
        assert admin_client.get(url, {"q": "Loire"}).status_code == 200
    assert admin_client.get(reverse("admin:lieux_commune_add")).status_code == 403


def test_autocompletion_des_communes(admin_client, maine_et_loire):
    url = reverse("admin:autocomplete")
    demande = {"app_label": "lieux", "model_name": "lieu", "field_name": "commune_officielle"}
    for terme in ("Angers", "49100"):  # by name, by postcode
        reponse = admin_client.get(url, {**demande, "term": terme})
        assert reponse.status_code == 200
        assert "49007" in [r["id"] for r in reponse.json()["results"]], terme


# --- LieuForm -----------------------------------------------------------------------------------------------


def _donnees_valides(**overrides):
    donnees = {
        "id": "lieu-1", "nom": "Tiers-lieu", "adresse": "1 place du Ralliement", "code_postal": "49000",
        "commune": "Angers", "date_maj": "2025-03-15", "services": [AIDE],
    }
    donnees.update(overrides)
    return donnees


def test_formulaire_valide_et_normalise():
    form = LieuForm(_donnees_valides(
        telephone="0262 30 00 00", code_postal="97400", commune="Saint-Denis", pivot="", itinerance=["Fixe"],
        autres_formations_labels="Label A | Label B",
    ))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["telephone"] == "+262262300000"
    assert form.cleaned_data["pivot"] == standard.PIVOT_INCONNU
    assert form.cleaned_data["autres_formations_labels"] == ["Label A", "Label B"]


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("telephone", "39 49", "n'est pas un numéro de téléphone valide"),
        ("pivot", "43493312300028", "Le SIRET « 43493312300028 » est invalide"),
        ("horaires", "lundi 9h-12h", "Horaires illisibles"),
        ("code_postal", "4900A", "Le code postal compte 5 chiffres"),
        ("code_insee", "4A007", "Le code INSEE de la commune a 5 caractères"),
        ("presentation_resume", "x" * 281, "280 caractères au plus (actuellement 281)"),
        ("services", ["Cours de cuisine"], "« Cours de cuisine » ne fait pas partie des valeurs du standard"),
        ("typologie", ["XYZ"], "« XYZ » n'est pas une typologie du référentiel."),
        ("courriels", "accueil@exemple.fr|accueil-exemple", "« accueil-exemple » n'est pas une adresse"),
        ("site_web", "https://exemple.fr|pas une adresse", "n'est pas une adresse web valide"),
        ("nom", "", "Ce champ est obligatoire."),
        ("date_maj", "", "Ce champ est obligatoire."),
    ],
)
def test_formulaire_messages_en_francais(champ, valeur, message):
    form = LieuForm(_donnees_valides(**{champ: valeur}))
    assert not form.is_valid()
    assert any(message in erreur for erreur in form.errors[champ]), form.errors[champ]


def test_formulaire_champs_requis_derives_du_standard():
    form = LieuForm()
    requis = {nom for nom, field in form.fields.items() if field.required}
    assert requis == set(standard.CHAMPS_REQUIS) - {"pivot"}  # an empty pivot means « inconnu »
    assert form.initial["id"] and form.initial["date_maj"]


# --- database constraints -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides",
    [
        {"services": ["Cours de cuisine"]},
        {"frais_a_charge": ["gratuit"]},
        {"formations_labels": ["Étapes numériques(La Poste)"]},  # variant: only the canonical value is stored
        {"telephone": "0493000000"},
        {"telephone": "+41212345678"},
        {"code_postal": "4900"},
        {"code_insee": "4A007"},
        {"pivot": "SIRET?"},
        {"nom": ""},
    ],
    ids=lambda overrides: next(iter(overrides)),
)
def test_contrainte_en_base(overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        creer_lieu(**overrides)


def test_contraintes_acceptent_les_valeurs_du_standard():
    lieu = creer_lieu(
        telephone="+262262300000",
        pivot="W751234567",
        code_insee="2A004",
        **{c.nom: list(c.valeurs) for c in standard.CHAMPS_ENUMERES},
    )
    assert Lieu.objects.get(uid=lieu.uid).formations_labels[4] == "Étapes numériques (La Poste)"
