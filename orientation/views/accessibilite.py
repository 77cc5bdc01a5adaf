"""Étape 3 — Accessibilité et publics: prise en charge spécifique and publics spécifiquement adressés."""

from orientation.contenu import PRISES_EN_CHARGE, PUBLICS
from orientation.etat import Orientation
from orientation.views.commun import caches, rediriger, rendre_etape


def accessibilite(request):
    orientation = Orientation.lire(request.GET)
    aller = request.GET.get("aller")
    if aller == "suivant":
        return rediriger("disponibilite", orientation)
    if aller == "precedent":
        return rediriger("localisation", orientation)
    return rendre_etape(request, "accessibilite", orientation, {
        "prises_en_charge": [{"valeur": v, "aide": a, "coche": v in orientation.prises_en_charge}
                             for v, a in PRISES_EN_CHARGE],
        "publics": [{"valeur": v, "coche": v in orientation.publics} for v, _ in PUBLICS],
        "caches": caches(orientation, {"prise_en_charge_specifique", "publics_specifiquement_adresses"}),
    })
