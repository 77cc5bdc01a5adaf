"""Helpers of the DORA tests (no test here): data·inclusion v1 payloads checked against the official JSON Schemas,
and a real local HTTP server answering like the data·inclusion API v1 (`FauxDataInclusion`).

Every structure and service the fake server holds is validated against
`../shared/standard/data-inclusion-v1/{structure,service}.json` when the server is built: a payload that drifts
from the schema fails the test that uses it. Lieux are placed in real communes, at their representative point.
"""

from __future__ import annotations

import copy
import json
import threading
import time
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jsonschema
from django.conf import settings

SCHEMAS = settings.SHARED_DIR / "standard" / "data-inclusion-v1"
JETON = "jeton-de-test-data-inclusion"

# API additions to the schema's records (api/src/data_inclusion/api/inclusion_data/v1/schemas.py)
AJOUTS_STRUCTURE = {"type": "object", "required": ["score_qualite", "doublons"], "properties": {
    "score_qualite": {"type": "number", "minimum": 0, "maximum": 1},
    "doublons": {"type": "array", "items": {"type": "object", "required": ["source", "id"],
                                            "properties": {"source": {"type": "string"}, "id": {"type": "string"}},
                                            "additionalProperties": False}},
}}
AJOUTS_SERVICE = {"type": "object", "required": ["score_qualite"], "properties": {
    "score_qualite": {"type": "number", "minimum": 0, "maximum": 1},
}}


@cache
def schema(nom: str) -> dict:
    return json.loads((SCHEMAS / f"{nom}.json").read_text(encoding="utf-8"))


@cache
def _validateurs(nom: str):
    classe = jsonschema.validators.validator_for(schema(nom))
    ajouts = AJOUTS_STRUCTURE if nom == "structure" else AJOUTS_SERVICE
    return (classe(schema(nom), format_checker=classe.FORMAT_CHECKER),
            jsonschema.Draft202012Validator(ajouts, format_checker=jsonschema.FormatChecker()))


def erreurs_schema(nom: str, enregistrement: dict) -> list[str]:
    """What is wrong with a record of the API (the schema's fields, plus what the API adds), [] when valid."""
    return [f"{'/'.join(map(str, e.absolute_path))} : {e.message}"
            for validateur in _validateurs(nom) for e in validateur.iter_errors(enregistrement)]


def valide(nom: str, enregistrement: dict) -> dict:
    erreurs = erreurs_schema(nom, enregistrement)
    assert not erreurs, f"{nom} {enregistrement.get('id')} ne suit pas le schéma data·inclusion v1 : {erreurs}"
    return enregistrement


def enumeration(nom_schema: str, definition: str) -> set[str]:
    return set(schema(nom_schema)["$defs"][definition]["enum"])


def referentiel(nom: str) -> dict[str, str]:
    """value → label of one of data·inclusion's referentials (extra/*.json)."""
    return {v["value"]: v["label"] for v in json.loads((SCHEMAS / "extra" / f"{nom}.json").read_text("utf-8"))}


# --- payloads ----------------------------------------------------------------------------------------------

COMMUNES = {  # code INSEE → (commune, code postal, latitude, longitude): representative points of real communes
    "49007": ("Angers", "49000", 47.47662, -0.55616),
    "35238": ("Rennes", "35000", 48.1118, -1.68189),
    "59350": ("Lille", "59000", 50.63199, 3.04685),
    "69123": ("Lyon", "69003", 45.7549, 4.83639),
}


