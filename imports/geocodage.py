"""Client of the national address API (BAN, api-adresse.data.gouv.fr), batch CSV endpoint.

Lieux without coordinates, or whose coordinates fall outside their commune, are geocoded by batches of up to
`TAILLE_LOT` addresses (`POST /search/csv/`), with a timeout and retries on transient failures (timeouts, 429, 5xx)
made by the shared outside session (lieux/http.py).
A result is kept only with a score ≥ `BAN_SCORE_MIN` (0.75 by default), at a house number, street or locality, and
inside the declared commune. When the service cannot be reached the client says so once and the run goes on
without it: the caller then places the lieu at its commune's point, flagged as approximate.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass

import requests
from django.conf import settings

from lieux.http import CODES_TRANSITOIRES, connexion_refusee, delai_depasse, session_sortante

logger = logging.getLogger(__name__)

TAILLE_LOT = 1000
TYPES_PRECIS = ("housenumber", "street", "locality")
COLONNES_RESULTAT = (
    "latitude", "longitude", "result_score", "result_type", "result_label", "result_citycode", "result_oldcitycode",
    "result_id",
)


@dataclass(frozen=True)
class Adresse:
    cle: int
    adresse: str
    code_postal: str
    commune: str
    codes_acceptes: frozenset[str]  # the commune's code, and its arrondissements' codes


@dataclass(frozen=True)
class Resultat:
    latitude: float | None
    longitude: float | None
    score: float
    type: str
    libelle: str
    code_commune: str
    accepte: bool
    raison: str = ""  # why it was not kept, in French


class ServiceIndisponible(Exception):
    pass


def _nombre(texte: str) -> float | None:
    try:
        return float(texte)
    except (TypeError, ValueError):
        return None


class ClientBAN:
    def __init__(self, url: str | None = None, timeout: float | None = None, tentatives: int | None = None,
                 pause: float = 1.0, seuil: float | None = None, session: requests.Session | None = None,
                 attendre: Callable[[float], None] | None = None):
        self.url = (url or settings.BAN_API_URL).rstrip("/") + "/search/csv/"
        self.timeout = timeout or getattr(settings, "BAN_TIMEOUT", 60.0)
        self.tentatives = tentatives or getattr(settings, "BAN_TENTATIVES", 3)
        self.pause = pause
        self.seuil = seuil if seuil is not None else getattr(settings, "BAN_SCORE_MIN", 0.75)
        self.session = session or session_sortante(self.tentatives, pause, attendre=attendre)
        self.hors_ligne = False
        self.raison_hors_ligne = ""

    def _envoie(self, corps: bytes) -> str:
        donnees = [("columns", "adresse"), ("columns", "commune"), ("postcode", "code_postal")]
        donnees += [("result_columns", c) for c in COLONNES_RESULTAT]
        try:
            reponse = self.session.post(
                self.url, data=donnees, files={"data": ("adresses.csv", corps, "text/csv")}, timeout=self.timeout
            )
        except requests.RequestException as erreur:
            if connexion_refusee(erreur):
                raise ServiceIndisponible("connexion refusée") from erreur
            derniere = (f"pas de réponse en {self.timeout:g} s" if delai_depasse(erreur)
                        else f"connexion impossible ({erreur.__class__.__name__})")
        else:
            if reponse.status_code == 200:
                reponse.encoding = "utf-8"
                return reponse.text
            derniere = f"réponse HTTP {reponse.status_code}"
            if reponse.status_code not in CODES_TRANSITOIRES:
                raise ServiceIndisponible(derniere)
        raise ServiceIndisponible(f"{derniere} après {self.tentatives} tentatives")

    def geocode(self, adresses: list[Adresse]) -> dict[int, Resultat]:
        """Results by key; addresses the service could not answer for are simply absent."""
        resultats: dict[int, Resultat] = {}
        for debut in range(0, len(adresses), TAILLE_LOT):
            if self.hors_ligne:
                break
            lot = adresses[debut: debut + TAILLE_LOT]
            tampon = io.StringIO()
            ecrivain = csv.writer(tampon)
            ecrivain.writerow(["cle", "adresse", "code_postal", "commune"])
            for a in lot:
                ecrivain.writerow([a.cle, a.adresse, a.code_postal, a.commune])
            try:
                texte = self._envoie(tampon.getvalue().encode("utf-8"))
            except ServiceIndisponible as erreur:
                self.hors_ligne = True
                self.raison_hors_ligne = str(erreur)
                logger.warning("BAN indisponible (%s) : %s", self.url, erreur)
                break
            attendus = {a.cle: a for a in lot}
            for ligne in csv.DictReader(io.StringIO(texte)):
                try:
                    cle = int(ligne.get("cle", ""))
                except ValueError:
                    continue
                if cle in attendus:
                    resultats[cle] = self._lit(ligne, attendus[cle])
        return resultats

    def _lit(self, ligne: dict, adresse: Adresse) -> Resultat:
        score = _nombre(ligne.get("result_score")) or 0.0
        type_ = ligne.get("result_type") or ""
        code = ligne.get("result_citycode") or ""
        ancien = ligne.get("result_oldcitycode") or ""
        lat, lon = _nombre(ligne.get("latitude")), _nombre(ligne.get("longitude"))
        raison = ""
        if lat is None or lon is None:
            raison = "adresse introuvable"
        elif score < self.seuil:
            raison = f"score {score:.2f} inférieur au seuil {self.seuil:.2f}"
        elif type_ not in TYPES_PRECIS:
            raison = f"seule la commune a été reconnue (type {type_ or 'inconnu'})"
        elif code not in adresse.codes_acceptes and ancien not in adresse.codes_acceptes:
            raison = f"résultat dans une autre commune ({ligne.get('result_label', '')})"
        return Resultat(lat, lon, score, type_, ligne.get("result_label", ""), code, not raison, raison)
