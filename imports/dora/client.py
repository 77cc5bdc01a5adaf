"""Client of the data·inclusion API v1: structures and services, page by page, with a timeout and retries.

`GET /api/v1/structures?sources=dora&page=N&size=M` and `GET /api/v1/services?sources=dora&thematiques=numerique…`
answer `{items, total, page, size, pages}` (size ≤ 10 000), behind a bearer token. Transient failures (timeouts,
dropped connections, HTTP 429 and 5xx) are retried with an exponential backoff (`Retry-After` honoured on 429) by the
shared outside session (lieux/http.py); everything else stops at once. Every failure is an `ErreurDataInclusion` whose message, in French, tells the person
following the import what happened and what to do: the run then ends without writing anything.

Tests talk to a local fake server (tests/outils_dora.py); `ClientFichiers` in `lecteurs.py` gives the same
records from the open data files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import requests
from django.conf import settings

from lieux.http import CODES_TRANSITOIRES, connexion_refusee, delai_depasse, session_sortante

logger = logging.getLogger(__name__)

TAILLE_PAGE = 1000
TAILLE_PAGE_MAX = 10_000  # the API refuses more
PAUSE_MAX = 60.0  # seconds, whatever Retry-After says
RIEN_ECRIT = "Rien n'a été importé."

Suivi = Callable[[str, int, int], None]  # (what, page, pages) after each page


class ErreurDataInclusion(Exception):
    """data·inclusion could not give the records (message in French, for the import report)."""


def _detail(reponse: requests.Response) -> str:
    """The API's own explanation (FastAPI `detail`), short, when there is one."""
    try:
        detail = reponse.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return f" ({str(detail)[:200]})" if detail else ""


