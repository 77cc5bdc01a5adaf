"""The outside session's retry policy (lieux/http.py), on its own: pauses growing from the first retry and capped,
a 429's Retry-After honoured but capped too, the failures told apart for the clients' messages."""

import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError, ReadTimeoutError
from urllib3.response import HTTPResponse

from lieux.http import Reessais, connexion_refusee, delai_depasse


def test_pauses_croissantes_plafonnees_puis_retry_after_plafonne():
    attentes = []
    reessais = Reessais(total=10, pause=0.5, pause_max=3.0, attendre=attentes.append)
    for _ in range(4):
        reessais = reessais.increment("GET", "/services", error=ReadTimeoutError(None, "/services", "lent"))
        reessais.sleep()
    assert attentes == [0.5, 1.0, 2.0, 3.0]
    reessais.sleep(HTTPResponse(status=429, headers={"Retry-After": "120"}))
    reessais.sleep(HTTPResponse(status=429, headers={"Retry-After": "2"}))
    assert attentes[4:] == [3.0, 2.0]


def test_refus_et_delai_reconnus_a_travers_les_enveloppes():
    refus = NewConnectionError(None, "refus")
    refus.__cause__ = ConnectionRefusedError(111, "Connection refused")
    enveloppe = requests.ConnectionError(MaxRetryError(None, "/", refus))
    assert connexion_refusee(enveloppe) and not delai_depasse(enveloppe)
    lent = requests.ConnectionError(MaxRetryError(None, "/", ReadTimeoutError(None, "/", "lent")))
    assert delai_depasse(lent) and not connexion_refusee(lent)
