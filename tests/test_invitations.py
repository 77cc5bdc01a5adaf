"""Invitations to edit a lieu directly (contributions/invitations.py): a signed, expiring link for one lieu, revocable;
a tampered, foreign or expired token gives nothing."""

import re
import time
import types

import pytest
from django.conf import settings
from django.core import mail, signing

from contributions import invitations
from contributions.models import Invitation
from tests.factories import creer_lieu

pytestmark = pytest.mark.django_db


@pytest.fixture
def lieu(geographie):
    return creer_lieu(nom="Espace public numérique de Trélazé", commune="Trélazé", code_postal="49800",
                      code_insee="49353")


def jeton_du_courriel(message) -> str:
    return re.search(r"\?invitation=(\S+)", message.body).group(1)


def decaler_l_horloge(monkeypatch, jours: float):
    """Signatures read the time through django.core.signing's `time` module: move it by `jours`."""
    maintenant = time.time() + jours * 86400
    monkeypatch.setattr(signing, "time", types.SimpleNamespace(time=lambda: maintenant))


def test_le_lien_envoye_ouvre_le_formulaire_du_lieu(lieu, admin_user):
    invitation = invitations.inviter(lieu, " gerante@trelaze.fr ", par=admin_user)
    (message,) = mail.outbox
    assert message.to == ["gerante@trelaze.fr"]
    assert message.subject == "Mettez à jour la fiche de votre lieu : Espace public numérique de Trélazé"
    assert f"{settings.SITE_URL}/lieux/{lieu.pk}/modifier/?invitation=" in message.body
    assert "Il reste valable jusqu'au" in message.body and "ne le transmettez pas" in message.body
    jeton = jeton_du_courriel(message)
    assert "gerante" not in signing.b64_decode(jeton.split(":")[0].encode()).decode(errors="replace")
    assert invitations.lire_jeton(jeton, lieu) == "gerante@trelaze.fr"
    invitation.refresh_from_db()
    assert invitation.utilisee_le is not None and invitation.cree_par == admin_user


def test_valable_plusieurs_fois_jusqu_a_l_expiration(lieu, monkeypatch, settings):
    settings.INVITATION_DUREE_JOURS = 30
    jeton = invitations.creer_jeton(invitations.inviter(lieu, "gerante@trelaze.fr"))
    assert invitations.lire_jeton(jeton, lieu) == "gerante@trelaze.fr"
    assert invitations.lire_jeton(jeton, lieu) == "gerante@trelaze.fr"  # a manager may come back
    decaler_l_horloge(monkeypatch, 29.9)
    assert invitations.lire_jeton(jeton, lieu) == "gerante@trelaze.fr"
    decaler_l_horloge(monkeypatch, 30.1)
    assert invitations.lire_jeton(jeton, lieu) is None


def test_la_duree_se_regle(lieu, monkeypatch, settings):
    settings.INVITATION_DUREE_JOURS = 2
    jeton = invitations.creer_jeton(invitations.inviter(lieu, "gerante@trelaze.fr"))
    decaler_l_horloge(monkeypatch, 3)
    assert invitations.lire_jeton(jeton, lieu) is None


def test_pour_ce_lieu_seulement(lieu):
    autre = creer_lieu(nom="Médiathèque d'Angers")
    jeton = invitations.creer_jeton(invitations.inviter(lieu, "gerante@trelaze.fr"))
    assert invitations.lire_jeton(jeton, autre) is None
    assert invitations.lire_jeton(jeton, lieu) == "gerante@trelaze.fr"


def test_un_jeton_altere_ou_d_ailleurs_ne_vaut_rien(lieu):
    invitation = invitations.inviter(lieu, "gerante@trelaze.fr")
    jeton = invitations.creer_jeton(invitation)
    altere = jeton[:-1] + ("A" if jeton[-1] != "A" else "B")
    assert invitations.lire_jeton(altere, lieu) is None
    # the same content signed for another use (default salt) or forged for another invitation
    assert invitations.lire_jeton(signing.dumps({"i": invitation.pk, "l": lieu.pk}), lieu) is None
    contenu, _, signature = jeton.partition(":")
    faux = signing.b64_encode(b'{"i":999999,"l":%d}' % lieu.pk).decode() + ":" + signature
    assert invitations.lire_jeton(faux, lieu) is None
    assert invitations.lire_jeton("", lieu) is None and invitations.lire_jeton("n'importe quoi", lieu) is None


def test_une_invitation_revoquee_ne_vaut_plus_rien(lieu):
    invitation = invitations.inviter(lieu, "gerante@trelaze.fr")
    jeton = invitations.creer_jeton(invitation)
    invitations.revoquer(invitation)
    assert Invitation.objects.get(pk=invitation.pk).revoquee
    assert invitations.lire_jeton(jeton, lieu) is None
