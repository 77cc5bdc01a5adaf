"""JSON readers: an array of flat objects, a GeoJSON FeatureCollection, or an object wrapping such an array.

The array is decoded one element at a time (`json.JSONDecoder.raw_decode` on a sliding buffer), so a large file
never sits whole in memory. Nested objects are flattened (`adresse.code_postal`); a GeoJSON Point gives `longitude`
and `latitude` when the properties do not already have them.
"""

from __future__ import annotations

import io
import json
import re
import sys

from .base import FichierIllisible, Lecture, Remarque
from .encodage import detecte_encodage
from .limites import (
    CELLULE_MAX,
    COLONNES_MAX,
    ENREGISTREMENT_JSON_MAX,
    PROFONDEUR_JSON_MAX,
    cellule_trop_longue,
    enregistrement_trop_gros,
    json_trop_profond,
    trop_de_colonnes,
)

TAILLE_BLOC = 64 * 1024
PREMIERS_MAX = 16 * 1024 * 1024  # characters: the records held to find the columns (at most 200 of them)
_DEBUT_TABLEAU = re.compile(r'"([^"\\]{1,100})"\s*:\s*\[')


class _Flux:
    """A text buffer over a stream, refilled on demand."""

    def __init__(self, texte):
        self.texte = texte
        self.tampon = ""
        self.pos = 0
        self.decalage = 0  # characters dropped from the buffer so far
        self.fini = False

    def remplit(self, au_moins: int = TAILLE_BLOC) -> bool:
        """Read `au_moins` more characters (one block by default), dropping what is already consumed."""
        if self.fini:
            return False
        bloc = self.texte.read(max(TAILLE_BLOC, au_moins))
        if not bloc:
            self.fini = True
            return False
        self.decalage += self.pos
        self.tampon = self.tampon[self.pos:] + bloc
        self.pos = 0
        return True

    def caractere(self) -> str:
        """The next non-blank character (not consumed), "" at the end."""
        while True:
            while self.pos < len(self.tampon) and self.tampon[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.tampon):
                return self.tampon[self.pos]
            if not self.remplit():
                return ""

    def valeur(self, decodeur: json.JSONDecoder):
        """Decode the JSON value at the current position, reading more text while it is incomplete.

        Each new attempt decodes the value from its start: the text read is doubled each time (not one more block),
        so that a value of n characters costs O(n), not O(n²) (a 32 MB value took 30 s). A value longer than
        ENREGISTREMENT_JSON_MAX is refused instead of being read to the end of the file."""
        while True:
            try:
                valeur, fin = decodeur.raw_decode(self.tampon, self.pos)
            except RecursionError as erreur:
                raise json_trop_profond(f"vers le caractère {self.decalage + self.pos}") from erreur
            except json.JSONDecodeError as erreur:
                en_cours = len(self.tampon) - self.pos
                if en_cours > ENREGISTREMENT_JSON_MAX:
                    raise enregistrement_trop_gros(f"à partir du caractère {self.decalage + self.pos}") from erreur
                if self.remplit(au_moins=en_cours):
                    continue
                raise FichierIllisible(
                    f"JSON invalide vers le caractère {self.decalage + erreur.pos} : fichier tronqué ou mal formé "
                    f"({erreur.msg})."
                ) from erreur
            except ValueError as erreur:  # an integer of more than 4,300 digits (Python's int_max_str_digits)
                raise FichierIllisible(
                    f"Le JSON contient un nombre de plus de {sys.get_int_max_str_digits()} chiffres dans "
                    f"l'enregistrement qui commence au caractère {self.decalage + self.pos} : ce n'est pas une "
                    "donnée de lieu. Vérifiez le fichier."
                ) from erreur
            # a number at the very end of the buffer may continue in the next block
            if fin == len(self.tampon) and not self.fini and self.remplit():
                continue
            if fin - self.pos > ENREGISTREMENT_JSON_MAX:
                raise enregistrement_trop_gros(f"à partir du caractère {self.decalage + self.pos}")
            verifie_valeur(valeur, f"à partir du caractère {self.decalage + self.pos}")
            self.pos = fin
            return valeur


def verifie_valeur(valeur, ou: str):
    """Refuses a record nested deeper than PROFONDEUR_JSON_MAX or holding a text longer than CELLULE_MAX (one pass,
    without recursion)."""
    pile = [(valeur, 1)]
    while pile:
        element, profondeur = pile.pop()
        if isinstance(element, str):
            if len(element) > CELLULE_MAX:
                raise cellule_trop_longue(f"dans l'enregistrement qui commence au caractère {ou.rpartition(' ')[2]}")
            continue
        if isinstance(element, dict):
            enfants = element.values()
        elif isinstance(element, list):
            enfants = element
        else:
            continue
        if profondeur > PROFONDEUR_JSON_MAX:
            raise json_trop_profond(ou)
        pile.extend((enfant, profondeur + 1) for enfant in enfants if isinstance(enfant, (str, dict, list)))


