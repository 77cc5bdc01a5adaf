"""One way to call the outside services (BAN search, BAN batch geocoding, data·inclusion): a `requests.Session` whose
retries are urllib3's `Retry` — a maintained mechanism instead of one hand-made loop per client.

What is retried, the same for every client: HTTP 429, 500, 502, 503, 504 and a response that does not come (read
timeout, dropped connection), each client with its own number of attempts and timeout (its settings). What is not:
a refused connection (nothing listens there: retrying only makes the person wait), any other HTTP status, a body
that cannot be read. Between attempts: `pause × 2^(n−1)` seconds after the n-th failure, at most `pause_max`, or
what a 429's Retry-After asks (also capped). The waiting itself goes through `attendre`, so a test counts the pauses
instead of sleeping; the test settings turn every real pause off (HTTP_SORTANT_PAUSES = False).

After the last attempt the session answers like one call: the last response (a 503…) for a status, else a
`requests` exception; `connexion_refusee()` and `delai_depasse()` tell the clients which failure it was.
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Callable

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import MaxRetryError, ReadTimeoutError
from urllib3.util.retry import Retry

logger = logging.getLogger(__name__)

CODES_TRANSITOIRES = (429, 500, 502, 503, 504)


def dormir(secondes: float) -> None:
    """The default pause between attempts: a real sleep, except where the settings turn pauses off (tests)."""
    if getattr(settings, "HTTP_SORTANT_PAUSES", True):
        time.sleep(secondes)


class Reessais(Retry):
    """urllib3's Retry with the house's backoff (from the first retry on, capped) and an injectable pause."""

    def __init__(self, *args, pause: float = 1.0, pause_max: float = 60.0,
                 attendre: Callable[[float], None] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pause, self.pause_max, self.attendre = pause, pause_max, attendre or dormir

    def new(self, **kwargs):
        nouveau = super().new(**kwargs)
        nouveau.pause, nouveau.pause_max, nouveau.attendre = self.pause, self.pause_max, self.attendre
        return nouveau

    def get_backoff_time(self) -> float:
        echecs = len(self.history)
        return min(self.pause_max, self.pause * 2 ** (echecs - 1)) if echecs else 0.0

    def sleep(self, response=None) -> None:
        attente = None
        if response is not None and response.status == 429:
            attente = self.get_retry_after(response)  # None for an HTTP date: the backoff is good enough
        attente = min(self.pause_max, attente) if attente is not None else self.get_backoff_time()
        if self.history:
            dernier = self.history[-1]
            logger.warning("%s : %s, nouvelle tentative dans %.3g s", dernier.url,
                           f"HTTP {dernier.status}" if dernier.status else dernier.error, attente)
        if attente > 0:
            self.attendre(attente)


def session_sortante(tentatives: int, pause: float = 1.0, pause_max: float = 60.0,
                     attendre: Callable[[float], None] | None = None) -> requests.Session:
    """A session that makes up to `tentatives` attempts per call (GET and POST: every call of ours may be repeated)."""
    reessais = Reessais(
        total=max(0, tentatives - 1), connect=0, read=max(0, tentatives - 1), status=max(0, tentatives - 1), other=0,
        status_forcelist=CODES_TRANSITOIRES, allowed_methods=frozenset({"GET", "POST"}), raise_on_status=False,
        respect_retry_after_header=True, pause=pause, pause_max=pause_max, attendre=attendre,
    )
    session = requests.Session()
    adaptateur = HTTPAdapter(max_retries=reessais)
    session.mount("http://", adaptateur)
    session.mount("https://", adaptateur)
    return session


def _chaine(erreur: BaseException | None):
    """The exception and everything it wraps (causes, contexts, urllib3's MaxRetryError reason)."""
    vues = set()
    while erreur is not None and id(erreur) not in vues:
        vues.add(id(erreur))
        yield erreur
        suivante = erreur.__cause__ or erreur.__context__
        if suivante is None and isinstance(erreur, MaxRetryError):
            suivante = erreur.reason
        if suivante is None and erreur.args and isinstance(erreur.args[0], BaseException):
            suivante = erreur.args[0]
        erreur = suivante


def connexion_refusee(erreur: BaseException) -> bool:
    """True for « connection refused »: nothing listens at that address."""
    return any(isinstance(e, ConnectionRefusedError) or getattr(e, "errno", None) == errno.ECONNREFUSED
               for e in _chaine(erreur))


def delai_depasse(erreur: BaseException) -> bool:
    """True when the service did not answer in time (on the last attempt)."""
    return any(isinstance(e, (requests.Timeout, ReadTimeoutError, TimeoutError)) for e in _chaine(erreur))
