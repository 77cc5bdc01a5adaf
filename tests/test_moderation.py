"""Moderating a contribution (contributions/moderation.py): accept all, some fields, edited values, refuse with a
reason; a declaration becomes a lieu on the map; the e-mails of each step, in French, to the right people."""

import datetime as dt

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from contributions import courriels, diff
from contributions.models import Contribution
from contributions.moderation import ModerationImpossible, accepter, refuser
from lieux.models import Lieu, Provenance
from tests.factories import creer_lieu
from tests.outils_moderation import coordinateur, declarer, proposer

pytestmark = pytest.mark.django_db
HORAIRES = "Mo-Fr 09:00-12:00,14:00-17:00"


@pytest.fixture
def lieu(geographie):
    return creer_lieu(nom="Médiathèque Toussaint", horaires="Mo-Fr 10:00-12:00", telephone="+33241000000")


@pytest.fixture
def moderatrice(geographie):
    return coordinateur("moderatrice", departements=["49"])


def test_tout_accepter_ecrit_chaque_champ_et_previent_la_personne(lieu, moderatrice):
    c = proposer(lieu, {"horaires": HORAIRES, "telephone": "+33241999999"})
    ecrits = accepter(c, par=moderatrice)
    lieu.refresh_from_db()
    c.refresh_from_db()
    assert set(ecrits) >= {"horaires", "telephone"}
    assert (lieu.horaires, lieu.telephone) == (HORAIRES, "+33241999999")
    assert lieu.date_maj == timezone.localdate()  # the lieu's information is up to date as of today
    assert c.statut == Contribution.Statut.ACCEPTEE and c.champs_acceptes == ["telephone", "horaires"]
    assert c.traite_par == moderatrice and c.traite_le is not None
    (message,) = mail.outbox
    assert message.to == ["camille@exemple.fr"]
    assert message.subject == "Votre contribution est acceptée : Médiathèque Toussaint"
    assert "Bonjour Camille Martin," in message.body
    assert "Votre proposition de mise à jour du lieu « Médiathèque Toussaint » a été acceptée." in message.body
    assert "Champs mis à jour : Téléphone, Horaires." in message.body
    assert f"Voir la fiche du lieu : {settings.SITE_URL}/lieux/{lieu.uid}/" in message.body


def test_accepter_certains_champs_seulement(lieu, moderatrice):
    c = proposer(lieu, {"horaires": HORAIRES, "telephone": "+33241999999"})
    assert accepter(c, champs=["horaires"], par=moderatrice) == ["horaires", "date_maj"]
    lieu.refresh_from_db()
    assert lieu.horaires == HORAIRES and lieu.telephone == "+33241000000"
    assert c.statut == Contribution.Statut.ACCEPTEE_EN_PARTIE and c.champs_acceptes == ["horaires"]
    (message,) = mail.outbox
    assert message.subject == "Votre contribution est acceptée en partie : Médiathèque Toussaint"
    assert "a été acceptée en partie." in message.body
    assert "Champs retenus : Horaires.\nLes autres modifications proposées n'ont pas été retenues." in message.body


def test_modifier_puis_accepter(lieu, moderatrice):
    c = proposer(lieu, {"horaires": "lundi matin", "services": ["Aide aux démarches administratives"]})
    accepter(c, valeurs={"horaires": "Mo 09:00-12:00"}, par=moderatrice)
    lieu.refresh_from_db()
    assert lieu.horaires == "Mo 09:00-12:00"  # the moderator's value, not the proposed one
    assert lieu.services == ["Aide aux démarches administratives"]
    assert c.statut == Contribution.Statut.ACCEPTEE


def test_la_position_va_avec_ses_deux_coordonnees(lieu, moderatrice):
    c = proposer(lieu, {"latitude": 47.47, "longitude": -0.55, "nom": "Médiathèque Toussaint (Angers)"})
    accepter(c, champs=["latitude"], par=moderatrice)
    lieu.refresh_from_db()
    assert (round(lieu.localisation.y, 6), round(lieu.localisation.x, 6)) == (47.47, -0.55)
    assert lieu.nom == "Médiathèque Toussaint"
    assert c.champs_acceptes == ["latitude", "longitude"]


