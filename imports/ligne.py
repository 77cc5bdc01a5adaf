"""One row of an import as a typed, immutable value: what the source says, where the lieu is attached, where it is.

    LigneImportee
      ├─ valeurs_standard   the standard's values as normalised from the file (latitude/longitude aside)
      ├─ rattachement       its commune of the COG: code, territory keys, and what was still to confirm
      ├─ position           its point: latitude/longitude, precision (source | adresse | commune), probable swap…
      └─ messages           French messages, each with a level (erreur rejects the row, avertissement, info)

Every step of the analysis (`validation.normalise_ligne` → `territoires.rattacher` → `placement`) takes a row and
returns a new one with its own messages appended: no step rewrites a row another step holds, so a row can be kept,
compared or sent to another process at any point. Two ways out, both derived from the fields so that a new flag is
a one-place change (a field here): `en_tuple`/`depuis_tuple` (plain built-in values for `marshal`, between the
normalising process and the writing one) and `colonnes_lieu` (the staged values, read back by `imports.etape`).
"""

from __future__ import annotations

import hashlib
import typing
from dataclasses import dataclass, fields, is_dataclass

ERREUR = "erreur"
AVERTISSEMENT = "avertissement"
INFO = "info"
NIVEAUX = (ERREUR, AVERTISSEMENT, INFO)


@dataclass(frozen=True)
class Message:
    champ: str
    niveau: str
    texte: str

    def __str__(self):
        return f"{self.champ} : {self.texte}" if self.champ else self.texte


def erreur(champ: str, texte: str) -> Message:
    return Message(champ, ERREUR, texte)


def avertissement(champ: str, texte: str) -> Message:
    return Message(champ, AVERTISSEMENT, texte)


def info(champ: str, texte: str) -> Message:
    return Message(champ, INFO, texte)


@dataclass(frozen=True)
class Rattachement:
    """The row's commune in the Code officiel géographique (None until found) and its territory keys."""

    commune: str | None = None  # code of the commune, or of the arrondissement (lieux_lieu.commune_officielle_id)
    departement: str | None = None
    region: str | None = None
    epci: str | None = None
    cp_a_confirmer: str = ""  # postcode as written, when normalising put a leading zero back
    insee_a_confirmer: bool = False  # INSEE code with a leading zero put back: kept only if the COG knows it
    introuvable: bool = False  # commune and postcode not in the COG (the point may still tell)


@dataclass(frozen=True)
class Position:
    """Where the lieu is, and how much that is worth."""

    latitude: float | None = None
    longitude: float | None = None
    precision: str = "source"  # precision_localisation: source (the file) | adresse (BAN) | commune (its centre)
    inversion_probable: bool = False  # outside France, inside once latitude and longitude are swapped
    repli: tuple[float, float] | None = None  # the source's point, slightly outside its commune: the last resort


@dataclass(frozen=True)
class LigneImportee:
    numero: int
    valeurs_standard: dict  # never changed once built: each step builds a new dict
    position: Position = Position()
    rattachement: Rattachement = Rattachement()
    messages: tuple[Message, ...] = ()
    date_par_defaut: bool = False  # date_maj filled with the import's date (left out of the hash)
    empreinte_source: str = ""

    # --- reading ------------------------------------------------------------------------------------------------

    @property
    def id_source(self) -> str:
        return self.valeurs_standard.get("id", "")

    @property
    def rejetee(self) -> bool:
        return any(m.niveau == ERREUR for m in self.messages)

    @property
    def avec_avertissement(self) -> bool:
        return any(m.niveau == AVERTISSEMENT for m in self.messages)

    @property
    def cp_a_confirmer(self) -> str:
        return self.rattachement.cp_a_confirmer

    @property
    def commune_introuvable(self) -> bool:
        return self.rattachement.introuvable

    @property
    def precision(self) -> str:
        return self.position.precision

    @property
    def valeurs(self) -> dict:
        """The standard's values with the current point and the territory keys (a new dict: a view for reading)."""
        p, r = self.position, self.rattachement
        return {**self.valeurs_standard, "latitude": p.latitude, "longitude": p.longitude,
                "commune_officielle_id": r.commune, "departement_id": r.departement, "region_id": r.region,
                "epci_id": r.epci}

    def empreinte(self) -> str:
        """Hash of what the source says about the lieu (see `empreinte_de`), computed when the row was normalised."""
        return self.empreinte_source

    # --- new values ---------------------------------------------------------------------------------------------

    def avec(self, *messages: Message, **changements) -> LigneImportee:
        """A new row: `changements` to the fields, `messages` appended."""
        if messages:
            changements["messages"] = self.messages + messages
        return remplace(self, **changements)

    # --- the staged forms ---------------------------------------------------------------------------------------

    def colonnes_lieu(self) -> dict:
        """The row as columns of lieux_lieu: the staged `LigneImport.valeurs`, read back by `imports.etape`."""
        p, r = self.position, self.rattachement
        return {**self.valeurs_standard,
                "localisation": f"SRID=4326;POINT({p.longitude!r} {p.latitude!r})" if p.latitude is not None else None,
                "precision_localisation": p.precision,
                "commune_officielle_id": r.commune, "departement_id": r.departement, "region_id": r.region,
                "epci_id": r.epci}

    def en_tuple(self) -> tuple:
        """Plain built-in values (marshal-able), every field: to cross from the normalising process to the other."""
        return _en_tuple(self)

    @classmethod
    def depuis_tuple(cls, t: tuple) -> LigneImportee:
        return _depuis_tuple(cls, t)


