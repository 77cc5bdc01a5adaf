"""A TCP relay in front of PostgreSQL that the tests can cut, as a database restart does to its clients: every open
connection is reset, new ones are refused for a while, then all works again."""

from __future__ import annotations

import socket
import threading
import time


class RelaisTCP:
    def __init__(self, hote_cible: str, port_cible: int):
        self.cible = (hote_cible, int(port_cible))
        self.port = None
        self._ecoute = None
        self._sockets: list[socket.socket] = []
        self._verrou = threading.Lock()
        self._ouvrir()

    def _ouvrir(self):
        ecoute = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ecoute.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ecoute.bind(("127.0.0.1", self.port or 0))
        ecoute.listen(32)
        self.port = ecoute.getsockname()[1]
        self._ecoute = ecoute
        threading.Thread(target=self._accepter, args=(ecoute,), daemon=True).start()

    def _accepter(self, ecoute):
        while True:
            try:
                client, _ = ecoute.accept()
            except OSError:
                return
            try:
                serveur = socket.create_connection(self.cible, timeout=5)
            except OSError:
                client.close()
                continue
            serveur.settimeout(None)
            with self._verrou:
                self._sockets += [client, serveur]
            for a, b in ((client, serveur), (serveur, client)):
                threading.Thread(target=self._pomper, args=(a, b), daemon=True).start()

    @staticmethod
    def _pomper(source, destination):
        try:
            while donnees := source.recv(65536):
                destination.sendall(donnees)
        except OSError:
            pass
        finally:
            for s in (source, destination):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def couper(self, secondes: float):
        """Reset every connection and refuse new ones for `secondes`, then accept again on the same port."""
        self._fermer_tout()
        time.sleep(secondes)
        self._ouvrir()

    def fermer(self):
        self._fermer_tout()

    def _fermer_tout(self):
        # shutdown() first: close() alone neither wakes a thread blocked in accept()/recv() nor ends the connection
        for s in [self._ecoute, *self._sockets]:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        with self._verrou:
            self._sockets.clear()