def structure(numero: int, code_insee: str = "49007", **champs) -> dict:
    """A DORA structure as `GET /api/v1/structures` lists it."""
    commune, cp, lat, lon = COMMUNES[code_insee]
    enregistrement = {
        "source": "dora",
        "id": f"dora--{numero:08d}-0000-4000-8000-000000000000",
        "nom": f"Espace numérique n° {numero}",
        "date_maj": "2025-06-02",
        "description": "Accueil de tous les publics pour apprendre à utiliser un ordinateur et faire ses démarches.",
        "lien_source": f"https://dora.inclusion.beta.gouv.fr/structures/espace-numerique-{numero}",
        "siret": "13002526500013",
        "commune": commune,
        "code_postal": cp,
        "code_insee": code_insee,
        "adresse": f"{numero} rue de la République",
        "complement_adresse": None,
        "longitude": lon,
        "latitude": lat,
        "telephone": "+33241000000",
        "courriel": f"contact{numero}@exemple.fr",
        "site_web": "https://www.exemple.fr",
        "horaires_accueil": "Mo-Fr 09:00-12:00,14:00-17:00",
        "accessibilite_lieu": f"https://acceslibre.beta.gouv.fr/app/49-angers/a/espace/erp/espace-{numero}/",
        "reseaux_porteurs": ["france-service", "conseillers-numeriques"],
        "score_qualite": 0.7,
        "doublons": [],
    }
    enregistrement.update(champs)
    return valide("structure", enregistrement)


def service(numero: int, structure_numero: int, **champs) -> dict:
    """A DORA service as `GET /api/v1/services` lists it."""
    enregistrement = {
        "source": "dora",
        "id": f"dora--{numero:08d}-1111-4000-8000-000000000000",
        "structure_id": f"dora--{structure_numero:08d}-0000-4000-8000-000000000000",
        "nom": "Accompagnement au numérique",
        "description": "Un conseiller vous aide à prendre en main un ordinateur et à faire vos démarches en ligne.",
        "date_maj": "2025-05-20",
        "type": "accompagnement",
        "thematiques": ["numerique--maitriser-les-fondamentaux-du-numerique",
                        "numerique--acceder-a-des-services-en-ligne"],
        "frais": "gratuit",
        "frais_precisions": None,
        "publics": ["seniors", "jeunes"],
        "publics_precisions": None,
        "conditions_acces": None,
        "adresse": None, "complement_adresse": None, "commune": None, "code_postal": None, "code_insee": None,
        "longitude": None, "latitude": None,
        "telephone": None, "courriel": None, "contact_nom_prenom": None,
        "modes_accueil": ["en-presentiel", "a-distance"],
        "zone_eligibilite": ["49"],
        "lien_mobilisation": "https://rdv.exemple.fr/espace",
        "modes_mobilisation": ["se-presenter", "telephoner", "utiliser-lien-mobilisation"],
        "mobilisable_par": ["usagers", "professionnels"],
        "mobilisation_precisions": None,
        "volume_horaire_hebdomadaire": None,
        "nombre_semaines": None,
        "horaires_accueil": None,
        "lien_source": f"https://dora.inclusion.beta.gouv.fr/services/accompagnement-{numero}",
        "score_qualite": 0.8,
    }
    enregistrement.update(champs)
    return valide("service", enregistrement)


def jeu(nombre: int = 3) -> tuple[list[dict], list[dict]]:
    """`nombre` structures with one numérique service each, in three communes, plus a structure without any
    numérique service (not a lieu) and its service."""
    codes = list(COMMUNES)
    structures = [structure(i, codes[i % 3]) for i in range(1, nombre + 1)]
    services = [service(i, i) for i in range(1, nombre + 1)]
    structures.append(structure(900, "59350", nom="Plateforme mobilité", reseaux_porteurs=["france-travail"]))
    services.append(service(900, 900, nom="Permis de conduire", thematiques=["mobilite--preparer-un-permis"]))
    return structures, services


# --- the fake API --------------------------------------------------------------------------------------------


class Reponse:
    """A forced answer: status, body (bytes, or anything JSON), headers, delay before answering (seconds)."""

    def __init__(self, statut: int = 200, corps=b"", en_tetes: dict | None = None, delai: float = 0.0):
        self.statut = statut
        self.corps = corps if isinstance(corps, bytes) else json.dumps(corps).encode()
        self.en_tetes = en_tetes or {}
        self.delai = delai