def remplace(objet, **changements):
    """`dataclasses.replace` for these frozen values, without re-running `__init__`: a few times per row and per step,
    `dataclasses.replace` alone cost seconds on a 100,000-row import."""
    nouveau = object.__new__(type(objet))
    nouveau.__dict__.update(objet.__dict__, **changements)
    return nouveau


def empreinte_de(valeurs: dict, date_par_defaut: bool) -> str:
    """Hash of what the source says about the lieu (not of our defaults): unchanged rows are not rewritten.

    Taken once, before the commune and the point are checked against our geography: the hash stays the same when
    only our geography or the geocoder changed. A date_maj filled with the import's date counts as absent.
    """
    contenu = [(k, None if k == "date_maj" and date_par_defaut else valeurs[k]) for k in sorted(valeurs)]
    return hashlib.sha256(repr(contenu).encode()).hexdigest()


# --- between processes: every field, nested values as tuples, derived from the dataclasses ---------------------------

def _plan(cls) -> tuple[tuple[str, type | None, bool], ...]:
    """(field, nested dataclass or None, is a tuple of them) for each field of `cls`, from its annotations."""
    indications = typing.get_type_hints(cls)
    plan = []
    for f in fields(cls):
        type_ = indications[f.name]
        arguments = typing.get_args(type_)
        if is_dataclass(type_):
            plan.append((f.name, type_, False))
        elif typing.get_origin(type_) is tuple and arguments and is_dataclass(arguments[0]):
            plan.append((f.name, arguments[0], True))
        else:
            plan.append((f.name, None, False))
    return tuple(plan)


_PLANS: dict[type, tuple] = {}


def _plan_de(cls):
    if cls not in _PLANS:
        _PLANS[cls] = _plan(cls)
    return _PLANS[cls]


_ECRIVAINS: dict[type, typing.Callable] = {}


def _en_tuple(objet) -> tuple:
    cls = type(objet)
    if cls not in _ECRIVAINS:
        espace, parties = {}, []
        for k, (nom, imbrique, suite) in enumerate(_plan_de(cls)):
            if imbrique is None:
                parties.append(f"o.{nom}")
            else:
                espace[f"ecrire{k}"] = _en_tuple
                parties.append(f"tuple(map(ecrire{k}, o.{nom}))" if suite else f"ecrire{k}(o.{nom})")
        exec("def ecrire(o):\n    return (" + ", ".join(parties) + ",)", espace)  # noqa: S102 — our field names
        _ECRIVAINS[cls] = espace["ecrire"]
    return _ECRIVAINS[cls](objet)


_LECTEURS: dict[type, typing.Callable] = {}


def _lecteur(cls) -> typing.Callable:
    """A function tuple → value for `cls`, written once from its plan (a loop over the plan for every row cost ten
    times more, on the process that also checks communes and writes)."""
    if cls not in _LECTEURS:
        espace, arguments = {"cls": cls, "nouveau": object.__new__}, []
        for k, (nom, imbrique, suite) in enumerate(_plan_de(cls)):
            if imbrique is None:
                arguments.append(f"{nom}=t[{k}]")  # marshal gives tuples back as tuples
            else:
                espace[f"lire{k}"] = _lecteur(imbrique)
                arguments.append(f"{nom}=tuple(map(lire{k}, t[{k}]))" if suite else f"{nom}=lire{k}(t[{k}])")
        # built without the frozen `__init__` (one `object.__setattr__` per field): the values come from `en_tuple`
        exec("def lire(t):\n    o = nouveau(cls)\n    o.__dict__.update(" + ", ".join(arguments) + ")\n    return o",
             espace)  # noqa: S102 — our own field names
        _LECTEURS[cls] = espace["lire"]
    return _LECTEURS[cls]


def _depuis_tuple(cls, t):
    return _lecteur(cls)(t)
