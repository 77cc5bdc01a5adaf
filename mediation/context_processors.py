from django.conf import settings


def site(request):
    from lieux.accessibilite import bilan, lire_grille  # the self-audit grid, read once (lru_cache)

    return {
        "SITE_NAME": settings.SITE_NAME,
        "GEO_ATTRIBUTION": settings.GEO_ATTRIBUTION,
        "CONTACT_ACCESSIBILITE": settings.CONTACT_ACCESSIBILITE,
        "ACCESSIBILITE_NIVEAU": bilan(lire_grille()).niveau,
    }