class FauxDataInclusion:
    """data·inclusion API v1 on 127.0.0.1 (any free port): `/api/v1/structures` and `/api/v1/services`, bearer
    token, `sources`, `thematiques` (category or thematique), `page`/`size` pagination like the real one.

    `force(chemin, *reponses, page=None)` queues answers given instead (for one page, or for any page);
    `requetes` lists what was asked: (path, parameters, Authorization header)."""

    def __init__(self, structures: list[dict], services: list[dict], jeton: str = JETON):
        self.structures = [valide("structure", s) for s in structures]
        self.services = [valide("service", s) for s in services]
        self.jeton = jeton
        self.forcees: dict[tuple[str, int | None], list[Reponse]] = {}
        self.requetes: list[tuple[str, dict, str]] = []
        faux = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def do_GET(self):
                faux._repond(self)

            def log_message(self, *args):
                pass

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
        self.serveur.daemon_threads = True
        self.serveur.handle_error = lambda *args: None  # a client that gave up (timeout test): nothing to report
        self.fil = threading.Thread(target=self.serveur.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.serveur.server_address[1]}"

    def __enter__(self):
        self.fil.start()
        return self

    def __exit__(self, *exc):
        self.serveur.shutdown()
        self.serveur.server_close()

    def force(self, chemin: str, *reponses: Reponse, page: int | None = None):
        self.forcees.setdefault((chemin, page), []).extend(reponses)

    def pages_demandees(self, chemin: str) -> list[int]:
        return [int(p["page"][0]) for c, p, _ in self.requetes if c == f"/api/v1/{chemin}"]

    def _envoie(self, gestionnaire, reponse: Reponse):
        if reponse.delai:
            time.sleep(reponse.delai)
        try:
            gestionnaire.send_response(reponse.statut)
            for cle, valeur in {"Content-Type": "application/json", **reponse.en_tetes}.items():
                gestionnaire.send_header(cle, valeur)
            gestionnaire.send_header("Content-Length", str(len(reponse.corps)))
            gestionnaire.end_headers()
            gestionnaire.wfile.write(reponse.corps)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _repond(self, gestionnaire):
        adresse = urlparse(gestionnaire.path)
        parametres = parse_qs(adresse.query)
        self.requetes.append((adresse.path, parametres, gestionnaire.headers.get("Authorization", "")))
        chemin = adresse.path.removeprefix("/api/v1/")
        page = int(parametres.get("page", ["1"])[0])
        for cle in ((chemin, page), (chemin, None)):
            if self.forcees.get(cle):
                return self._envoie(gestionnaire, self.forcees[cle].pop(0))
        if gestionnaire.headers.get("Authorization") != f"Bearer {self.jeton}":
            return self._envoie(gestionnaire, Reponse(401, {"detail": "Not authenticated"}))
        if chemin not in ("structures", "services"):
            return self._envoie(gestionnaire, Reponse(404, {"detail": "Not Found"}))
        taille = int(parametres.get("size", ["5000"])[0])
        if not 1 <= taille <= 10_000 or page < 1:
            return self._envoie(gestionnaire, Reponse(422, {"detail": "size ≤ 10000, page ≥ 1"}))
        enregistrements = self.structures if chemin == "structures" else self.services
        if "sources" in parametres:
            enregistrements = [e for e in enregistrements if e["source"] in parametres["sources"]]
        if "thematiques" in parametres:
            voulues = parametres["thematiques"]
            enregistrements = [e for e in enregistrements if any(
                t in voulues or t.split("--")[0] in voulues for t in e.get("thematiques") or ())]
        items = copy.deepcopy(enregistrements[(page - 1) * taille: page * taille])
        total = len(enregistrements)
        corps = {"items": items, "total": total, "page": page, "size": len(items), "pages": -(-total // taille)}
        return self._envoie(gestionnaire, Reponse(200, corps))