def test_refuser_demande_un_motif_et_l_envoie(lieu, moderatrice):
    c = proposer(lieu, {"horaires": HORAIRES})
    with pytest.raises(ModerationImpossible, match="Indiquez le motif du refus"):
        refuser(c, "  ", par=moderatrice)
    assert Contribution.objects.get(pk=c.pk).statut == Contribution.Statut.EN_ATTENTE and not mail.outbox
    refuser(c, "Ces horaires sont ceux de l'été dernier.", par=moderatrice)
    lieu.refresh_from_db()
    assert lieu.horaires == "Mo-Fr 10:00-12:00"
    assert c.statut == Contribution.Statut.REFUSEE and c.motif_refus == "Ces horaires sont ceux de l'été dernier."
    (message,) = mail.outbox
    assert message.to == ["camille@exemple.fr"]
    assert message.subject == "Votre contribution n'a pas été retenue : Médiathèque Toussaint"
    assert "n'a pas été retenue.\n\nMotif donné par la personne qui l'a relue :\nCes horaires sont ceux de " \
           "l'été dernier." in message.body
    with pytest.raises(ModerationImpossible, match="déjà été modérée"):
        accepter(c, par=moderatrice)


def test_sans_courriel_personne_n_est_prevenu(lieu, moderatrice):
    c = proposer(lieu, {"horaires": HORAIRES}, courriel_contributeur="")
    accepter(c, par=moderatrice)
    assert mail.outbox == []


def test_une_declaration_cree_un_lieu_visible_sur_la_carte(geographie, moderatrice, client):
    c = declarer({"nom": "Espace numérique du Lac de Maine", "adresse": "Rue du Lac", "commune": "Angers",
                  "code_postal": "49000", "code_insee": "49007", "latitude": 47.4602, "longitude": -0.5869,
                  "services": ["Accès internet et matériel informatique"], "horaires": "Tu 14:00-18:00"})
    assert "Espace numérique du Lac de Maine" not in client.get("/carte/", {"commune": "49007"}).content.decode()
    accepter(c, par=moderatrice)
    c.refresh_from_db()
    lieu = Lieu.objects.get(pk=c.lieu_id)
    assert (lieu.nom, lieu.statut, lieu.commune_officielle_id, lieu.departement_id) == (
        "Espace numérique du Lac de Maine", "actif", "49007", "49")
    assert lieu.services == ["Accès internet et matériel informatique"] and lieu.horaires == "Tu 14:00-18:00"
    provenance = Provenance.objects.get(lieu=lieu)
    assert (provenance.source, provenance.id_source) == ("contributions", f"contribution-{c.pk}")
    assert c.statut == Contribution.Statut.ACCEPTEE
    assert "Espace numérique du Lac de Maine" in client.get("/carte/", {"commune": "49007"}).content.decode()
    (message,) = mail.outbox
    assert "le lieu figure maintenant sur la cartographie" in message.body
    assert f"/lieux/{lieu.uid}/" in message.body


def test_une_declaration_incomplete_est_refusee_sans_rien_creer(geographie, moderatrice):
    c = declarer({"nom": "Sans adresse", "commune": "Angers", "code_postal": "49000", "code_insee": "49007"})
    avant = Lieu.objects.count()
    with pytest.raises(ModerationImpossible, match="Il manque à ce lieu : adresse"):
        accepter(c, par=moderatrice)
    assert Lieu.objects.count() == avant
    assert Contribution.objects.get(pk=c.pk).statut == Contribution.Statut.EN_ATTENTE


def test_le_diff_montre_avant_maintenant_et_propose(lieu):
    c = proposer(lieu, {"horaires": HORAIRES, "telephone": "+33241000000"})
    Lieu.objects.filter(pk=lieu.pk).update(horaires="Sa 10:00-12:00")  # someone changed the lieu since
    telephone, horaires = diff.lignes(c)  # in the standard's order
    assert (horaires.libelle, horaires.avant, horaires.actuel, horaires.propose) == (
        "Horaires", "Mo-Fr 10:00-12:00", "Sa 10:00-12:00", HORAIRES)
    assert horaires.modifie_depuis and horaires.change
    assert telephone.libelle == "Téléphone" and not telephone.change and not telephone.modifie_depuis


