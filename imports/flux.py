"""Normalised rows in batches, from this process or from a second one.

Reading, mapping and validating rows is pure Python and most of an import's CPU time. For a large file it runs in a
second process (spawned, with no database connection) while this one checks communes and writes to the database: on
two cores, the two halves overlap. A bounded queue keeps memory flat whatever the size of the file. Small files (and
the tests) stay in one process: starting another costs about a second.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import marshal
import multiprocessing
import os
import queue
from collections.abc import Iterator

from django.conf import settings

from .lecteurs import FichierIllisible, Lecture, Remarque
from .second_processus import travail
from .ligne import LigneImportee
from .validation import normalise_ligne

_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode  # json.dumps(…) without building an encoder each time
Lot = list[tuple[LigneImportee, str]]  # each row normalised, with its raw record as JSON text
TAILLE_MIN_PARALLELE = 5 * 1024 * 1024  # bytes: below, a second process costs more than it saves


def normalise(lot, correspondance, aujourd_hui: dt.date) -> Lot:
    """Rows normalised (and hashed); the raw record serialised here too (in the second process when there is one)."""
    sortie = []
    for numero, brut in lot:
        entree, remplissages = correspondance.entree(brut)
        sortie.append((normalise_ligne(entree, numero, aujourd_hui, remplissages), _JSON(brut)))
    return sortie


class EnSerie:
    """Batches normalised here, from an open `Lecture`."""

    def __init__(self, lecture: Lecture, correspondance, aujourd_hui: dt.date, taille_lot: int):
        self.lecture, self.correspondance = lecture, correspondance
        self.aujourd_hui, self.taille_lot = aujourd_hui, taille_lot
        self.remarques: list[Remarque] = []

    def __iter__(self) -> Iterator[tuple[Lot, float]]:
        lignes = self.lecture.lignes()
        while lot := list(itertools.islice(lignes, self.taille_lot)):
            yield normalise(lot, self.correspondance, self.aujourd_hui), self.lecture.progression()
        self.remarques = self.lecture.remarques_finales()


class EnParallele:
    """Batches normalised by a second process, at most `en_avance` batches ahead of their use."""

    def __init__(self, chemin, nom: str, reglage: dict, aujourd_hui: dt.date, taille_lot: int, en_avance: int = 3):
        """`reglage`: plain data to rebuild the mapping there, {"explicite": {column: field}, "profil": dict|None}."""
        contexte = multiprocessing.get_context("spawn")
        self.sortie = contexte.Queue(maxsize=en_avance)
        self.processus = contexte.Process(
            target=travail, args=(str(chemin), nom, reglage, aujourd_hui, taille_lot, self.sortie), daemon=True
        )
        self.remarques: list[Remarque] = []

    def __iter__(self) -> Iterator[tuple[Lot, float]]:
        self.processus.start()
        try:
            while True:
                try:
                    sorte, contenu, progression = self.sortie.get(timeout=5)
                except queue.Empty:
                    if self.processus.is_alive():
                        continue
                    raise RuntimeError(f"le second processus s'est arrêté (code {self.processus.exitcode})") from None
                if sorte == "lot":
                    yield [(LigneImportee.depuis_tuple(t), brut) for t, brut in marshal.loads(contenu)], progression
                elif sorte == "fin":
                    self.remarques = [Remarque(*r) for r in contenu]
                    return
                elif sorte == "illisible":
                    self.remarques = [Remarque(*r) for r in progression]
                    raise FichierIllisible(contenu)
                else:
                    raise RuntimeError(f"échec de la normalisation dans le second processus :\n{contenu}")
        finally:
            if self.processus.is_alive():
                self.processus.terminate()
            self.processus.join()


def lignes_normalisees(lecture: Lecture, chemin, nom: str, correspondance, aujourd_hui: dt.date, taille_lot: int,
                       taille_fichier: int):
    """Where the batches come from: a second process for a large file when the machine has two cores or more."""
    processus = getattr(settings, "IMPORT_PROCESSUS_PARALLELE", None)
    if processus is None:
        processus = (os.cpu_count() or 1) >= 2 and taille_fichier >= TAILLE_MIN_PARALLELE
    if not processus:
        return EnSerie(lecture, correspondance, aujourd_hui, taille_lot)
    lecture.fermer()
    profil = getattr(correspondance, "profil", None)
    reglage = {"explicite": correspondance.explicite, "profil": profil.en_dict() if profil is not None else None}
    return EnParallele(chemin, nom, reglage, aujourd_hui, taille_lot)
