"""Update campaigns end to end on the real PostGIS, with the test outbox and the immediate task backend: starting a
campaign e-mails the lieux of the coordinator's territory that publish an address; the personal link shows the
lieu, records « ouvert le », answers once, expires (410); « Rien n'a changé » dates the lieu today and clears its
« à vérifier » flag; the reminder goes only to those who did not answer; the end flags the silent lieux « à
vérifier » without hiding them; unsubscribing stops the mails; a refused address is « rebond »."""

import datetime as dt
import io
import re
import smtplib
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from campagnes import courriels, cycle, jetons, lancement
from campagnes.lancement import Demande, Filtre
from campagnes.models import Campagne, Desinscription, Envoi, empreinte_courriel
from contributions.models import Invitation
from lieux.models import Lieu
from lieux.models.signalement import Signalement
from tests.factories import coordinateur, creer_lieu

pytestmark = pytest.mark.django_db
LIEN = re.compile(r"http://[^\s]+/campagne/(?!desinscription)([^\s/]+)/")
DESINSCRIPTION = re.compile(r"http://[^\s]+/campagne/desinscription/([^\s/]+)/")
FUITES = ("{{", "{%", "None")


class ServeurQuiRefuse(EmailBackend):
    """The test outbox, but the mail server refuses any address at « refuse.example »."""

    def send_messages(self, messages):
        for message in messages:
            if any(a.endswith("@refuse.example") for a in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"Mailbox unavailable")})
        return super().send_messages(messages)


@pytest.fixture
def anjou(geographie, ardoise_propre):
    """Three lieux of Maine-et-Loire with an address, one without, one in Gironde; a coordinator of the 49."""
    lieux = {
        "angers": creer_lieu(nom="Médiathèque d'Angers", courriels=["Contact@Angers.example"],
                             a_verifier_depuis=timezone.now() - dt.timedelta(days=90), motif_a_verifier="ancien"),
        "saumur": creer_lieu(nom="EPN de Saumur", code_insee="49328", code_postal="49400", commune="Saumur",
                             courriels=["epn@saumur.example"]),
        "cholet": creer_lieu(nom="Espace de Cholet", code_insee="49099", code_postal="49300", commune="Cholet",
                             courriels=["espace@cholet.example"]),
        "muet": creer_lieu(nom="Lieu sans courriel", courriels=[]),
        "bordeaux": creer_lieu(nom="Tiers-lieu de Bordeaux", code_insee="33063", code_postal="33000",
                               commune="Bordeaux", courriels=["tiers@bordeaux.example"]),
    }
    compte = User.objects.create_user("coord-49", password="x", is_staff=True)
    coordinateur(compte, departements=["49"])
    return {"lieux": lieux, "compte": compte}


def _lancer(compte, capture, **demande):
    with capture(execute=True):
        return lancement.lancer(compte, Demande(nom="Printemps", **demande))


def _liens(destinataire: str) -> tuple[str, str]:
    message = next(m for m in reversed(mail.outbox) if m.to == [destinataire])
    return LIEN.search(message.body).group(0), DESINSCRIPTION.search(message.body).group(0)


