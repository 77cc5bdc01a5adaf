"""Pages that help find one's way in the site (RGAA 12.1: two ways at least) and the accessibility declaration.

- `/plan-du-site/`: every page, the régions and their départements;
- `/recherche/?q=`: a site search over communes, départements, régions and lieux by name, server-rendered;
- `/accessibilite/`: the declaration, built from the self-audit grid kept in `docs/rgaa/grille.csv` (one line per
  RGAA 4.1 criterion: status, pages, the test that checks it), so the page and the audit cannot disagree;
- `/donnees-personnelles/` and `/mentions-legales/`: what personal data is kept, why, how long, who to ask; who
  publishes and hosts the site, the licences (publisher, host, contact and retention periods from the settings).
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from lieux import accessibilite
from lieux.francais import par_nom
from lieux.models import Departement, Region
from lieux.recherche_site import chercher


def plan(request):
    regions = list(Region.objects.order_by(par_nom()))
    departements = Departement.objects.order_by(par_nom())
    par_region: dict[str, list] = {}
    for d in departements:
        par_region.setdefault(d.region_id, []).append(d)
    return render(request, "site/plan.html", {
        "regions": [(r, par_region.get(r.code, [])) for r in regions],
    })


def recherche(request):
    q = (request.GET.get("q") or "").strip()[:100]
    resultats = chercher(q) if q else None
    return render(request, "site/recherche.html", {"q": q, "resultats": resultats})


def declaration(request):
    grille = accessibilite.lire_grille()
    return render(request, "site/accessibilite.html", {"grille": grille, "bilan": accessibilite.bilan(grille)})


def donnees_personnelles(request):
    return render(request, "site/donnees_personnelles.html", {
        "contact": settings.CONTACT_DONNEES_PERSONNELLES, "editeur": settings.EDITEUR_NOM,
        "jours_contributions": settings.CONTRIBUTIONS_CONSERVATION_JOURS,
        "jours_signalements": settings.SIGNALEMENTS_CONSERVATION_JOURS,
    })


def mentions_legales(request):
    return render(request, "site/mentions_legales.html", {
        "editeur": settings.EDITEUR_NOM, "editeur_adresse": settings.EDITEUR_ADRESSE,
        "directeur": settings.EDITEUR_DIRECTEUR_PUBLICATION, "hebergeur": settings.HEBERGEUR_NOM,
        "hebergeur_adresse": settings.HEBERGEUR_ADRESSE, "contact": settings.CONTACT_DONNEES_PERSONNELLES,
    })
