"""« Déclarer un lieu » (/contribuer/) and « Proposer une mise à jour » (/lieux/<uid>/modifier/) through the test
client: what is stored, what a person sees, and what is refused (robots, too fast, too many) without losing what
was typed."""

import re
import time

import pytest
from django.contrib.gis.geos import Point

from contributions import anti_spam, doublons
from contributions.models import Contribution
from lieux.models import Lieu
from lieux.models.signalement import empreinte_client
from lieux.modifications import modifier_lieu
from tests.factories import creer_lieu
from tests.faux_serveurs import serveur_json

pytestmark = pytest.mark.django_db
SYNTAXE = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}|variable de gabarit manquante")


@pytest.fixture
def appels(monkeypatch, geographie, ardoise_propre):
    """The e-mails the forms ask for (contributions.courriels, written by the moderation work), recorded."""
    from contributions import courriels

    faits = []
    monkeypatch.setattr(courriels, "accuser_reception", lambda c: faits.append(("accuser_reception", c.pk)))
    monkeypatch.setattr(courriels, "notifier_coordinateurs", lambda c: faits.append(("notifier_coordinateurs", c.pk)))
    return faits


def horodatage_valide():
    return anti_spam.horodatage(time.time() - 30)


def declaration(**autres):
    donnees = {
        "nom": "Espace numérique du Lac de Maine", "adresse": "3 rue du Lac", "code_postal": "49000",
        "commune": "Angers", "horodatage": horodatage_valide(),
        **{f"h_{j}_1_de": "09:00" for j in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")},
        **{f"h_{j}_1_a": "12:00" for j in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi")},
        **{f"h_{j}_2_de": "14:00" for j in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")},
        **{f"h_{j}_2_a": "17:00" for j in ("lundi", "mardi", "mercredi", "jeudi", "vendredi")},
        "services": ["Aide aux démarches administratives", "Loisirs et créations numériques"],
        "frais_a_charge": ["Gratuit"], "publics_specifiquement_adresses": ["Seniors"],
        "modalites_acces": ["Se présenter", "Téléphoner"], "telephone": "02 41 00 00 01",
        "courriels": "accueil@lac.example.fr", "site_web": "www.lac.example.fr", "prise_rdv": "rdv.example.fr/lac",
        "nom_contributeur": "Camille Martin", "courriel_contributeur": "camille@example.org",
        "role_contributeur": "responsable", "message": "Ouvert depuis septembre.",
    }
    donnees.update(autres)
    return donnees


def texte(reponse) -> str:
    html = reponse.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace("&#x27;", "'").replace("&quot;", '"')


def formulaire_affiche(reponse) -> dict:
    """What the browser would send back from the page as shown (the form's current values)."""
    form = reponse.context["form"]
    donnees = {}
    for nom in form.fields:
        valeur = form[nom].value()
        if valeur in (None, "", [], False):
            continue
        donnees[nom] = "on" if valeur is True else valeur
    return donnees


# --- the pages ------------------------------------------------------------------------------------------------


def test_the_declaration_form_groups_the_fields_and_says_what_is_not_published(client, geographie):
    reponse = client.get("/contribuer/")
    assert reponse.status_code == 200
    vu = texte(reponse)
    for legende in ("Où", "Quand", "Ce que vous proposez", "Pour qui", "Comment venir", "Qui êtes-vous"):
        assert f'<span class="fr-h4">{legende}</span>' in reponse.content.decode()
    assert "Ces informations ne sont pas publiées" in vu
    assert "Aide aux démarches administratives" in vu and "Lundi" in vu and "Fermé les jours fériés" in vu
    html = reponse.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html and 'name="horodatage"' in html
    assert re.search(r'<div class="contribution-piege" aria-hidden="true">.*tabindex="-1" autocomplete="off"', html)
    assert not SYNTAXE.search(vu)


def test_links_from_the_lieu_page_and_the_header(client, geographie):
    lieu = creer_lieu(nom="Médiathèque des liens")
    html = client.get(f"/lieux/{lieu.uid}/").content.decode()
    assert f'href="/lieux/{lieu.uid}/modifier/" id="lien-modifier">Proposer une mise à jour</a>' in html
    assert 'href="/contribuer/"' in html and "Déclarer un lieu" in html


def test_an_archived_lieu_cannot_be_updated(client, geographie):
    lieu = creer_lieu(statut=Lieu.Statut.ARCHIVE)
    assert client.get(f"/lieux/{lieu.uid}/modifier/").status_code == 404


# --- declaring ------------------------------------------------------------------------------------------------


def test_a_declaration_creates_a_pending_contribution_with_its_values_and_commune(
        client, appels, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post("/contribuer/", declaration())
    assert reponse.status_code == 302 and reponse["Location"] == "/contribuer/merci/"
    c = Contribution.objects.get()
    assert (c.type, c.statut, c.lieu) == (Contribution.Type.DECLARATION, Contribution.Statut.EN_ATTENTE, None)
    assert c.commune_officielle_id == "49007"  # Angers: routes it to the coordinators of Maine-et-Loire
    assert c.valeurs["nom"] == "Espace numérique du Lac de Maine" and c.valeurs["code_insee"] == "49007"
    assert c.valeurs["horaires"] == "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"
    assert c.valeurs["services"] == ["Aide aux démarches administratives", "Loisirs et créations numériques"]
    assert c.valeurs["telephone"] == "+33241000001" and c.valeurs["courriels"] == ["accueil@lac.example.fr"]
    assert c.valeurs["site_web"] == ["https://www.lac.example.fr"] and c.valeurs["prise_rdv"] == "https://rdv.example.fr/lac"
    assert "latitude" not in c.valeurs  # the BAN did not answer: a coordinator places it
    # the contributor's details are kept apart, never among the values to publish
    assert (c.nom_contributeur, c.courriel_contributeur, c.role_contributeur) == (
        "Camille Martin", "camille@example.org", "responsable")
    assert "camille@example.org" not in str(c.valeurs) and c.message == "Ouvert depuis septembre."
    assert c.empreinte_client == empreinte_client("127.0.0.1")
    assert appels == [("accuser_reception", c.pk), ("notifier_coordinateurs", c.pk)]
    merci = texte(client.get("/contribuer/merci/"))
    assert "Merci pour votre contribution" in merci and "« Espace numérique du Lac de Maine »" in merci
    assert "Un coordinateur ou une coordinatrice" in merci and "Vous recevez un courriel à chaque étape" in merci


def test_without_javascript_the_server_geocodes_the_address_and_finds_the_commune(client, appels, settings):
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [-0.5791, 47.4561]},
               "properties": {"label": "3 Rue du Lac 49000 Angers", "postcode": "49000", "citycode": "49007",
                              "type": "housenumber"}}
    with serveur_json({"type": "FeatureCollection", "features": [feature]}) as (url, requetes):
        settings.BAN_API_URL = url
        reponse = client.post("/contribuer/", declaration(courriel_contributeur=""))
    assert reponse.status_code == 302
    assert requetes and "3 rue du Lac 49000 Angers" in str(requetes[0])
    c = Contribution.objects.get()
    assert (c.valeurs["latitude"], c.valeurs["longitude"]) == (47.4561, -0.5791)
    assert c.commune_officielle_id == "49007"
    assert "Vous n'avez pas indiqué de courriel" in texte(client.get("/contribuer/merci/"))


def test_a_point_chosen_in_the_suggestions_gives_the_commune(client, appels):
    reponse = client.post("/contribuer/", declaration(commune="Sorges", code_postal="49130", latitude="47,4187",
                                                      longitude="-0.4683", code_insee=""))
    assert reponse.status_code == 302
    c = Contribution.objects.get()
    assert c.commune_officielle is not None and c.commune_officielle.departement_id == "49"
    assert c.valeurs["latitude"] == 47.4187


def test_errors_come_in_a_summary_each_tied_to_its_field(client, appels):
    reponse = client.post("/contribuer/", declaration(nom="", h_lundi_1_a="08:00", courriel_contributeur="pas-un"))
    assert reponse.status_code == 400 and Contribution.objects.count() == 0
    html, vu = reponse.content.decode(), texte(reponse)
    assert '<div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="resume-erreurs" tabindex="-1" autofocus>' in html
    assert "3 informations sont à corriger" in vu
    assert '<a href="#id_nom">Indiquez le nom du lieu.</a>' in html
    assert "Lundi : la fin (08:00) doit venir après le début (09:00)." in vu
    assert '<a href="#id_courriel_contributeur">' in html
    assert re.search(r'id="id_nom"[^>]*aria-describedby="aide-nom erreur-nom"[^>]*aria-invalid="true"', html)
    assert re.search(r'id="id_h_lundi_1_de"[^>]*aria-describedby="erreur-h_lundi_1_de"', html)
    assert 'id="erreur-nom">Indiquez le nom du lieu.</p>' in html
    assert html.index('id="resume-erreurs"') < html.index('id="formulaire-contribution"')
    assert "Erreur : Déclarer un lieu" in html
    # nothing typed is lost
    assert 'value="3 rue du Lac"' in html and 'value="14:00"' in html and "Ouvert depuis septembre." in html


# --- refusals keep what was typed -----------------------------------------------------------------------------


def test_a_filled_honeypot_is_refused_and_the_form_comes_back_filled(client, appels):
    reponse = client.post("/contribuer/", declaration(site_internet="https://promo.example.com"))
    assert reponse.status_code == 400 and Contribution.objects.count() == 0
    html = reponse.content.decode()
    assert anti_spam.ROBOT.split(" et ")[0] in texte(reponse)
    assert 'value="Espace numérique du Lac de Maine"' in html and 'value="02 41 00 00 01"' in html
    assert "promo.example.com" not in html  # the trap comes back empty: a person's second try goes through
    assert appels == []


@pytest.mark.parametrize("age, message", [(0.5, anti_spam.TROP_RAPIDE), (2 * 24 * 3600, anti_spam.TROP_ANCIEN)])
def test_too_fast_or_too_old_is_refused_with_a_fresh_timestamp(client, appels, age, message):
    reponse = client.post("/contribuer/", declaration(horodatage=anti_spam.horodatage(time.time() - age)))
    assert reponse.status_code == 400 and Contribution.objects.count() == 0
    assert message in texte(reponse)
    html = reponse.content.decode()
    assert 'value="3 rue du Lac"' in html and 'id="id_services_0" checked' in html
    nouveau = re.search(r'name="horodatage" value="([^"]+)"', html).group(1)
    assert anti_spam.refus_horodatage(nouveau, time.time() + 10) is None


def test_a_forged_timestamp_is_refused(client, appels):
    reponse = client.post("/contribuer/", declaration(horodatage="1700000000:faux"))
    assert reponse.status_code == 400 and anti_spam.ILLISIBLE in texte(reponse)
    assert Contribution.objects.count() == 0


def test_too_many_contributions_from_one_address_are_refused(client, appels):
    for _ in range(anti_spam.MAX_PAR_HEURE):
        Contribution.objects.create(type=Contribution.Type.DECLARATION, empreinte_client=empreinte_client("127.0.0.1"))
    reponse = client.post("/contribuer/", declaration())
    assert reponse.status_code == 429
    assert anti_spam.TROP_D_ENVOIS.split(" Vos")[0] in texte(reponse)
    assert 'value="Espace numérique du Lac de Maine"' in reponse.content.decode()
    assert Contribution.objects.count() == anti_spam.MAX_PAR_HEURE
    # another address is not held back
    assert client.post("/contribuer/", declaration(), REMOTE_ADDR="10.1.2.3").status_code == 302


# --- duplicates -----------------------------------------------------------------------------------------------


def test_a_lieu_that_may_already_exist_is_shown_before_declaring(client, appels):
    existant = creer_lieu(nom="Médiathèque Toussaint", adresse="49 rue Toussaint", code_postal="49100",
                          localisation=Point(-0.5536, 47.4739, srid=4326))
    donnees = declaration(nom="Mediatheque Toussaint", adresse="49, rue Toussaint", code_postal="49100")
    reponse = client.post("/contribuer/", donnees)
    assert reponse.status_code == 200 and Contribution.objects.count() == 0
    html, vu = reponse.content.decode(), texte(reponse)
    assert "Ce lieu existe peut-être déjà :" in vu and "Médiathèque Toussaint" in vu
    assert f'href="/lieux/{existant.uid}/modifier/">C\'est le mien : proposer une mise à jour' in html
    assert re.search(r'<button type="submit" form="formulaire-contribution" name="nouveau_lieu" value="1"', html)
    assert "Non, c'est un autre lieu : envoyer ma déclaration" in vu
    assert 'value="Mediatheque Toussaint"' in html  # the form is still filled
    # « Non, c'est un autre lieu »: sent as a new lieu
    reponse = client.post("/contribuer/", {**donnees, "nouveau_lieu": "1"})
    assert reponse.status_code == 302 and Contribution.objects.get().valeurs["nom"] == "Mediatheque Toussaint"


def test_duplicates_are_found_by_the_consolidation_rules(geographie, ardoise_propre):
    loin = creer_lieu(nom="France services de Segré", adresse="2 place du Port", code_postal="49500",
                      code_insee="49331", commune="Segré-en-Anjou Bleu", localisation=Point(-0.8727, 47.6862, srid=4326))
    proche = creer_lieu(nom="Espace public numérique Saint-Serge", adresse="5 avenue Montaigne",
                        localisation=Point(-0.5500, 47.4790, srid=4326))
    autre = creer_lieu(nom="Centre social Jean Vilar", adresse="1 place Jean XXIII",
                       localisation=Point(-0.5300, 47.4600, srid=4326))
    trouves = doublons.candidats({"nom": "EPN Saint Serge", "adresse": "5 av. Montaigne", "code_postal": "49100",
                                  "commune": "Angers", "latitude": 47.4791, "longitude": -0.5501}, "49007")
    assert [c.lieu for c in trouves] == [proche]
    assert loin not in [c.lieu for c in trouves] and autre not in [c.lieu for c in trouves]
    assert trouves[0].raisons


# --- updating -------------------------------------------------------------------------------------------------


@pytest.fixture
def lieu(geographie, ardoise_propre):
    return creer_lieu(nom="Médiathèque de la Roseraie", adresse="2 rue de la Roseraie", code_postal="49100",
                      horaires="Mo-Fr 09:00-12:00,14:00-17:00; PH off", telephone="+33241000000",
                      courriels=["roseraie@example.fr"], frais_a_charge=["Gratuit"],
                      services=["Aide aux démarches administratives"])


def test_the_update_form_is_filled_with_the_lieu_s_values(client, lieu):
    reponse = client.get(f"/lieux/{lieu.uid}/modifier/")
    assert reponse.status_code == 200
    html = reponse.content.decode()
    assert 'value="Médiathèque de la Roseraie"' in html and 'value="+33241000000"' in html
    assert re.search(r'id="id_h_vendredi_2_a" name="h_vendredi_2_a" value="17:00"', html)
    assert 'name="h_samedi_1_de" value=""' in html
    assert 'name="latitude" value="47.4739"' in html  # a point, never the French decimal comma, in a number field
    assert re.search(r'name="feries_fermes" id="id_feries_fermes" checked', html)
    assert re.search(r'value="Aide aux démarches administratives" id="id_services_0" checked', html)
    assert "Proposer une mise à jour" in texte(reponse) and "Envoyer ma proposition" in texte(reponse)


def test_an_update_stores_only_the_fields_that_differ(client, lieu, appels):
    affiche = formulaire_affiche(client.get(f"/lieux/{lieu.uid}/modifier/"))
    affiche |= {"telephone": "02 41 99 99 99", "h_samedi_1_de": "10:00", "h_samedi_1_a": "12:00",
                "horodatage": horodatage_valide(), "courriel_contributeur": "agent@example.org"}
    reponse = client.post(f"/lieux/{lieu.uid}/modifier/", affiche)
    assert reponse.status_code == 302
    c = Contribution.objects.get()
    assert (c.type, c.lieu, c.statut) == (Contribution.Type.MISE_A_JOUR, lieu, Contribution.Statut.EN_ATTENTE)
    assert c.valeurs == {"telephone": "+33241999999",
                         "horaires": "Mo-Fr 09:00-12:00,14:00-17:00; Sa 10:00-12:00; PH off"}
    assert c.valeurs_avant["telephone"] == "+33241000000" and c.valeurs_avant["nom"] == lieu.nom
    assert c.commune_officielle_id == "49007"
    assert "Votre proposition de mise à jour de « Médiathèque de la Roseraie »" in texte(client.get("/contribuer/merci/"))
    lieu.refresh_from_db()
    assert lieu.telephone == "+33241000000"  # nothing published before a coordinator accepts it


def test_an_update_that_changes_nothing_is_refused(client, lieu, appels):
    affiche = formulaire_affiche(client.get(f"/lieux/{lieu.uid}/modifier/")) | {"horodatage": horodatage_valide()}
    reponse = client.post(f"/lieux/{lieu.uid}/modifier/", affiche)
    assert reponse.status_code == 400 and "Vous n'avez rien modifié" in texte(reponse)
    assert Contribution.objects.count() == 0


def test_hours_the_grid_cannot_say_are_shown_and_kept(client, geographie, ardoise_propre, appels):
    lieu = creer_lieu(horaires="week 1-53/2 Mo 09:00-12:00; week 2-52/2 Tu 14:00-16:00")
    reponse = client.get(f"/lieux/{lieu.uid}/modifier/")
    assert "« week 1-53/2 Mo 09:00-12:00; week 2-52/2 Tu 14:00-16:00 »" in texte(reponse)
    affiche = formulaire_affiche(reponse) | {"horodatage": horodatage_valide(), "telephone": "0241000002"}
    assert client.post(f"/lieux/{lieu.uid}/modifier/", affiche).status_code == 302
    assert Contribution.objects.get().valeurs == {"telephone": "+33241000002"}  # the hours kept as they are


# --- invitation -----------------------------------------------------------------------------------------------


@pytest.fixture
def invitation(monkeypatch):
    """A valid token « bon » for any lieu (the signing is contributions.invitations' job), and an accept that
    applies the values through lieux.modifications as the moderation does."""
    from contributions import invitations, moderation

    acceptees = []

    def accepter(contribution, champs=None, valeurs=None, par=None):
        acceptees.append((contribution.pk, par))
        ecrits = modifier_lieu(contribution.lieu, contribution.valeurs, par=par, origine="contribution")
        contribution.statut = Contribution.Statut.ACCEPTEE
        contribution.save()
        return ecrits

    monkeypatch.setattr(invitations, "lire_jeton", lambda jeton, lieu: "direction@roseraie.example.fr"
                        if jeton == "bon" else None)
    monkeypatch.setattr(moderation, "accepter", accepter)
    return acceptees


def test_an_invited_update_is_applied_at_once(client, lieu, appels, invitation):
    reponse = client.get(f"/lieux/{lieu.uid}/modifier/?invitation=bon")
    assert "vos modifications seront publiées sans attendre de vérification" in texte(reponse)
    html = reponse.content.decode()
    assert '<input type="hidden" name="invitation" value="bon"' in html
    affiche = formulaire_affiche(reponse) | {"telephone": "02 41 12 34 56", "horodatage": horodatage_valide()}
    assert affiche["invitation"] == "bon" and affiche["courriel_contributeur"] == "direction@roseraie.example.fr"
    reponse = client.post(f"/lieux/{lieu.uid}/modifier/", affiche)
    assert reponse.status_code == 302
    c = Contribution.objects.get()
    assert invitation == [(c.pk, None)]
    assert (c.statut, c.role_contributeur) == (Contribution.Statut.ACCEPTEE, Contribution.Role.RESPONSABLE)
    assert c.courriel_contributeur == "direction@roseraie.example.fr"
    lieu.refresh_from_db()
    assert lieu.telephone == "+33241123456"
    merci = texte(client.get("/contribuer/merci/"))
    assert "sont publiées sur la fiche du lieu" in merci and "Et maintenant" not in merci
    assert appels == []


def test_an_invalid_invitation_falls_back_to_a_proposal(client, lieu, appels, invitation):
    reponse = client.get(f"/lieux/{lieu.uid}/modifier/?invitation=perime")
    assert "Ce lien d'invitation n'est plus valable" in texte(reponse)
    assert 'value="perime"' not in reponse.content.decode()  # the token is not carried on
    affiche = formulaire_affiche(reponse) | {"telephone": "02 41 12 34 56", "horodatage": horodatage_valide(),
                                            "invitation": "perime"}
    assert client.post(f"/lieux/{lieu.uid}/modifier/", affiche).status_code == 302
    c = Contribution.objects.get()
    assert c.statut == Contribution.Statut.EN_ATTENTE and invitation == []
    lieu.refresh_from_db()
    assert lieu.telephone == "+33241000000"


def test_an_invited_update_that_cannot_be_applied_waits_for_a_coordinator(
        client, lieu, appels, invitation, monkeypatch, django_capture_on_commit_callbacks):
    from contributions import moderation

    def en_panne(contribution, champs=None, valeurs=None, par=None):
        raise RuntimeError("panne de la modération")

    monkeypatch.setattr(moderation, "accepter", en_panne)
    affiche = formulaire_affiche(client.get(f"/lieux/{lieu.uid}/modifier/?invitation=bon"))
    with django_capture_on_commit_callbacks(execute=True):
        reponse = client.post(f"/lieux/{lieu.uid}/modifier/", affiche | {"telephone": "02 41 12 34 56",
                                                                        "horodatage": horodatage_valide()})
    assert reponse.status_code == 302
    c = Contribution.objects.get()
    assert c.statut == Contribution.Statut.EN_ATTENTE and c.valeurs == {"telephone": "+33241123456"}
    assert appels == [("accuser_reception", c.pk), ("notifier_coordinateurs", c.pk)]
    assert "a bien été reçue" in texte(client.get("/contribuer/merci/"))


def test_an_update_of_a_lieu_without_commune_is_routed_by_its_address(client, geographie, ardoise_propre, appels):
    lieu = creer_lieu(nom="Point numérique sans commune", commune_officielle=None, departement=None, region=None,
                      epci=None)
    assert lieu.commune_officielle_id is None
    affiche = formulaire_affiche(client.get(f"/lieux/{lieu.uid}/modifier/"))
    client.post(f"/lieux/{lieu.uid}/modifier/", affiche | {"horodatage": horodatage_valide(),
                                                          "telephone": "0241000003"})
    c = Contribution.objects.get()
    assert c.commune_officielle_id == "49007" and c.valeurs == {"telephone": "+33241000003"}


def test_the_forms_are_never_cached(client, lieu, settings):
    settings.PAGES_CACHE_SECONDES = 60  # the public pages' cache (mediation/cache_pages.py) turned on
    jeton = re.compile(r'name="horodatage" value="([^"]+)"')
    for url in ("/contribuer/", f"/lieux/{lieu.uid}/modifier/"):
        reponse = client.get(url)
        assert "no-store" in reponse["Cache-Control"] and "private" in reponse["Cache-Control"]
        assert jeton.search(reponse.content.decode())
