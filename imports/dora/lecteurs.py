"""Records from files: data·inclusion's open data (structures, services; JSON or CSV) and the v0-era dumps.

Whatever the file, the records come out with data·inclusion **v1** field names, so that the assembly and the mapping
do not care where they came from:

- open data v1 (data.gouv.fr, « Référentiel de l'offre d'insertion », weekly): JSON arrays as written by pandas
  (`date_maj` may be epoch milliseconds), or CSV whose list cells look like `['a', 'b']`;
- v0 (the API v0, removed in 2026, and dumps made from it such as mednum-cli's `data-inclusion-services.json`):
  renamed field by field (`profils` → `publics`, `types` → `type`, `prise_rdv` → `lien_mobilisation`,
  `horaires_ouverture` → `horaires_accueil`, `labels_nationaux` → `reseaux_porteurs`…) and ids prefixed with their
  source (`<uuid>` → `dora--<uuid>`, the v1 form). v0 slugs are kept as they are: `mapping.py` knows both.

Files are streamed with the importer's own readers (`imports.lecteurs.ouvrir`): `FichierIllisible` on a broken file.
`ClientFichiers` gives the records of a pair of files through the same two methods as `ClientDataInclusion`.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from ..lecteurs import FichierIllisible, ouvrir  # noqa: F401 (FichierIllisible: what callers catch)
from ..normalisation.texte import est_vide

# v1 fields holding lists (plus the v0 ones, converted below)
LISTES_V1 = ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par", "zone_eligibilite",
             "reseaux_porteurs", "doublons")
LISTES_V0 = ("types", "frais", "profils", "labels_nationaux", "labels_autres", "modes_orientation_beneficiaire",
             "modes_orientation_accompagnateur", "pre_requis", "justificatifs")
NOMBRES = ("latitude", "longitude", "score_qualite")

# keys only v0 records have (v1 renamed or dropped them)
MARQUEURS_V0_SERVICE = frozenset({"types", "profils", "presentation_resume", "frais_autres", "prise_rdv", "recurrence",
                                  "modes_orientation_beneficiaire", "formulaire_en_ligne"})
MARQUEURS_V0_STRUCTURE = frozenset({"typologie", "horaires_ouverture", "accessibilite", "labels_nationaux",
                                    "presentation_resume", "antenne", "pivot"})

# v0 modes d'orientation → v1 modes de mobilisation (data·inclusion's own table, `_map_dora__modes_mobilisation`)
MODES_ORIENTATION_V0 = {
    "completer-le-formulaire-dadhesion": ("utiliser-lien-mobilisation",),
    "envoyer-un-mail": ("envoyer-un-courriel",),
    "envoyer-un-mail-avec-une-fiche-de-prescription": ("envoyer-un-courriel",),
    "prendre-rdv": ("envoyer-un-courriel", "utiliser-lien-mobilisation"),
    "se-presenter": ("se-presenter",),
    "telephoner": ("telephoner",),
}


# --- cells --------------------------------------------------------------------------------------------------


def vide(valeur) -> bool:
    return valeur is None or (isinstance(valeur, str) and est_vide(valeur)) or valeur == []


def liste(valeur) -> list:
    """A list cell as a list: JSON list, `['a', 'b']` (pandas CSV), `{a,b}` (PostgreSQL), or « a, b » / « a|b »."""
    if vide(valeur):
        return []
    if isinstance(valeur, (list, tuple)):
        return [v for v in valeur if not vide(v)]
    texte = str(valeur).strip()
    if texte[:1] == "[" and texte[-1:] == "]":
        for lit in (json.loads, ast.literal_eval):
            try:
                lu = lit(texte)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                continue
            if isinstance(lu, list):
                return [v for v in lu if not vide(v)]
    if texte[:1] == "{" and texte[-1:] == "}":
        texte = texte[1:-1]
    separateur = "|" if "|" in texte else ";" if ";" in texte else ","
    return [morceau.strip().strip('"') for morceau in texte.split(separateur) if morceau.strip()]


def date_iso(valeur) -> str | None:
    """`2025-02-14`, `2025-02-14T10:00:00+00:00` or epoch milliseconds (pandas) → `2025-02-14`."""
    if vide(valeur):
        return None
    if isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
        secondes = valeur / 1000 if abs(valeur) > 1e11 else valeur
        return dt.datetime.fromtimestamp(secondes, tz=dt.UTC).date().isoformat()
    texte = str(valeur).strip()
    return texte[:10] if len(texte) >= 10 and texte[4] == "-" and texte[7] == "-" else texte


def nombre(valeur) -> float | None:
    if vide(valeur) or isinstance(valeur, bool):
        return None
    if isinstance(valeur, (int, float)):
        return float(valeur)
    try:
        return float(str(valeur).strip().replace(",", "."))
    except ValueError:
        return None


def decode(brut: dict) -> dict:
    """A record as read from a file (CSV cells are text): lists, numbers and dates typed, empty cells None."""
    enregistrement = {}
    for cle, valeur in brut.items():
        if cle in LISTES_V1 or cle in LISTES_V0:
            valeur = liste(valeur)
            if cle == "doublons":
                valeur = [v if isinstance(v, dict) else {"id": str(v)} for v in valeur]
        elif cle in NOMBRES:
            valeur = nombre(valeur)
        elif cle == "date_maj":
            valeur = date_iso(valeur)
        elif vide(valeur):
            valeur = None
        enregistrement[cle] = valeur
    return enregistrement


# --- v0 → v1 ------------------------------------------------------------------------------------------------


def identifiant_v1(source: str | None, identifiant) -> str | None:
    """`<id>` → `<source>--<id>` (v1 ids carry their source); already prefixed ids are kept."""
    if vide(identifiant):
        return None
    identifiant = str(identifiant)
    if not source or identifiant.startswith(f"{source}--"):
        return identifiant
    return f"{source}--{identifiant}"


def _premier(*valeurs):
    return next((v for v in valeurs if not vide(v)), None)


def service_v1(service: dict) -> dict:
    """A v0 service under v1 names (v1 records are returned unchanged)."""
    if not MARQUEURS_V0_SERVICE & service.keys() or "description" in service:
        return service
    source = service.get("source")
    modes = []
    for cle in ("modes_orientation_beneficiaire", "modes_orientation_accompagnateur"):
        for mode in liste(service.get(cle)):
            modes += [m for m in MODES_ORIENTATION_V0.get(mode, ()) if m not in modes]
    lien = _premier(service.get("prise_rdv"), service.get("formulaire_en_ligne"))
    if lien and "utiliser-lien-mobilisation" not in modes:
        modes.append("utiliser-lien-mobilisation")
    renomme = {
        "type": liste(service.get("types")),  # v0 allowed several types: kept as a list, mapping.py reads both
        "frais": liste(service.get("frais")),
        "frais_precisions": service.get("frais_autres"),
        "publics": liste(service.get("profils")),
        "description": _premier(service.get("presentation_detail"), service.get("presentation_resume")),
        "lien_mobilisation": lien,
        "modes_mobilisation": modes,
        "horaires_accueil": None,  # v0 « recurrence » is free text (data·inclusion made the same choice)
    }
    anciens = {"types", "frais_autres", "profils", "presentation_detail", "presentation_resume", "prise_rdv",
               "formulaire_en_ligne", "modes_orientation_beneficiaire", "modes_orientation_accompagnateur",
               "recurrence"}
    v1 = {k: v for k, v in service.items() if k not in anciens}
    v1.update(renomme)
    v1["id"] = identifiant_v1(source, service.get("id"))
    v1["structure_id"] = identifiant_v1(source, service.get("structure_id"))
    return v1


def structure_v1(structure: dict) -> dict:
    """A v0 structure under v1 names (v1 records are returned unchanged). The v0 short and long presentations are
    kept too: the standard has both."""
    if not MARQUEURS_V0_STRUCTURE & structure.keys() or "reseaux_porteurs" in structure:
        return structure
    anciens = {"horaires_ouverture", "accessibilite", "labels_nationaux", "pivot"}
    v1 = {k: v for k, v in structure.items() if k not in anciens}
    v1.update({
        "siret": _premier(structure.get("siret"), structure.get("pivot")),  # mednum-cli's merged files say pivot
        "description": _premier(structure.get("presentation_detail"), structure.get("presentation_resume")),
        "horaires_accueil": structure.get("horaires_ouverture"),
        "accessibilite_lieu": structure.get("accessibilite"),
        "reseaux_porteurs": liste(structure.get("labels_nationaux")),
        "id": identifiant_v1(structure.get("source"), structure.get("id")),
    })
    return v1


# --- files --------------------------------------------------------------------------------------------------


def enregistrements(chemin) -> Iterator[dict]:
    """The decoded records of a JSON or CSV file, streamed. Raises FichierIllisible (French message)."""
    lecture = ouvrir(chemin, Path(chemin).name)
    for _, brut in lecture.lignes():
        yield decode(brut)


def lit_services(chemin) -> Iterator[dict]:
    """Services of an open data file (v1) or of a v0 dump, as v1 records."""
    for enregistrement in enregistrements(chemin):
        yield service_v1(enregistrement)


def lit_structures(chemin) -> Iterator[dict]:
    """Structures of an open data file (v1) or of a v0 dump, as v1 records."""
    for enregistrement in enregistrements(chemin):
        yield structure_v1(enregistrement)


class ClientFichiers:
    """The records of local files, through the two methods of `ClientDataInclusion` (filters applied here)."""

    def __init__(self, services: str | Path, structures: str | Path | None = None):
        self.fichier_services = Path(services)
        self.fichier_structures = Path(structures) if structures else None
        self.remarques: list[str] = []

    @property
    def origine(self) -> str:
        """The files' names, for the run (`ImportRun.nom_fichier`)."""
        noms = [self.fichier_services.name] + ([self.fichier_structures.name] if self.fichier_structures else [])
        return " + ".join(noms)[:400]

    def services(self, sources=("dora",), thematiques=("numerique",), suivi=None) -> Iterator[dict]:
        for service in lit_services(self.fichier_services):
            yield service  # the assembly filters sources and thematiques (and says how many it set aside)

    def structures(self, sources=("dora",), suivi=None) -> Iterator[dict]:
        if self.fichier_structures is None:
            return
        yield from lit_structures(self.fichier_structures)
