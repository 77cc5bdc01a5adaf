"""A source profile: how the columns and values of one producer's file become the standard's fields.

A hub publishes its export in its own shape (« Nom de la structure », `h_lundi`, `code_typo`…). The profile says,
field by field, which columns feed it and how (`RegleChamp`), how enumerated values translate (value maps), what to
use when a field is absent (`defauts`, each use reported as a warning), how to read the file (`format`) and which
columns the file had when the profile was made (`colonnes_vues`: a change is detected on the next upload).

It is a plain value: the suggestion (`imports.correspondance.suggestion`) proposes one, the coordinator adjusts it in
the admin's wizard, it is saved with the source and reused on its next upload, and it crosses to the second import
process and to other hubs as JSON (`en_json` / `depuis_json`, versioned: `VERSION`; docs/correspondance.md).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

VERSION = 1

# How the columns of a rule make one value of its field.
PREMIERE = "premiere"  # the first non-empty column (several candidate columns)
JOINTURE = "jointure"  # non-empty columns joined with a space (address parts: « 12 » + « rue de la Paix »)
LISTE = "liste"  # non-empty columns as a list of the standard (several phone or e-mail columns, service columns)
JOURS = "jours"  # one column per day, half-day or opening/closing time → `horaires` (OSM opening_hours)
OUI_NON = "oui_non"  # yes/no columns: each column saying yes adds its values (`valeurs_oui`) to the field
LAMBERT93 = "lambert93"  # two columns X, Y in Lambert-93 (EPSG:2154) → latitude and longitude
LAT_LON = "lat_lon"  # one cell « 47.47, -0.55 » → latitude and longitude
GEOJSON = "geojson"  # a GeoJSON geometry (Point) → latitude and longitude
COMBINAISONS = (PREMIERE, JOINTURE, LISTE, JOURS, OUI_NON, LAMBERT93, LAT_LON, GEOJSON)

# How the lieu's `id` is obtained.
ID_COLONNE = "colonne"  # a column of the file (a rule for `id`)
ID_GENERE = "genere"  # generated from what identifies a row (name + address + commune), stable from one import to the next


class ProfilInvalide(ValueError):
    """A profile that cannot be used, with a French message saying why."""


@dataclass(frozen=True)
class RegleChamp:
    champ: str  # a column of the standard (lieux.standard.COLONNES), or latitude/longitude
    colonnes: tuple[str, ...]  # the file's columns, as named in its header
    combinaison: str = PREMIERE
    # enumerated fields: a raw value (compared case-, accent- and space-insensitively) → the standard values it means;
    # an empty tuple means « known, no value of the standard » (reported once, never an error on each row)
    valeurs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    valeurs_oui: dict[str, tuple[str, ...]] = field(default_factory=dict)  # OUI_NON: column → values when it says yes
    confiance: float = 1.0  # 0–1, from the suggestion (1 when a person chose it)
    preuves: tuple[str, ...] = ()  # French sentences: why the suggestion chose it (« 98 % des valeurs sont des codes postaux »)


@dataclass(frozen=True)
class Profil:
    regles: tuple[RegleChamp, ...] = ()
    identifiant: str = ID_COLONNE
    defauts: dict[str, str] = field(default_factory=dict)  # field → value when the file gives none (reported)
    format: dict[str, str] = field(default_factory=dict)  # reading hints: encodage, separateur, ligne_entete, feuille
    colonnes_vues: tuple[str, ...] = ()  # the header of the file the profile was made on
    version: int = VERSION

    def regle(self, champ: str) -> RegleChamp | None:
        return next((r for r in self.regles if r.champ == champ), None)

    def colonnes_changees(self, colonnes) -> tuple[list[str], list[str]]:
        """(columns the profile expected that the file lacks, columns of the file the profile never saw)."""
        vues, presentes = set(self.colonnes_vues), set(colonnes)
        return [c for c in self.colonnes_vues if c not in presentes], [c for c in colonnes if c not in vues]

    def en_dict(self) -> dict:
        return {"version": self.version, **{k: v for k, v in asdict(self).items() if k != "version"}}

    def en_json(self) -> str:
        return json.dumps(self.en_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def depuis_dict(cls, donnees: dict) -> Profil:
        if not isinstance(donnees, dict):
            raise ProfilInvalide("Le profil doit être un objet JSON.")
        version = donnees.get("version")
        if version != VERSION:
            raise ProfilInvalide(f"Version de profil {version!r} inconnue : cette application lit la version {VERSION}.")
        try:
            regles = tuple(
                RegleChamp(
                    champ=r["champ"], colonnes=tuple(r.get("colonnes", ())),
                    combinaison=r.get("combinaison", PREMIERE),
                    valeurs={k: tuple(v) for k, v in (r.get("valeurs") or {}).items()},
                    valeurs_oui={k: tuple(v) for k, v in (r.get("valeurs_oui") or {}).items()},
                    confiance=float(r.get("confiance", 1.0)), preuves=tuple(r.get("preuves", ())),
                )
                for r in donnees.get("regles", ())
            )
        except (KeyError, TypeError, AttributeError) as e:
            raise ProfilInvalide(f"Règle de correspondance illisible ({e}).") from None
        for regle in regles:
            if regle.combinaison not in COMBINAISONS:
                raise ProfilInvalide(f"Combinaison « {regle.combinaison} » inconnue pour le champ {regle.champ}.")
        identifiant = donnees.get("identifiant", ID_COLONNE)
        if identifiant not in (ID_COLONNE, ID_GENERE):
            raise ProfilInvalide(f"Identifiant « {identifiant} » inconnu : « colonne » ou « genere ».")
        return cls(regles=regles, identifiant=identifiant, defauts=dict(donnees.get("defauts") or {}),
                   format=dict(donnees.get("format") or {}), colonnes_vues=tuple(donnees.get("colonnes_vues", ())))

    @classmethod
    def depuis_json(cls, texte: str) -> Profil:
        try:
            return cls.depuis_dict(json.loads(texte))
        except json.JSONDecodeError as e:
            raise ProfilInvalide(f"Profil JSON illisible : {e.msg} (ligne {e.lineno}).") from None
