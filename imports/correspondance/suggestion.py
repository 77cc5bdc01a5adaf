"""The automatic mapping suggestion: any tabular or JSON file → a `Profil` with a confidence and evidence per field.

Each column is read twice — by its NAME (`noms`: general rules on how French hubs name things) and by its VALUES
(`detecteurs`: postcodes, phones, coordinates… over a pandas profile of the file, `profilage`) — and the two are
combined into a confidence per field. Then fields are given columns, best confidence first, a column going to one
field at most. Some fields take several columns: address parts are joined (JOINTURE), several phone or e-mail
columns are listed (LISTE), day or half-day columns make `horaires` (JOURS), yes/no columns named after a service,
a public or a modality add those values (OUI_NON), Lambert-93 X/Y make the point (LAMBERT93). Enumerated fields get
a value map (`enumerations`), with what maps to nothing reported with its row count.

The suggestion is only a proposal: the coordinator checks and adjusts it in the admin's wizard or on the command line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lieux import standard

from . import detecteurs
from .attribution import Attribution
from .enumerations import ValeurTrouvee
from .lecture_colonnes import candidats as candidats_de
from .profil import ID_COLONNE, ID_GENERE, Profil
from .profilage import profiler
from .rendu import texte_suggestion

VALEURS_PAR_COLONNE = 800  # the most frequent distinct values tested by the detectors

@dataclass(frozen=True)
class AnalyseColonne:
    colonne: str
    champ: str | None
    confiance: float
    preuves: tuple[str, ...]
    exemples: tuple[str, ...]
    alternatives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    profil: Profil
    colonnes: tuple[AnalyseColonne, ...]
    valeurs: dict[str, tuple[ValeurTrouvee, ...]] = field(default_factory=dict)
    lignes: int = 0  # rows read

    def texte(self) -> str:
        return texte_suggestion(self)

    def analyse(self, colonne: str) -> AnalyseColonne | None:
        return next((a for a in self.colonnes if a.colonne == colonne), None)


def suggerer(colonnes: list[str], lignes: Iterable[dict], codebooks: dict | None = None,
             format_: dict | None = None) -> Suggestion:
    """Propose a profile for a file whose header is `colonnes` and whose rows are `lignes` (read once).

    `codebooks`: {file column → {code → label}} (`enumerations.lire_codebook_datami`); `format_`: reading hints
    kept in the profile (encodage, separateur).
    """
    codebooks = codebooks or {}
    profilage = profiler(list(colonnes), lignes)
    mesures = {p.colonne: detecteurs.mesurer(p.valeurs.head(VALEURS_PAR_COLONNE)) for p in profilage.colonnes}
    candidats = {p.colonne: candidats_de(p, mesures[p.colonne], codebooks.get(p.colonne))
                 for p in profilage.colonnes}
    travail = Attribution(profilage, mesures, candidats, codebooks).tout()
    ordre = {c: i for i, c in enumerate(standard.COLONNES)}
    regles = sorted(travail.regles, key=lambda r: ordre.get(r.champ, 99))
    profil = Profil(
        regles=tuple(regles), identifiant=ID_COLONNE if any(r.champ == "id" for r in regles) else ID_GENERE,
        format=dict(format_ or {}), colonnes_vues=tuple(colonnes),
    )
    analyses = []
    for p in profilage.colonnes:
        champ, confiance, preuves = travail.attribuees.get(p.colonne, (None, 0.0, []))
        if champ is None and candidats[p.colonne]:
            preuves = candidats[p.colonne][0].preuves
        alternatives = tuple(dict.fromkeys(c.champ for c in candidats[p.colonne]
                                           if c.champ != champ and c.confiance >= 0.25))
        analyses.append(AnalyseColonne(p.colonne, champ, round(confiance, 3), tuple(preuves), p.exemples,
                                       alternatives))
    return Suggestion(profil=profil, colonnes=tuple(analyses), valeurs=travail.valeurs, lignes=profilage.lignes)


def suggerer_fichier(chemin, codebooks: dict | None = None, nom: str = "") -> Suggestion:
    """Open a file with the import's readers (format, encoding, header line detected) and suggest its profile."""
    from imports.lecteurs import ouvrir

    lecture = ouvrir(chemin, nom)
    try:
        format_ = {k: v for k, v in (("encodage", lecture.encodage), ("separateur", lecture.separateur)) if v}
        return suggerer(lecture.colonnes, (ligne for _, ligne in lecture.lignes()), codebooks, format_)
    finally:
        lecture.fermer()


__all__ = ["AnalyseColonne", "Suggestion", "ValeurTrouvee", "suggerer", "suggerer_fichier"]
