"""Local stand-ins for outside sites (the BAN's /search/…, a collectivité's page framing our map): tests never leave
the machine."""

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@contextlib.contextmanager
def serveur_local(repondre):
    """An HTTP server on 127.0.0.1 in a thread, answering every GET with `repondre(path)` → (status, content type,
    body bytes); yields its port."""

    class Gestionnaire(BaseHTTPRequestHandler):
        def do_GET(self):
            statut, type_contenu, corps = repondre(self.path)
            self.send_response(statut)
            self.send_header("Content-Type", type_contenu)
            self.send_header("Content-Length", str(len(corps)))
            self.end_headers()
            self.wfile.write(corps)

        def log_message(self, *args):
            pass

    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        yield serveur.server_port
    finally:
        serveur.shutdown()
        serveur.server_close()


@contextlib.contextmanager
def serveur_json(reponse):
    """Serve `reponse` (JSON) to every GET; yields (base URL, requests received: query parameters + "chemin")."""
    requetes = []
    corps = json.dumps(reponse).encode()

    def repondre(chemin):
        adresse = urlparse(chemin)
        requetes.append(parse_qs(adresse.query) | {"chemin": [adresse.path]})
        return 200, "application/json", corps

    with serveur_local(repondre) as port:
        yield f"http://127.0.0.1:{port}", requetes
