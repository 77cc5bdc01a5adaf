"""A local fake of the BAN geocoder (POST /search/csv/) answering with real recorded BAN responses."""

import csv
import email.parser
import email.policy
import io
import json
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings


COLONNES_BAN = ["latitude", "longitude", "result_score", "result_type", "result_label", "result_citycode",
                "result_oldcitycode", "result_id"]


def cle_adresse(texte: str) -> str:
    texte = unicodedata.normalize("NFKD", texte.replace("'", " ").replace("-", " "))
    return " ".join("".join(c for c in texte if not unicodedata.combining(c)).lower().split())


def reponses_enregistrees() -> dict[str, dict]:
    """Label « voie code_postal commune » → BAN result columns, from the recorded BAN answers."""
    chemin = settings.SHARED_DIR / "data" / "mednumcli__addresses.json"
    reponses = {}
    for entree in json.loads(chemin.read_text(encoding="utf-8")):
        feature = entree["responseBan"]
        p = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"]
        reponses[cle_adresse(entree["addresseOriginale"])] = {
            "latitude": lat, "longitude": lon, "result_score": p["score"], "result_type": p["type"],
            "result_label": p["label"], "result_citycode": p["citycode"], "result_oldcitycode": p.get("oldcitycode", ""),
            "result_id": p["id"],
        }
    return reponses


class _Serveur(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address):
        pass  # a client that gave up (timeout test) closes the socket before the answer: expected


class FauxBAN:
    """A local HTTP server that answers like api-adresse.data.gouv.fr/search/csv/."""

    def __init__(self, reponses=None, pannes=0, statut_panne=503, lenteur=0.0):
        self.reponses = reponses if reponses is not None else reponses_enregistrees()
        self.pannes, self.statut_panne, self.lenteur = pannes, statut_panne, lenteur
        self.requetes = []
        faux = self

        class Gestionnaire(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                corps = self.rfile.read(int(self.headers["Content-Length"]))
                faux.requetes.append((self.path, corps))
                if faux.lenteur:
                    time.sleep(faux.lenteur)
                if faux.pannes > 0:
                    faux.pannes -= 1
                    self.send_response(faux.statut_panne)
                    self.end_headers()
                    return
                entete = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
                message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(entete + corps)
                champs = {}
                for partie in message.iter_parts():
                    nom = partie.get_param("name", header="content-disposition")
                    champs.setdefault(nom, []).append(partie.get_payload(decode=True).decode("utf-8"))
                lignes = list(csv.DictReader(io.StringIO(champs["data"][0])))
                sortie = io.StringIO()
                ecrivain = csv.DictWriter(sortie, fieldnames=[*lignes[0].keys(), *champs["result_columns"]])
                ecrivain.writeheader()
                for ligne in lignes:
                    cle = cle_adresse(f"{ligne['adresse']} {ligne['code_postal']} {ligne['commune']}")
                    trouve = faux.reponses.get(cle, {})
                    ecrivain.writerow({**ligne, **{c: trouve.get(c, "") for c in champs["result_columns"]}})
                contenu = sortie.getvalue().encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/csv; charset=utf-8")
                self.send_header("Content-Length", str(len(contenu)))
                self.end_headers()
                self.wfile.write(contenu)

        self.serveur = _Serveur(("127.0.0.1", 0), Gestionnaire)
        self.url = f"http://127.0.0.1:{self.serveur.server_port}"
        threading.Thread(target=self.serveur.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def arrete(self):
        self.serveur.shutdown()
        self.serveur.server_close()