def test_accuse_de_reception_et_avis_aux_coordinateurs_du_territoire(lieu, moderatrice):
    coordinateur("gironde", departements=["33"])
    coordinateur("nationale", national=True)
    c = proposer(lieu, {"horaires": HORAIRES}, message="Nous ouvrons le vendredi après-midi.")
    courriels.accuser_reception(c)
    courriels.notifier_coordinateurs(c)
    accuse, avis = mail.outbox
    assert accuse.to == ["camille@exemple.fr"]
    assert accuse.subject == "Nous avons bien reçu votre proposition de mise à jour : Médiathèque Toussaint"
    assert "Un coordinateur ou une coordinatrice de votre territoire va la relire." in accuse.body
    # only the coordinator of the Maine-et-Loire: not the Gironde's, nor the national one (a territorial one covers it)
    assert avis.to == ["moderatrice@coordination.fr"]
    assert avis.reply_to == ["camille@exemple.fr"]  # the contributor's address goes to coordinators only
    assert avis.subject == "Mise à jour proposée : Médiathèque Toussaint (Angers)"
    assert "Une mise à jour est proposée pour le lieu « Médiathèque Toussaint » (Angers)." in avis.body
    assert "Champs proposés : Horaires" in avis.body and "Message : Nous ouvrons le vendredi après-midi." in avis.body
    assert f"Modérer cette contribution : {settings.SITE_URL}/admin/contributions/contribution/{c.pk}/change/" \
           in avis.body


def test_sans_coordinateur_du_territoire_les_nationaux_sont_prevenus(geographie):
    coordinateur("gironde", departements=["33"])
    coordinateur("nationale", national=True)
    c = declarer({"nom": "Tiers-lieu de Cholet", "adresse": "1 rue Nationale", "commune": "Cholet",
                  "code_postal": "49300", "code_insee": "49099"})
    courriels.notifier_coordinateurs(c)
    (avis,) = mail.outbox
    assert avis.to == ["nationale@coordination.fr"]
    assert avis.subject == "Nouveau lieu déclaré : Tiers-lieu de Cholet (Cholet)"


def test_le_courriel_du_contributeur_ne_part_qu_aux_coordinateurs(lieu, moderatrice):
    c = proposer(lieu, {"horaires": HORAIRES})
    courriels.notifier_coordinateurs(c)
    accepter(c, par=moderatrice)
    avis, acceptation = mail.outbox
    assert "camille@exemple.fr" in avis.body and avis.to == ["moderatrice@coordination.fr"]
    assert acceptation.to == ["camille@exemple.fr"] and not acceptation.cc and not acceptation.bcc
    assert "moderatrice" not in acceptation.body  # and the moderator's name or address not to the contributor


def test_une_proposition_faite_avant_une_autre_modification(lieu, moderatrice):
    """The lieu changed after the proposal: accepting writes the accepted fields only, the others stay."""
    c = proposer(lieu, {"horaires": HORAIRES})
    Lieu.objects.filter(pk=lieu.pk).update(telephone="+33241555555", date_maj=dt.date(2025, 1, 1))
    accepter(c, par=moderatrice)
    lieu.refresh_from_db()
    assert (lieu.horaires, lieu.telephone) == (HORAIRES, "+33241555555")


def test_une_modification_par_invitation_s_applique_sans_moderateur(lieu):
    """The public form applies an invited manager's submission at once: accepted by nobody (`par=None`)."""
    c = proposer(lieu, {"horaires": HORAIRES}, courriel_contributeur="gerante@exemple.fr")
    accepter(c, par=None)
    lieu.refresh_from_db()
    assert lieu.horaires == HORAIRES
    assert c.statut == Contribution.Statut.ACCEPTEE and c.traite_par is None
    assert mail.outbox[0].to == ["gerante@exemple.fr"]


def test_un_lieu_fusionne_depuis_renvoie_au_lieu_qui_l_a_absorbe(lieu, moderatrice):
    absorbant = creer_lieu(nom="Médiathèque Toussaint (fusionnée)")
    c = proposer(lieu, {"horaires": HORAIRES})
    Lieu.objects.filter(pk=lieu.pk).update(statut=Lieu.Statut.FUSIONNE, fusionne_dans=absorbant)
    accepter(c, par=moderatrice)
    absorbant.refresh_from_db()
    assert absorbant.horaires == HORAIRES and Contribution.objects.get(pk=c.pk).lieu_id == absorbant.pk
