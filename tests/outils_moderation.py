"""Helpers for the tests of moderation and invitations (not a test module): contributions, coordinators, page text."""

import html
import re

from django.contrib.auth.models import Permission, User

from contributions.models import Contribution
from lieux.models import Commune, Coordinateur
from lieux.modifications import valeurs_du_lieu

DROITS_COORDINATEUR = ("contributions.view_contribution", "contributions.change_contribution",
                       "contributions.add_invitation", "lieux.view_signalement", "lieux.change_signalement",
                       "lieux.view_lieu", "lieux.change_lieu")


def proposer(lieu, valeurs: dict, **champs) -> Contribution:
    """A pending update proposed on `lieu` (its values of now kept as `valeurs_avant`)."""
    defauts = {"courriel_contributeur": "camille@exemple.fr", "nom_contributeur": "Camille Martin",
               "role_contributeur": Contribution.Role.RESPONSABLE, "empreinte_client": "x"}
    return Contribution.objects.create(
        type=Contribution.Type.MISE_A_JOUR, lieu=lieu, commune_officielle=lieu.commune_officielle,
        valeurs=valeurs, valeurs_avant=valeurs_du_lieu(lieu), **{**defauts, **champs})


def declarer(valeurs: dict, **champs) -> Contribution:
    defauts = {"courriel_contributeur": "dominique@exemple.fr", "nom_contributeur": "Dominique Bernard",
               "empreinte_client": "x"}
    commune = Commune.objects.filter(code=valeurs.get("code_insee", "")).first()
    return Contribution.objects.create(type=Contribution.Type.DECLARATION, commune_officielle=commune,
                                       valeurs=valeurs, **{**defauts, **champs})


def coordinateur(nom, *, departements=(), national=False, email=None, droits=DROITS_COORDINATEUR) -> User:
    utilisateur = User.objects.create_user(nom, email=email or f"{nom}@coordination.fr", password="x", is_staff=True)
    for droit in droits:
        app, code = droit.split(".")
        utilisateur.user_permissions.add(Permission.objects.get(content_type__app_label=app, codename=code))
    ligne = Coordinateur.objects.create(utilisateur=utilisateur, national=national)
    ligne.departements.set(departements)
    return utilisateur


def texte_visible(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def sans_gabarit(page: str) -> None:
    assert "{{" not in page and "{%" not in page and "variable de gabarit manquante" not in page
