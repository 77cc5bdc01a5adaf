from django.conf import settings


def site(request):
    from lieux.accessibilite import niveau_declare  # the self-audit grid, read once per process

    return {
        "SITE_NAME": settings.SITE_NAME,
        "GEO_ATTRIBUTION": settings.GEO_ATTRIBUTION,
        "CONTACT_ACCESSIBILITE": settings.CONTACT_ACCESSIBILITE,
        "ACCESSIBILITE_NIVEAU": niveau_declare(),
    }