class ClientDataInclusion:
    def __init__(self, url: str | None = None, jeton: str | None = None, timeout: float | None = None,
                 tentatives: int = 4, pause: float = 2.0, taille_page: int = TAILLE_PAGE,
                 session: requests.Session | None = None, attendre: Callable[[float], None] | None = None):
        if not 1 <= taille_page <= TAILLE_PAGE_MAX:
            raise ValueError(f"taille de page entre 1 et {TAILLE_PAGE_MAX}")
        base = (url if url is not None else settings.DATA_INCLUSION_API_URL).rstrip("/")
        self.base = base if base.endswith("/api/v1") else base + "/api/v1"
        self.jeton = settings.DATA_INCLUSION_API_TOKEN if jeton is None else jeton
        self.timeout = timeout or getattr(settings, "DATA_INCLUSION_TIMEOUT", 30.0)
        self.tentatives = max(1, tentatives)
        self.pause = pause
        self.taille_page = taille_page
        self.session = session or session_sortante(self.tentatives, pause, PAUSE_MAX, attendre)
        self.remarques: list[str] = []  # oddities worth telling (duplicates, totals that moved during the download)

    def url(self, chemin: str) -> str:
        return f"{self.base}/{chemin}"

    @property
    def origine(self) -> str:
        """Where the records come from, for the run (`ImportRun.url`)."""
        return self.url("services?sources=dora&thematiques=numerique")

    # --- the two lists the DORA import needs -------------------------------------------------------------

    def structures(self, sources=("dora",), suivi: Suivi | None = None) -> Iterator[dict]:
        return self.pages("structures", {"sources": list(sources)}, suivi)

    def services(self, sources=("dora",), thematiques=("numerique",), suivi: Suivi | None = None) -> Iterator[dict]:
        return self.pages("services", {"sources": list(sources), "thematiques": list(thematiques)}, suivi)

    # --- pagination ----------------------------------------------------------------------------------------

    def pages(self, chemin: str, parametres: dict, suivi: Suivi | None = None) -> Iterator[dict]:
        """Every item of every page, once (an id met twice is given once and reported). Fewer distinct items than the
        last page's `total` means the list moved while we paged through it: refused, since a full synchronisation
        would archive the lieux it lacks."""
        if not self.jeton:
            raise ErreurDataInclusion(
                "Aucun jeton d'accès à data·inclusion n'est configuré (réglage DATA_INCLUSION_API_TOKEN) : l'API v1 "
                "n'est accessible qu'avec un jeton, à demander à l'équipe data·inclusion. Sans jeton, utilisez les "
                f"fichiers open data (sync_dora --structures … --services …). {RIEN_ECRIT}"
            )
        vus: set[str] = set()
        doublons = 0
        page = 1
        while True:
            donnees = self._page(chemin, {**parametres, "page": page, "size": self.taille_page})
            for item in donnees["items"]:
                identifiant = item.get("id")
                if identifiant in vus:
                    doublons += 1
                    continue
                vus.add(identifiant)
                yield item
            if suivi:
                suivi(chemin, page, donnees["pages"])
            if not donnees["items"] or page >= donnees["pages"]:
                break
            page += 1
        if doublons:
            self.remarques.append(f"{chemin} : {doublons} enregistrement(s) reçu(s) deux fois (même id), gardé(s) une fois.")
        if len(vus) < donnees["total"]:
            # a record moved from one page to another while we read: an incomplete list would archive lieux
            raise ErreurDataInclusion(
                f"Téléchargement incomplet de /{chemin} : {donnees['total']} enregistrements annoncés, {len(vus)} "
                f"reçus (données modifiées pendant le téléchargement ?). Réessayez plus tard. {RIEN_ECRIT}"
            )
        if len(vus) > donnees["total"]:
            self.remarques.append(f"{chemin} : {donnees['total']} enregistrements annoncés à la fin, {len(vus)} reçus "
                                  "(données modifiées pendant le téléchargement).")

    def _page(self, chemin: str, parametres: dict) -> dict:
        """One page; the session retries the transient failures (lieux/http.py), this says what the last one was."""
        quoi = f"la page {parametres['page']} de /{chemin}"
        en_tetes = {"Authorization": f"Bearer {self.jeton}", "Accept": "application/json"}
        try:
            reponse = self.session.get(self.url(chemin), params=parametres, headers=en_tetes, timeout=self.timeout)
        except requests.RequestException as erreur:
            if connexion_refusee(erreur):
                raise ErreurDataInclusion(
                    f"data·inclusion injoignable ({self.base} refuse la connexion) : vérifiez le réglage "
                    f"DATA_INCLUSION_API_URL. {RIEN_ECRIT}"
                ) from erreur
            derniere = (f"pas de réponse en {self.timeout:g} s" if delai_depasse(erreur)
                        else f"connexion interrompue ({erreur.__class__.__name__})")
        else:
            if reponse.status_code == 200:
                return self._lit(reponse, quoi)
            self._refuse_sans_reessayer(reponse, quoi)
            derniere = f"HTTP {reponse.status_code}"
        logger.warning("data·inclusion, %s : %s après %s tentative(s)", quoi, derniere, self.tentatives)
        raise ErreurDataInclusion(self._message_d_echec(derniere, quoi))

    def _refuse_sans_reessayer(self, reponse: requests.Response, quoi: str):
        code = reponse.status_code
        if code == 401:
            raise ErreurDataInclusion(
                "data·inclusion refuse le jeton d'accès (HTTP 401) : jeton absent, mal copié, expiré ou révoqué. "
                f"Vérifiez le réglage DATA_INCLUSION_API_TOKEN ou demandez un nouveau jeton à data·inclusion. {RIEN_ECRIT}"
            )
        if code == 403:
            raise ErreurDataInclusion(
                "Le jeton data·inclusion est reconnu mais n'a pas accès à cette partie de l'API (HTTP 403) : "
                f"demandez à data·inclusion un jeton ayant accès à l'API (structures et services). {RIEN_ECRIT}"
            )
        if code not in CODES_TRANSITOIRES:
            raise ErreurDataInclusion(
                f"data·inclusion a refusé {quoi} (HTTP {code}){_detail(reponse)} : la requête n'est pas acceptée "
                f"par cette version de l'API. {RIEN_ECRIT}"
            )

    def _message_d_echec(self, derniere: str, quoi: str) -> str:
        fois = f"{self.tentatives} tentative{'s' if self.tentatives > 1 else ''}"
        if derniere == "HTTP 429":
            cause = "limite le nombre de requêtes (HTTP 429)"
        elif derniere.startswith("HTTP 5"):
            cause = f"est en erreur ({derniere})"
        else:
            cause = f"ne répond pas : {derniere}"
        return (f"data·inclusion {cause} pour {quoi}, après {fois} : réessayez plus tard (la synchronisation "
                f"programmée repassera). {RIEN_ECRIT}")

    @staticmethod
    def _lit(reponse: requests.Response, quoi: str) -> dict:
        try:
            donnees = reponse.json()
        except ValueError as erreur:
            raise ErreurDataInclusion(
                f"Réponse illisible de data·inclusion pour {quoi} : JSON mal formé ({erreur}). {RIEN_ECRIT}"
            ) from erreur
        items = donnees.get("items") if isinstance(donnees, dict) else None
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise ErreurDataInclusion(
                f"Réponse inattendue de data·inclusion pour {quoi} : attendu un objet {{items, total, page, size, "
                f"pages}} dont « items » est une liste d'objets. {RIEN_ECRIT}"
            )
        try:
            pages, total = int(donnees["pages"]), int(donnees["total"])
        except (KeyError, TypeError, ValueError) as erreur:
            raise ErreurDataInclusion(
                f"Réponse inattendue de data·inclusion pour {quoi} : « pages » et « total » doivent être des "
                f"nombres. {RIEN_ECRIT}"
            ) from erreur
        return {"items": items, "pages": pages, "total": total}
