"""« À modérer » in « Vos tâches » on the admin home: the counts of the account's pending contributions and reports
(templates/admin/includes/vos_taches.html puts this entry first)."""

from django import template
from django.urls import reverse

from contributions import file

register = template.Library()


@register.simple_tag(takes_context=True)
def avec_moderation(context, taches):
    """`taches` with « À modérer » first, for an account that may see contributions or reports."""
    request = getattr(context, "request", None) or context.get("request")
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not (utilisateur.has_perm("contributions.view_contribution")
                                   or utilisateur.has_perm("lieux.view_signalement")):
        return taches
    contributions, signalements = file.comptes(utilisateur)
    aide = (f"{contributions} contribution{'s' if contributions > 1 else ''} (lieux déclarés, mises à jour proposées) "
            f"et {signalements} signalement{'s' if signalements > 1 else ''} d'erreur sur vos territoires.")
    return [{"libelle": "À modérer", "url": reverse("admin:contributions_a_moderer"),
             "nombre": contributions + signalements, "aide": aide}, *taches]
