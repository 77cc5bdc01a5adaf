"""Public pages served from a cache when they repeat: a collectivité's embed, a results page shared by a team, the
map's requests are the same for every visitor. Django's per-site cache middlewares, narrowed by one gate:

- only GET/HEAD of anonymous visitors (no session cookie, no message waiting: coordinators and a person just
  thanked are never served a cached page), no htmx fragment requests (they answer another template), public paths
  only (never /admin/, /sante/, exports), and never a response that sets a cookie;
- Django already refuses to cache what sets a user cookie (a page carrying a CSRF token to a cookie-less visitor)
  and what says `Cache-Control: private` or `max-age=0`;
- PAGES_CACHE_SECONDES (60 s by default, 0 turns it off: tests) is also sent as `Cache-Control: max-age`, and
  ConditionalGetMiddleware answers `304 Not Modified` to a repeat carrying the ETag, so browsers and a CDN absorb
  repeats too. After an import a page may be up to that long behind.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.cache import FetchFromCacheMiddleware, UpdateCacheMiddleware

CHEMINS_PUBLICS = ("/carte/", "/lieux/", "/territoires/", "/orientation/", "/embed/", "/api/v1/", "/recherche/",
                   "/plan-du-site/", "/accessibilite/")


def cachable(request) -> bool:
    secondes = getattr(settings, "PAGES_CACHE_SECONDES", 0)
    if not secondes or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or request.headers.get("HX-Request"):
        return False
    if getattr(settings, "MESSAGES_COOKIE_NAME", "messages") in request.COOKIES:  # a « Merci » waiting for them
        return False
    return request.path == "/" or request.path.startswith(CHEMINS_PUBLICS)


class _Secondes:
    @property
    def cache_timeout(self):
        return getattr(settings, "PAGES_CACHE_SECONDES", 0)

    @cache_timeout.setter
    def cache_timeout(self, valeur):
        pass

    @property
    def page_timeout(self):
        return None

    @page_timeout.setter
    def page_timeout(self, valeur):
        pass


class MiseEnCachePages(_Secondes, UpdateCacheMiddleware):
    def process_response(self, request, response):
        if not cachable(request) or response.cookies:  # a response that sets a cookie is someone's own
            return response
        return super().process_response(request, response)


class LectureCachePages(_Secondes, FetchFromCacheMiddleware):
    def process_request(self, request):
        if not cachable(request):
            request._cache_update_cache = False
            return None
        return super().process_request(request)
