"""« Vos tâches » on the home page of the coordinators' space (/admin/): what a hub coordinator comes to do, first —
import a file, synchronise DORA, handle the error reports — and the latest imports. Each entry only for who may, the
counts and the imports within the account's territory (lieux/perimetres.py, imports/perimetres.py)."""

from django import template
from django.urls import reverse

from lieux.models import Signalement
from lieux.perimetres import est_national, q_perimetre

from ..perimetres import imports_visibles

register = template.Library()
DERNIERS_IMPORTS = 5


@register.inclusion_tag("admin/includes/vos_taches.html", takes_context=True)
def vos_taches(context):
    utilisateur = context["request"].user
    taches = []
    if utilisateur.has_perm("imports.add_importrun"):
        taches.append({"libelle": "Importer un fichier", "url": reverse("admin:imports_importrun_importer"),
                       "aide": "CSV, JSON, GeoJSON ou Excel au standard : analyse à blanc, aperçu, puis application."})
    if utilisateur.has_perm("imports.add_importrun") and est_national(utilisateur):  # DORA: all of France
        taches.append({"libelle": "Synchroniser DORA", "url": reverse("admin:imports_importrun_synchroniser_dora"),
                       "aide": "Les lieux DORA (data·inclusion) : tous, ou ceux modifiés depuis une date."})
    signalements = None
    if utilisateur.has_perm("lieux.view_signalement"):
        signalements = Signalement.objects.filter(q_perimetre(utilisateur, "lieu__commune_officielle"),
                                                  statut=Signalement.Statut.NOUVEAU).count()
        url = reverse("admin:lieux_signalement_changelist") + f"?statut__exact={Signalement.Statut.NOUVEAU}"
        taches.append({"libelle": "Signalements à traiter", "url": url, "nombre": signalements,
                       "aide": "Erreurs signalées sur les fiches publiques par leurs lecteurs."})
    derniers = []
    if utilisateur.has_perm("imports.view_importrun"):
        derniers = list(imports_visibles(utilisateur).select_related("source", "utilisateur")
                        .order_by("-cree_le")[:DERNIERS_IMPORTS])
    return {"taches": taches, "derniers_imports": derniers,
            "url_imports": reverse("admin:imports_importrun_changelist") if derniers else ""}
