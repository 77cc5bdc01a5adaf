"""« À vérifier » in « Vos tâches » on the admin home: the lieux of the account's territories to check
(lieux/a_verifier.py), after what the template already lists."""

from django import template
from django.urls import reverse

from lieux import a_verifier

register = template.Library()


@register.simple_tag(takes_context=True)
def avec_a_verifier(context, taches):
    request = getattr(context, "request", None) or context.get("request")
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not utilisateur.has_perm("lieux.view_lieu"):
        return taches
    return [*taches, {"libelle": "À vérifier", "url": reverse("admin:lieux_lieu_a_verifier"),
                      "nombre": a_verifier.nombre(utilisateur),
                      "aide": "Lieux signalés « à vérifier » ou au score de qualité bas, les plus consultés d'abord."}]
