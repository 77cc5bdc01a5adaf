"""Only /embed/ may be framed: there, `Content-Security-Policy: frame-ancestors *` and no X-Frame-Options; every
other page keeps Django's `X-Frame-Options: DENY` (settings.X_FRAME_OPTIONS).

An embed sets no cookie either: its state is in GET parameters, and a framed page is a third-party context where
browsers refuse cookies anyway. Its templates never ask for a CSRF token or a session; as a guarantee, cookies that
some layer would still add to an /embed/ response are dropped here.

Placed before SessionMiddleware, CsrfViewMiddleware and XFrameOptionsMiddleware in MIDDLEWARE, so that it sees
their response last.
"""

from embed import PREFIXE

POLITIQUE = "frame-ancestors *"


class CadresMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(PREFIXE):
            if "X-Frame-Options" in response:
                del response["X-Frame-Options"]
            politique = response.get("Content-Security-Policy")
            response["Content-Security-Policy"] = f"{politique}; {POLITIQUE}" if politique else POLITIQUE
            response.cookies.clear()
        return response