def _chemin(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_une_campagne_ecrit_aux_lieux_du_territoire_qui_publient_une_adresse(anjou, django_capture_on_commit_callbacks):
    assert lancement.compter(anjou["compte"], Filtre()) == 3
    campagne = _lancer(anjou["compte"], django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == ["contact@angers.example", "epn@saumur.example",
                                                    "espace@cholet.example"]
    message = next(m for m in mail.outbox if m.to == ["epn@saumur.example"])
    assert message.subject == "Les informations de « EPN de Saumur » sont-elles à jour ?"
    assert "Maine-et-Loire" in message.body  # the coordinator's territory
    assert "EPN de Saumur" in message.body and LIEN.search(message.body) and DESINSCRIPTION.search(message.body)
    assert message.extra_headers["List-Unsubscribe"] == f"<{DESINSCRIPTION.search(message.body).group(0)}>"
    assert not any(f in message.body for f in FUITES)
    assert Envoi.objects.filter(campagne=campagne, envoye_le__isnull=False).count() == 3
    assert campagne.fin_le - campagne.lancee_le == dt.timedelta(days=60)


def test_rien_n_a_change_date_le_lieu_une_seule_fois(anjou, client, django_capture_on_commit_callbacks):
    _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    lien, _ = _liens("contact@angers.example")
    angers = anjou["lieux"]["angers"]
    envoi = Envoi.objects.get(lieu=angers)

    page = client.get(_chemin(lien))
    assert page.status_code == 200
    texte = page.content.decode()
    assert "Les informations de « Médiathèque d&#x27;Angers » sont-elles à jour ?" in texte
    assert "49 rue Toussaint" in texte and "Rien n'a changé" in texte
    assert not any(f in texte for f in FUITES)
    envoi.refresh_from_db()
    premiere_ouverture = envoi.ouvert_le
    assert premiere_ouverture is not None
    client.get(_chemin(lien))
    envoi.refresh_from_db()
    assert envoi.ouvert_le == premiere_ouverture  # the first visit only

    reponse = client.post(_chemin(lien), {"reponse": "confirme"}, follow=True)
    assert "Merci, votre réponse est enregistrée" in reponse.content.decode()
    angers.refresh_from_db()
    envoi.refresh_from_db()
    assert angers.date_maj == timezone.localdate()
    assert angers.a_verifier_depuis is None and angers.motif_a_verifier == ""
    assert (envoi.reponse, envoi.repondu_le is not None) == (Envoi.Reponse.CONFIRME, True)
    assert "date_maj" not in (angers.lignee or {})  # date_maj describes the record: never locked

    encore = client.post(_chemin(lien), {"reponse": "ferme"})
    assert encore.status_code == 409
    assert "Votre réponse a déjà été enregistrée le" in encore.content.decode()
    envoi.refresh_from_db()
    assert envoi.reponse == Envoi.Reponse.CONFIRME
    assert not Signalement.objects.filter(lieu=angers).exists()


def test_un_lien_expire_ou_modifie_est_refuse_en_francais(anjou, client, django_capture_on_commit_callbacks):
    campagne = _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    lien, _ = _liens("epn@saumur.example")
    with mock.patch("django.utils.timezone.now", return_value=campagne.fin_le + dt.timedelta(minutes=1)):
        expire = client.get(_chemin(lien))
        poste = client.post(_chemin(lien), {"reponse": "confirme"})
    assert expire.status_code == 410 and poste.status_code == 410
    assert "Ce lien a expiré" in expire.content.decode()
    assert Envoi.objects.get(lieu=anjou["lieux"]["saumur"]).repondu_le is None

    modifie = client.get(_chemin(lien)[:-3] + "xx/")
    assert modifie.status_code == 404
    assert "Ce lien n'est pas valable" in modifie.content.decode()
    autre_sel = jetons.jeton(Envoi.objects.get(lieu=anjou["lieux"]["saumur"]), jetons.SEL_DESINSCRIPTION)
    assert client.get(f"/campagne/{autre_sel}/").status_code == 404  # an unsubscribe token answers nothing


def test_ferme_cree_un_signalement_sans_archiver(anjou, client, django_capture_on_commit_callbacks):
    _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    lien, _ = _liens("espace@cholet.example")
    client.post(_chemin(lien), {"reponse": "ferme", "message": "Fermé depuis juin."})
    cholet = anjou["lieux"]["cholet"]
    signalement = Signalement.objects.get(lieu=cholet)
    assert signalement.rubriques == [Signalement.Rubrique.FERME]
    assert "Fermé depuis juin." in signalement.message and "campagne n°" in signalement.message
    cholet.refresh_from_db()
    assert cholet.statut == Lieu.Statut.ACTIF


def test_je_mets_a_jour_ouvre_le_formulaire_modere_ou_invite(anjou, client, django_capture_on_commit_callbacks):
    _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    lien, _ = _liens("epn@saumur.example")
    saumur = anjou["lieux"]["saumur"]
    reponse = client.post(_chemin(lien), {"reponse": "mis_a_jour"})
    assert reponse.status_code == 302 and reponse["Location"] == f"/lieux/{saumur.pk}/modifier/"
    assert not Invitation.objects.filter(lieu=saumur).exists()

    Campagne.objects.update(statut=Campagne.Statut.TERMINEE)  # a second campaign, trusting the addresses
    with django_capture_on_commit_callbacks(execute=True):
        lancement.lancer(anjou["compte"], Demande(nom="Confiance", confiance=True))
    lien, _ = _liens("epn@saumur.example")
    reponse = client.post(_chemin(lien), {"reponse": "mis_a_jour"})
    assert reponse["Location"].startswith(f"/lieux/{saumur.pk}/modifier/?invitation=")
    invitation = Invitation.objects.get(lieu=saumur)
    assert invitation.courriel == "epn@saumur.example" and invitation.cree_par == anjou["compte"]
    formulaire = client.get(reponse["Location"])
    assert formulaire.status_code == 200 and "epn@saumur.example" in formulaire.content.decode()


def test_la_relance_ne_va_qu_a_ceux_qui_n_ont_pas_repondu(anjou, client, django_capture_on_commit_callbacks):
    campagne = _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    client.post(_chemin(_liens("contact@angers.example")[0]), {"reponse": "confirme"})
    client.post(_chemin(_liens("espace@cholet.example")[1]))  # Cholet unsubscribes
    mail.outbox.clear()

    avant = campagne.lancee_le + dt.timedelta(days=13)
    with django_capture_on_commit_callbacks(execute=True):
        assert cycle.relancer(maintenant=avant) == 0
    apres = campagne.lancee_le + dt.timedelta(days=15)
    with mock.patch("django.utils.timezone.now", return_value=apres), django_capture_on_commit_callbacks(execute=True):
        assert cycle.relancer() == 1
    assert [m.to for m in mail.outbox] == [["epn@saumur.example"]]
    assert mail.outbox[0].subject.startswith("Rappel : ")
    assert "pas encore reçu votre réponse" in mail.outbox[0].body
    assert Envoi.objects.get(lieu=anjou["lieux"]["saumur"]).relance_le is not None
    with mock.patch("django.utils.timezone.now", return_value=apres), django_capture_on_commit_callbacks(execute=True):
        assert cycle.relancer() == 0  # once per campaign
    assert len(mail.outbox) == 1


def test_la_fin_signale_a_verifier_les_lieux_muets_sans_les_masquer(anjou, client, django_capture_on_commit_callbacks):
    campagne = _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    Lieu.objects.filter(pk=anjou["lieux"]["angers"].pk).update(a_verifier_depuis=None, motif_a_verifier="")
    client.post(_chemin(_liens("epn@saumur.example")[0]), {"reponse": "confirme"})
    assert cycle.clore(maintenant=campagne.fin_le - dt.timedelta(hours=1)) == 0  # not yet
    fin = campagne.fin_le + dt.timedelta(hours=1)
    assert cycle.clore(maintenant=fin) == 2

    angers, saumur = (Lieu.objects.get(pk=anjou["lieux"][n].pk) for n in ("angers", "saumur"))
    assert angers.a_verifier_depuis == fin
    assert angers.motif_a_verifier == (f"Sans réponse à la campagne de mise à jour du "
                                       f"{timezone.localtime(campagne.lancee_le):%d/%m/%Y}")
    assert angers.statut == Lieu.Statut.ACTIF  # flagged, never hidden
    assert saumur.a_verifier_depuis is None
    campagne.refresh_from_db()
    assert campagne.statut == Campagne.Statut.TERMINEE
    assert cycle.clore(maintenant=fin + dt.timedelta(days=1)) == 0


def test_la_desinscription_arrete_les_courriels(anjou, client, django_capture_on_commit_callbacks):
    _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    _, desinscription = _liens("contact@angers.example")
    page = client.get(_chemin(desinscription))
    assert "Ne plus recevoir ces courriels" in page.content.decode()
    assert not Desinscription.objects.exists()  # a GET (a mail scanner) unsubscribes nobody
    fait = client.post(_chemin(desinscription))  # RFC 8058 one-click: no CSRF token
    assert "ne recevra plus de courriel de campagne" in fait.content.decode()
    assert Desinscription.objects.filter(empreinte=empreinte_courriel(" CONTACT@angers.example")).exists()
    assert Envoi.objects.get(lieu=anjou["lieux"]["angers"]).desinscrit_le is not None

    Campagne.objects.update(statut=Campagne.Statut.TERMINEE)
    mail.outbox.clear()
    assert lancement.compter(anjou["compte"], Filtre()) == 2  # the SQL hash matches Python's
    _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    assert "contact@angers.example" not in [m.to[0] for m in mail.outbox]
    assert len(mail.outbox) == 2


def test_une_adresse_refusee_est_un_rebond(anjou, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.test_campagnes.ServeurQuiRefuse"
    Lieu.objects.filter(pk=anjou["lieux"]["cholet"].pk).update(courriels=["espace@refuse.example"])
    _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    envoi = Envoi.objects.get(lieu=anjou["lieux"]["cholet"])
    assert envoi.rebond_le is not None and envoi.envoye_le is None and "550" in envoi.erreur
    assert len(mail.outbox) == 2
    assert Envoi.objects.a_envoyer().count() == 0  # never retried


def test_le_debit_limite_chaque_lot(anjou, settings):
    settings.CAMPAGNES_ENVOIS_PAR_MINUTE = 2
    campagne = lancement.lancer(anjou["compte"], Demande(nom="Lente"))  # on_commit not run: nothing queued
    assert courriels.envoyer_un_lot(campagne.pk, 2) == 1
    assert len(mail.outbox) == 2
    assert courriels.envoyer_un_lot(campagne.pk, 2) == 0
    assert len(mail.outbox) == 3


def test_le_filtre_et_le_perimetre_choisissent_les_lieux(anjou, django_capture_on_commit_callbacks):
    compte = anjou["compte"]
    assert lancement.compter(compte, Filtre(communes=("49328",))) == 1
    assert lancement.compter(compte, Filtre(departements=("33",))) == 0  # outside the territory
    gironde = User.objects.create_user("coord-33", password="x", is_staff=True)
    coordinateur(gironde, departements=["33"])
    campagne = _lancer(gironde, django_capture_on_commit_callbacks)
    assert list(campagne.envois.values_list("lieu__nom", flat=True)) == ["Tiers-lieu de Bordeaux"]
    assert "Gironde" in campagne.territoire
    # a lieu already in a running campaign is not written to twice
    assert lancement.compter(gironde, Filtre()) == 0
    sans_territoire = User.objects.create_user("sans", password="x", is_staff=True)
    assert lancement.compter(sans_territoire, Filtre()) == 0


def test_la_source_et_la_typologie_filtrent(anjou):
    Lieu.objects.filter(pk=anjou["lieux"]["saumur"].pk).update(source="hub-anjou", typologie=["BIB"])
    compte = anjou["compte"]
    assert lancement.compter(compte, Filtre(source="HUB-ANJOU")) == 1
    assert lancement.compter(compte, Filtre(typologie="BIB")) == 1
    assert lancement.compter(compte, Filtre(typologie="CCAS")) == 0
    assert Filtre.depuis_json(Filtre(communes=("49007",), source="x").en_json()) == Filtre(communes=("49007",),
                                                                                          source="x")


def test_la_commande_relance_et_clot_ce_qui_est_du(anjou, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    campagne = _lancer(anjou["compte"], django_capture_on_commit_callbacks)
    mail.outbox.clear()
    sortie = io.StringIO()
    quinze_jours = campagne.lancee_le + dt.timedelta(days=15)
    with mock.patch("django.utils.timezone.now", return_value=quinze_jours), \
            django_capture_on_commit_callbacks(execute=True):
        call_command("relancer_campagnes", stdout=sortie)
    assert "3 relance(s) demandée(s), 0 lieu(x) signalé(s) « à vérifier »." in sortie.getvalue()
    assert len(mail.outbox) == 3
    with mock.patch("django.utils.timezone.now", return_value=campagne.fin_le):
        call_command("relancer_campagnes", stdout=sortie)
    assert "0 relance(s) demandée(s), 2 lieu(x) signalé(s)" in sortie.getvalue()  # Angers was flagged already