def aplatit(objet: dict, prefixe: str = "") -> dict:
    """{"adresse": {"code_postal": "49000"}} → {"adresse.code_postal": "49000"}; lists of scalars are kept."""
    plat = {}
    for cle, valeur in objet.items():
        nom = f"{prefixe}{cle}"
        if isinstance(valeur, dict):
            plat.update(aplatit(valeur, f"{nom}."))
        else:
            plat[nom] = valeur
    return plat


def depuis_feature(feature: dict) -> dict:
    """A GeoJSON Feature as a flat record: its properties, plus longitude/latitude of a Point geometry."""
    if not isinstance(feature, dict):
        return {"valeur": feature}
    proprietes = feature.get("properties") or {}
    brut = aplatit(proprietes) if isinstance(proprietes, dict) else {}
    if "id" not in brut and feature.get("id") is not None:
        brut["id"] = feature["id"]
    geometrie = feature.get("geometry") or {}
    if isinstance(geometrie, dict) and geometrie.get("type") == "Point":
        coordonnees = geometrie.get("coordinates") or []
        if len(coordonnees) >= 2:
            brut.setdefault("longitude", coordonnees[0])
            brut.setdefault("latitude", coordonnees[1])
    return brut


def _borne(brut: dict, numero: int) -> dict:
    if len(brut) > COLONNES_MAX:
        raise trop_de_colonnes(len(brut), f" (clés de l'enregistrement {numero})")
    return brut


def lit_json(flux, taille: int) -> Lecture:
    echantillon = flux.read(64 * 1024)
    encodage = detecte_encodage(echantillon, complet=len(echantillon) < 64 * 1024)
    flux.seek(0)
    texte = io.TextIOWrapper(flux, encoding=encodage.nom, errors="replace")
    try:
        return _lit(texte, flux, taille, encodage)
    except BaseException:
        texte.close()
        raise


def _lit(texte, flux, taille, encodage) -> Lecture:
    source = _Flux(texte)
    decodeur = json.JSONDecoder()
    format_, enveloppe = "json", ""
    premier = source.caractere()
    if premier == "{":
        # an object: find the array of records inside it (GeoJSON « features », or « data », « results »…)
        while True:
            trouve = _DEBUT_TABLEAU.search(source.tampon, source.pos)
            if trouve:
                enveloppe = trouve.group(1)
                source.pos = trouve.end() - 1
                break
            # searched text is not searched again (nor kept): only its end, where « "features": [ » may be cut
            source.pos = max(source.pos, len(source.tampon) - 4096)
            if not source.remplit():
                raise FichierIllisible("Ce JSON ne contient aucun tableau de lieux (attendu : une liste d'objets).")
        format_ = "geojson" if enveloppe == "features" else "json"
    elif premier != "[":
        raise FichierIllisible("Ce fichier n'est pas un JSON lisible (attendu : une liste d'objets « [ {…}, … ] »).")
    source.pos += 1  # past « [ »

    def enregistrements():
        numero = 0
        while True:
            car = source.caractere()
            if car == ",":
                source.pos += 1
                continue
            if car == "]":
                return
            if car == "":
                raise FichierIllisible("Le JSON s'arrête avant la fin du tableau (fichier tronqué ?).")
            valeur = source.valeur(decodeur)
            numero += 1
            yield numero, valeur

    # the first records give the columns (later ones may add keys: the mapping also handles those)
    flux_enregistrements = enregistrements()
    premiers = []
    for numero, valeur in flux_enregistrements:
        premiers.append((numero, valeur))
        if len(premiers) >= 200 or source.decalage + source.pos > PREMIERS_MAX:
            break

    def en_dict(valeur):
        if format_ == "geojson":
            return depuis_feature(valeur)
        return aplatit(valeur) if isinstance(valeur, dict) else {"valeur": valeur}

    vues: dict[str, None] = {}  # ordered, without the quadratic `cle not in colonnes` of a list
    for numero, valeur in premiers:
        vues.update(dict.fromkeys(_borne(en_dict(valeur), numero)))
        if len(vues) > COLONNES_MAX:
            raise trop_de_colonnes(len(vues), " (clés des premiers enregistrements)")
    colonnes = list(vues)

    lecture = Lecture(format=format_, colonnes=colonnes, unite="enregistrement", encodage=encodage.libelle,
                      _a_fermer=[texte])
    if enveloppe and format_ != "geojson":
        lecture.remarques.append(Remarque("info", f"Les lieux ont été lus dans le tableau « {enveloppe} »."))
    if encodage.remarque:
        lecture.remarques.append(Remarque("avertissement", f"Encodage : {encodage.remarque}."))

    def lignes():
        import itertools

        for numero, valeur in itertools.chain(premiers, flux_enregistrements):
            brut = _borne(en_dict(valeur), numero)
            yield numero, {cle: lecture.nettoie_valeur(v) for cle, v in brut.items()}

    lecture._lignes = lignes()
    lecture._position = lambda: flux.tell() / taille if taille else 0.0
    return lecture
