"""The moderation pages of the coordinators' space: a contribution's page (field-by-field table, accept all, the
ticked fields with edited values, refuse with a reason), scoped to the account's territories by URL for reading
and posting; the « À modérer » queue with contributions and error reports; its count in « Vos tâches »."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contributions.models import Contribution
from lieux.models import Signalement
from tests.factories import creer_lieu
from tests.outils_moderation import coordinateur, declarer, proposer, sans_gabarit, texte_visible

pytestmark = pytest.mark.django_db
HORAIRES = "Mo-Fr 09:00-12:00"


def page(c) -> str:
    return reverse("admin:contributions_contribution_change", args=[c.pk])


@pytest.fixture
def angers(geographie):
    return creer_lieu(nom="Médiathèque Toussaint", horaires="Mo-Fr 10:00-12:00", telephone="+33241000000")


@pytest.fixture
def bordeaux(geographie):
    return creer_lieu(nom="Cyber-base de Bordeaux", commune="Bordeaux", code_postal="33000", code_insee="33063")


@pytest.fixture
def maine_et_loire(client, geographie):
    utilisateur = coordinateur("anjou", departements=["49"])
    client.force_login(utilisateur)
    return utilisateur


def test_la_page_de_moderation_compare_champ_par_champ(client, maine_et_loire, angers):
    c = proposer(angers, {"horaires": HORAIRES, "telephone": "+33241000000"}, message="Horaires d'hiver <b>!</b>")
    reponse = client.get(page(c))
    html = reponse.content.decode()
    texte = texte_visible(html)
    assert reponse.status_code == 200
    sans_gabarit(html)
    assert "Proposition de mise à jour" in texte and "Camille Martin — Je travaille dans ce lieu ou je le dirige" in texte
    assert "Horaires d'hiver <b>!</b>" in texte and "<b>!</b>" not in html  # escaped
    for entete in ("Champ", "Valeur lors de la proposition", "Valeur actuelle", "Valeur proposée", "Accepter",
                   "Valeur retenue (modifiable)"):
        assert f'<th scope="col">{entete}</th>' in html
    assert '<th scope="row">Horaires</th>' in html and '<th scope="row">Téléphone</th>' in html
    assert "Mo-Fr 10:00-12:00 Mo-Fr 10:00-12:00 Mo-Fr 09:00-12:00" in texte  # before, now, proposed
    assert "+33241000000 (inchangée)" in texte
    # a labelled checkbox per field, ticked when the field changes; an editable input for « modifier puis accepter »
    assert '<input type="checkbox" name="champs" value="horaires" id="champ-horaires" checked>' in html
    assert '<input type="checkbox" name="champs" value="telephone" id="champ-telephone">' in html
    assert '<label for="champ-horaires" class="sr-only">Accepter « Horaires »</label>' in html
    assert '<label for="valeur-horaires" class="sr-only">Valeur retenue pour « Horaires »</label>' in html
    assert "Tout accepter" in texte and "Accepter les champs cochés" in texte
    assert "<legend>Refuser la contribution</legend>" in html and '<label for="motif">Motif du refus' in html


def test_accepter_les_champs_coches_avec_une_valeur_modifiee(client, maine_et_loire, angers):
    c = proposer(angers, {"horaires": "lundi matin", "telephone": "+33241999999"})
    reponse = client.post(page(c), {"action": "coches", "champs": ["horaires"], "valeur-horaires": "Mo 09:00-12:00",
                                    "valeur-telephone": "+33241999999"})
    assert reponse.status_code == 302 and reponse.url == reverse("admin:contributions_a_moderer")
    angers.refresh_from_db()
    c.refresh_from_db()
    assert (angers.horaires, angers.telephone) == ("Mo 09:00-12:00", "+33241000000")
    assert c.statut == Contribution.Statut.ACCEPTEE_EN_PARTIE and c.traite_par == maine_et_loire
    assert mail.outbox[0].subject == "Votre contribution est acceptée en partie : Médiathèque Toussaint"
    suite = texte_visible(client.get(reponse.url).content.decode())
    assert "Contribution acceptée en partie : la fiche du lieu est à jour." in suite


def test_tout_accepter(client, maine_et_loire, angers):
    c = proposer(angers, {"horaires": HORAIRES})
    client.post(page(c), {"action": "tout", "valeur-horaires": HORAIRES})
    angers.refresh_from_db()
    assert angers.horaires == HORAIRES
    assert Contribution.objects.get(pk=c.pk).statut == Contribution.Statut.ACCEPTEE
    # once moderated, the page says so and offers no more buttons
    texte = texte_visible(client.get(page(c)).content.decode())
    assert "Statut Acceptée" in texte and "Champs acceptés Horaires" in texte and "Tout accepter" not in texte


def test_une_valeur_hors_standard_est_signalee_sans_rien_ecrire(client, maine_et_loire, angers):
    c = proposer(angers, {"services": ["Aide aux démarches administratives"]})
    reponse = client.post(page(c), {"action": "tout", "valeur-services": "Cuisine"})
    html = reponse.content.decode()
    assert reponse.status_code == 400
    assert 'id="resume-erreurs" tabindex="-1" autofocus' in html
    assert "« Services » : « Cuisine » n'est pas une valeur du standard." in texte_visible(html)
    assert 'href="#valeur-services"' in html and 'value="Cuisine"' in html  # what was typed is kept
    assert Contribution.objects.get(pk=c.pk).statut == Contribution.Statut.EN_ATTENTE


def test_refuser_exige_un_motif(client, maine_et_loire, angers):
    c = proposer(angers, {"horaires": HORAIRES})
    reponse = client.post(page(c), {"action": "refuser", "motif": ""})
    assert reponse.status_code == 400
    assert "Indiquez le motif du refus : il est envoyé à la personne qui a contribué." in \
        texte_visible(reponse.content.decode())
    assert Contribution.objects.get(pk=c.pk).statut == Contribution.Statut.EN_ATTENTE
    client.post(page(c), {"action": "refuser", "motif": "Ce lieu a fermé en mars."})
    c.refresh_from_db()
    assert c.statut == Contribution.Statut.REFUSEE and c.motif_refus == "Ce lieu a fermé en mars."
    assert "Ce lieu a fermé en mars." in mail.outbox[0].body


def test_un_coordinateur_de_la_gironde_ne_peut_ni_ouvrir_ni_moderer_le_maine_et_loire(client, angers, bordeaux):
    client.force_login(coordinateur("gironde", departements=["33"]))
    c = proposer(angers, {"horaires": HORAIRES})
    assert client.get(page(c)).status_code == 404
    for donnees in ({"action": "tout"}, {"action": "coches", "champs": ["horaires"]},
                    {"action": "refuser", "motif": "non"}):
        assert client.post(page(c), donnees).status_code == 404
    angers.refresh_from_db()
    assert angers.horaires == "Mo-Fr 10:00-12:00"
    assert Contribution.objects.get(pk=c.pk).statut == Contribution.Statut.EN_ATTENTE and not mail.outbox
    liste = client.get(reverse("admin:contributions_contribution_changelist"))
    assert list(liste.context["cl"].result_list) == []
    # its own territory's contribution it opens
    autre = proposer(bordeaux, {"horaires": HORAIRES})
    assert client.get(page(autre)).status_code == 200
    # nor can it invite someone to edit a lieu of the Maine-et-Loire
    assert client.get(reverse("admin:contributions_inviter", args=[angers.pk])).status_code == 404


def test_un_compte_sans_territoire_ne_voit_rien(client, angers):
    client.force_login(coordinateur("sans-territoire"))
    c = proposer(angers, {"horaires": HORAIRES})
    assert client.get(page(c)).status_code == 404
    texte = texte_visible(client.get(reverse("admin:contributions_a_moderer")).content.decode())
    assert "Rien à modérer sur vos territoires pour le moment." in texte


def test_la_file_reunit_contributions_et_signalements_du_territoire(client, maine_et_loire, angers, bordeaux):
    maintenant = timezone.now()
    ancienne = proposer(angers, {"horaires": HORAIRES}, cree_le=maintenant - dt.timedelta(days=3))
    signalement = Signalement.objects.create(lieu=angers, rubriques=["horaires"], message="Fermé le lundi",
                                             empreinte_client="x", cree_le=maintenant - dt.timedelta(days=2))
    recente = proposer(angers, {"telephone": "+33241999999"}, cree_le=maintenant - dt.timedelta(days=1))
    Signalement.objects.create(lieu=bordeaux, rubriques=["adresse"], message="Ailleurs", empreinte_client="x")
    proposer(bordeaux, {"horaires": HORAIRES})
    traitee = proposer(angers, {"horaires": "Sa 10:00-12:00"})
    traitee.statut = Contribution.Statut.REFUSEE
    traitee.save()
    html = client.get(reverse("admin:contributions_a_moderer")).content.decode()
    sans_gabarit(html)
    texte = texte_visible(html)
    assert "2 contributions et 1 signalement en attente sur vos territoires, les plus anciens d'abord." in texte
    liens = [page(ancienne), reverse("admin:lieux_signalement_change", args=[signalement.pk]), page(recente)]
    positions = [html.index(f'href="{lien}"') for lien in liens]
    assert positions == sorted(positions)  # oldest first, both kinds together
    assert "Erreur signalée" in texte and "Horaires — « Fermé le lundi »" in texte
    assert "Mise à jour proposée" in texte and "Ailleurs" not in texte and "Cyber-base" not in texte
    assert page(traitee) not in html
    # the count in « Vos tâches » on the admin home
    accueil = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("admin:contributions_a_moderer")}">À modérer</a> — <strong>3</strong> en attente' \
        in accueil
    assert "2 contributions (lieux déclarés, mises à jour proposées) et 1 signalement d'erreur sur vos " \
           "territoires." in texte_visible(accueil)


def test_inviter_la_personne_qui_gere_un_lieu(client, maine_et_loire, angers):
    url = reverse("admin:contributions_inviter", args=[angers.pk])
    assert client.get(reverse("admin:lieux_lieu_change", args=[angers.pk])).content.decode().count(url) == 1
    vide = client.post(url, {"courriel": "pas-une-adresse"})
    assert vide.status_code == 400 and not mail.outbox
    assert "Saisissez une adresse électronique valide, par exemple nom@exemple.fr." in \
        texte_visible(vide.content.decode())
    reponse = client.post(url, {"courriel": "responsable@mediatheque.fr"})
    assert reponse.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["responsable@mediatheque.fr"]
    assert message.subject == "Mettez à jour la fiche de votre lieu : Médiathèque Toussaint"
    assert f"/lieux/{angers.pk}/modifier/?invitation=" in message.body
    html = client.get(url).content.decode()
    sans_gabarit(html)
    texte = texte_visible(html)
    assert "Invitation envoyée à responsable@mediatheque.fr." in texte
    assert "responsable@mediatheque.fr" in texte and "valide" in texte and "Révoquer" in texte


def test_la_liste_des_contributions_en_attente_d_abord_les_plus_anciennes_en_tete(client, maine_et_loire, angers):
    maintenant = timezone.now()
    traitee = proposer(angers, {"horaires": "Sa 10:00-12:00"}, cree_le=maintenant - dt.timedelta(days=9),
                       statut=Contribution.Statut.REFUSEE)
    recente = proposer(angers, {"horaires": HORAIRES}, cree_le=maintenant - dt.timedelta(days=1))
    ancienne = proposer(angers, {"telephone": "+33241999999"}, cree_le=maintenant - dt.timedelta(days=5))
    reponse = client.get(reverse("admin:contributions_contribution_changelist"))
    assert list(reponse.context["cl"].result_list) == [ancienne, recente, traitee]
    sans_gabarit(reponse.content.decode())
    trouvees = client.get(reverse("admin:contributions_contribution_changelist"), {"q": "Toussaint"})
    assert len(trouvees.context["cl"].result_list) == 3


def test_accepter_une_declaration_depuis_sa_page(client, maine_et_loire):
    c = declarer({"nom": "Repair café numérique", "adresse": "2 place du Ralliement", "commune": "Angers",
                  "code_postal": "49000", "code_insee": "49007", "latitude": 47.4711, "longitude": -0.5518})
    html = client.get(page(c)).content.decode()
    sans_gabarit(html)
    texte = texte_visible(html)
    assert "Déclaration d'un nouveau lieu" in texte and "pas encore créé : il le sera si vous acceptez" in texte
    assert "Valeur actuelle" not in texte and '<th scope="row">Nom du lieu</th>' in html
    client.post(page(c), {"action": "tout", "valeur-nom": "Repair café numérique du Ralliement"})
    c.refresh_from_db()
    assert c.statut == Contribution.Statut.ACCEPTEE and c.lieu.nom == "Repair café numérique du Ralliement"
    assert "Repair café numérique du Ralliement" in client.get("/carte/", {"commune": "49007"}).content.decode()
