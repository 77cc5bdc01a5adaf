"""A local stand-in for an outside JSON service (the BAN's /search/…): tests never leave the machine."""

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


@contextlib.contextmanager
def serveur_json(reponse):
    """Serve `reponse` (JSON) to every GET; yields (base URL, requests received: query parameters + "chemin")."""
    requetes = []
    corps = json.dumps(reponse).encode()

    class Gestionnaire(BaseHTTPRequestHandler):
        def do_GET(self):
            adresse = urlparse(self.path)
            requetes.append(parse_qs(adresse.query) | {"chemin": [adresse.path]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(corps)))
            self.end_headers()
            self.wfile.write(corps)

        def log_message(self, *args):
            pass

    serveur = ThreadingHTTPServer(("127.0.0.1", 0), Gestionnaire)
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{serveur.server_port}", requetes
    finally:
        serveur.shutdown()
        serveur.server_close()
