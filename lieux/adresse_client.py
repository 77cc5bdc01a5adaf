"""The visitor's address, for rate limits: REMOTE_ADDR, or behind NOMBRE_PROXYS trusted reverse proxies the address
the outermost of them saw (X-Forwarded-For read from the right). A client can write any X-Forwarded-For it likes:
only the hops added by our own proxies are believed. The API's throttles read the same setting (NUM_PROXIES)."""

from django.conf import settings


def adresse_client(request) -> str:
    proxys = int(getattr(settings, "NOMBRE_PROXYS", 0) or 0)
    if proxys > 0:
        transmises = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if transmises:
            return transmises[-min(proxys, len(transmises))]
    return request.META.get("REMOTE_ADDR", "")
