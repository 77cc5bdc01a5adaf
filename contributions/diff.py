"""The field-by-field comparison a moderator reads: for each proposed field, the value when the contribution was
made, the lieu's value now (it may have changed since) and the proposed value. Plain values, no HTML."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from lieux import standard
from lieux.modifications import valeurs_du_lieu

ORDRE = {nom: i for i, nom in enumerate(standard.COLONNES)}


def libelle(champ: str) -> str:
    return standard.CHAMPS_PAR_NOM[champ].libelle if champ in standard.CHAMPS_PAR_NOM else champ


def est_multiple(champ: str) -> bool:
    return champ in standard.CHAMPS_PAR_NOM and standard.CHAMPS_PAR_NOM[champ].multiple


def affichage(valeur) -> str:
    """A value as a person reads it (lists with the standard's separator, nothing for empty)."""
    if valeur is None:
        return ""
    if isinstance(valeur, (list, tuple)):
        return f" {standard.SEPARATEUR} ".join(str(v) for v in valeur)
    return str(valeur)


def normaliser(champ: str, valeur):
    """Comparable form of a value (lists, numbers and dates as the lieu's values give them)."""
    if est_multiple(champ):
        if valeur in (None, ""):
            return []
        if isinstance(valeur, str):
            return [v.strip() for v in valeur.split(standard.SEPARATEUR) if v.strip()]
        return list(valeur)
    if champ in ("latitude", "longitude"):
        return None if valeur in (None, "") else round(float(valeur), 6)
    return "" if valeur is None else str(valeur)


def lire_saisie(champ: str, texte: str):
    """A moderator's edited value (a text input) as a value for the lieu."""
    texte = (texte or "").strip()
    if est_multiple(champ) or champ in ("latitude", "longitude"):
        return normaliser(champ, texte)
    return texte


@dataclass(frozen=True)
class Ligne:
    champ: str
    libelle: str
    avant: object  # when the contribution was made (None: not known, e.g. a declaration)
    actuel: object  # the lieu's value now (None for a declaration)
    propose: object
    change: bool  # the proposal differs from the current value
    modifie_depuis: bool  # the lieu's value changed since the proposal was made

    @property
    def avant_affiche(self) -> str:
        return affichage(self.avant)

    @property
    def actuel_affiche(self) -> str:
        return affichage(self.actuel)

    @property
    def propose_affiche(self) -> str:
        return affichage(self.propose)


def champs_proposes(contribution) -> list[str]:
    return sorted((c for c in contribution.valeurs if c != "id"), key=lambda c: (ORDRE.get(c, len(ORDRE)), c))


def lignes(contribution) -> list[Ligne]:
    from lieux.models import Lieu

    # the lieu as it is now (read again: it may have changed since the contribution was loaded)
    actuelles = valeurs_du_lieu(Lieu.objects.get(pk=contribution.lieu_id)) if contribution.lieu_id else None
    avant = contribution.valeurs_avant or {}
    resultat = []
    for champ in champs_proposes(contribution):
        propose = normaliser(champ, contribution.valeurs.get(champ))
        actuel = normaliser(champ, actuelles.get(champ)) if actuelles is not None else None
        valeur_avant = normaliser(champ, avant.get(champ)) if champ in avant else None
        resultat.append(Ligne(
            champ=champ, libelle=libelle(champ), avant=valeur_avant, actuel=actuel, propose=propose,
            change=actuelles is None or propose != actuel,
            modifie_depuis=actuelles is not None and champ in avant and valeur_avant != actuel,
        ))
    return resultat


def erreur_de_valeur(champ: str, valeur) -> str | None:
    """Why a moderator's value cannot be written (in French), or None."""
    definition = standard.CHAMPS_PAR_NOM.get(champ)
    if definition is None:
        return None
    nom = f"« {definition.libelle} »"
    if definition.requis and champ != "date_maj" and valeur in (None, "", []):
        return f"{nom} ne peut pas être vide."
    if definition.valeurs is not None:
        refusees = [v for v in valeur if v not in definition.valeurs]
        if refusees:
            return f"{nom} : « {refusees[0]} » n'est pas une valeur du standard."
    if definition.pattern and isinstance(valeur, str) and valeur and not re.match(definition.pattern, valeur):
        return f"{nom} n'a pas le format attendu" + (f" ({definition.aide})" if definition.aide else "") + "."
    if definition.longueur_max and isinstance(valeur, str) and len(valeur) > definition.longueur_max:
        return f"{nom} dépasse {definition.longueur_max} caractères."
    if champ == "date_maj" and valeur:
        try:
            dt.date.fromisoformat(str(valeur))
        except ValueError:
            return f"{nom} doit être une date au format AAAA-MM-JJ."
    return None
