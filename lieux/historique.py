"""The history of a lieu read as steps, and the reverts: plain functions over `LieuEvenement` (lieux/models/historique.py).

PostgreSQL keeps a snapshot of a lieu's tracked fields after each change; a step is one snapshot compared with the one
before it (the first: its creation, or the state when the history began):

    etapes(lieu)                 # [Etape(quand, origine, compte, genre, changements=[Changement(champ, avant, apres)])]
    derniere_mise_a_jour(lieu)   # the lieu page's « Mis à jour le … par … » (never a person's name)
    revenir(evenement, par)      # undo one step, through lieux.modifications.modifier_lieu (recorded itself)
    revenir_compte(compte, par)  # undo everything one account did, lieu by lieu

A revert restores a field only while its value is still the one the reverted change wrote: a field changed again
since (by an import, a contribution, someone else) is left alone and reported as skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone
from django.utils.formats import date_format
from pghistory.models import Context

from lieux import standard
from lieux.historique_contexte import COMPTE, GENRE, GESTIONNAIRE, ORIGINE, Genre, genre_de
from lieux.models import Lieu, LieuEvenement
from lieux.models.historique import CHAMPS_SUIVIS, ETAT_INITIAL
from lieux.modifications import modifier_lieu

LIBELLES_HORS_STANDARD = {"localisation": "Position (latitude, longitude)", "statut": "Statut",
                          "fusionne_dans": "Fusionné dans"}
ORIGINE_INCONNUE = "opération technique (sans contexte enregistré)"
ORIGINE_ESPACE = "modification dans l'espace des coordinateurs"
# what the public lieu page says of each kind of writer: never a person
AUTEURS_PUBLICS = {
    Genre.COORDINATION: "un coordinateur ou une coordinatrice du territoire",
    Genre.RETOUR: "un coordinateur ou une coordinatrice du territoire",
    Genre.CONTRIBUTION: "une contribution acceptée",
    Genre.GESTIONNAIRE: "le lieu lui-même",
}
# what modifier_lieu cannot write: the merge is undone by « Séparer » (lieux/admin_consolidation.py), the id is the source's
NON_RESTAURABLES = {"fusionne_dans": "le regroupement se défait par « Séparer » sur la fiche du lieu fusionné",
                    "id": "l'identifiant vient de la source"}


def libelle_champ(champ: str) -> str:
    if champ in LIBELLES_HORS_STANDARD:
        return LIBELLES_HORS_STANDARD[champ]
    return standard.CHAMPS_PAR_NOM[champ].libelle


def _valeur(objet, champ: str):
    """A tracked field's value, comparable between a lieu and a snapshot."""
    if champ == "fusionne_dans":
        return objet.fusionne_dans_id
    valeur = getattr(objet, champ)
    if champ == "localisation":
        return (round(valeur.x, 7), round(valeur.y, 7)) if valeur is not None else None
    if isinstance(valeur, list):
        return list(valeur)
    return valeur


def instantane(objet) -> dict:
    """{champ: valeur} of the tracked fields of a Lieu or of one of its snapshots."""
    return {champ: _valeur(objet, champ) for champ in CHAMPS_SUIVIS}


def valeur_affichee(champ: str, valeur) -> str:
    if valeur in (None, "", []):
        return "—"
    if champ == "localisation":
        longitude, latitude = valeur
        return f"{latitude:.6f}, {longitude:.6f}".replace(".", ",").replace(", ", " ; ", 1)
    if champ == "statut":
        return Lieu.Statut(valeur).label
    if champ == "fusionne_dans":
        return f"lieu n° {valeur}"
    if isinstance(valeur, dt.date):
        return date_format(valeur, "j F Y")
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur)
    return str(valeur)


@dataclass(frozen=True)
class Changement:
    champ: str
    avant: object
    apres: object

    @property
    def libelle(self) -> str:
        return libelle_champ(self.champ)

    @property
    def avant_affiche(self) -> str:
        return valeur_affichee(self.champ, self.avant)

    @property
    def apres_affiche(self) -> str:
        return valeur_affichee(self.champ, self.apres)


@dataclass(frozen=True)
class Etape:
    evenement: LieuEvenement
    changements: tuple[Changement, ...]

    @property
    def quand(self) -> dt.datetime:
        return self.evenement.pgh_created_at

    @property
    def contexte(self) -> dict:
        return self.evenement.pgh_context or {}

    @property
    def compte_id(self) -> int | None:
        return self.contexte.get(COMPTE)

    @property
    def genre(self) -> str:
        if self.evenement.pgh_label == ETAT_INITIAL:
            return Genre.TECHNIQUE
        if self.contexte.get(GESTIONNAIRE):  # an invited manager's update, whatever its inner origin
            return Genre.GESTIONNAIRE
        if GENRE in self.contexte:
            return self.contexte[GENRE]
        if ORIGINE in self.contexte:
            return genre_de(self.contexte[ORIGINE])
        return Genre.COORDINATION if self.compte_id is not None else Genre.TECHNIQUE

    @property
    def origine(self) -> str:
        """What made the change, in French, for the coordinators' space (« import n° 12 (source hub-du-sud) »)."""
        if ORIGINE in self.contexte:
            return self.contexte[ORIGINE]
        return ORIGINE_ESPACE if self.compte_id is not None else ORIGINE_INCONNUE

    @property
    def nature(self) -> str:
        if self.evenement.pgh_label == ETAT_INITIAL:
            return "État au début de l'historique"
        return "Création du lieu" if self.evenement.pgh_label == "creation" else "Modification"

    @property
    def auteur_public(self) -> str | None:
        """Who changed it, as the public page says it (None: a technical step the page does not mention)."""
        if self.genre == Genre.IMPORT:
            source = self.contexte.get("source")
            return f"l'import de la source {source}" if source else "un import"
        return AUTEURS_PUBLICS.get(self.genre)

    @property
    def reversible(self) -> bool:
        return self.evenement.pgh_label == "modification" and bool(self.changements)


def _differences(avant: dict | None, apres: dict) -> tuple[Changement, ...]:
    if avant is None:  # a creation: every field given
        return tuple(Changement(c, None, v) for c, v in apres.items() if v not in (None, "", []))
    return tuple(Changement(c, avant[c], apres[c]) for c in CHAMPS_SUIVIS if avant[c] != apres[c])


def _etapes_de(evenements) -> list[Etape]:
    etapes, precedent = [], None
    for evenement in evenements:
        courant = instantane(evenement)
        changements = () if evenement.pgh_label == ETAT_INITIAL else _differences(precedent, courant)
        etapes.append(Etape(evenement, changements))
        precedent = courant
    return etapes


def etapes(lieu: Lieu) -> list[Etape]:
    """The steps of a lieu's history, oldest first."""
    return _etapes_de(LieuEvenement.objects.filter(pgh_obj_id=lieu.pk).order_by("pgh_id"))


def derniere_mise_a_jour(lieu: Lieu) -> dict | None:
    """{"le": date, "par": « l'import de la source X » …} of the latest step a reader may be told of, or None."""
    for etape in reversed(etapes(lieu)):
        if etape.changements and etape.auteur_public:
            return {"le": timezone.localtime(etape.quand).date(), "par": etape.auteur_public}
    return None


# --- reverts ----------------------------------------------------------------------------------------------------


class RetourImpossible(Exception):
    """This step cannot be reverted (French message)."""


@dataclass
class Bilan:
    restaures: list[str] = field(default_factory=list)  # fields given back their earlier value
    ignores: list[tuple[str, str]] = field(default_factory=list)  # (field, why it was left alone)

    def __str__(self):
        morceaux = []
        if self.restaures:
            morceaux.append("valeur précédente rendue à : " + ", ".join(libelle_champ(c) for c in self.restaures))
        if self.ignores:
            morceaux.append("laissé tel quel : " + " ; ".join(f"{libelle_champ(c)} ({raison})"
                                                                  for c, raison in self.ignores))
        return " — ".join(morceaux) or "rien à changer"


def _valeurs_a_ecrire(cibles: dict) -> dict:
    """Tracked fields → the values modifier_lieu takes (standard column names, latitude/longitude)."""
    valeurs = {}
    for champ, valeur in cibles.items():
        if champ == "localisation":
            valeurs["longitude"], valeurs["latitude"] = valeur
        elif champ == "date_maj":
            valeurs[champ] = valeur.isoformat()
        else:
            valeurs[champ] = valeur
    return valeurs


def _restaurer(lieu: Lieu, cibles: dict, posees: dict, par, origine: str, bilan: Bilan) -> None:
    """Give each field of `cibles` its value there, when the lieu still holds the value of `posees`."""
    actuel = instantane(lieu)
    a_ecrire = {}
    for champ, valeur in cibles.items():
        if champ in NON_RESTAURABLES:
            bilan.ignores.append((champ, NON_RESTAURABLES[champ]))
        elif actuel[champ] != posees[champ]:
            bilan.ignores.append((champ, "modifié depuis"))
        elif champ == "localisation" and valeur is None:
            bilan.ignores.append((champ, "le lieu n'avait pas de position"))
        elif actuel[champ] != valeur:
            a_ecrire[champ] = valeur
    if not a_ecrire:
        return
    modifier_lieu(lieu, _valeurs_a_ecrire(a_ecrire), par=par, origine=origine)
    bilan.restaures += list(a_ecrire)


def _quand(evenement) -> str:
    return date_format(timezone.localtime(evenement.pgh_created_at), "j F Y à H:i")


@transaction.atomic
def revenir(evenement: LieuEvenement, par) -> Bilan:
    """Undo one change: each field it changed gets its previous value back (when not changed again since)."""
    lieu = Lieu.objects.select_for_update().get(pk=evenement.pgh_obj_id)
    etape = next((e for e in etapes(lieu) if e.evenement.pk == evenement.pk), None)
    if etape is None or not etape.reversible:
        raise RetourImpossible("Seule une modification d'un lieu existant peut être annulée (pas sa création).")
    bilan = Bilan()
    cibles = {c.champ: c.avant for c in etape.changements}
    posees = {c.champ: c.apres for c in etape.changements}
    _restaurer(lieu, cibles, posees, par, f"retour sur la modification du {_quand(evenement)} ({etape.origine})",
               bilan)
    return bilan


def evenements_du_compte(compte):
    """The events of the changes an account made (the index lieuevenement_compte answers)."""
    return (LieuEvenement.objects.alias(compte=KeyTextTransform(COMPTE, "pgh_context"))
            .filter(compte=str(compte.pk)))


@transaction.atomic
def revenir_compte(compte, par) -> dict[int, Bilan]:
    """Undo everything `compte` did: per lieu, each field it changed gets the value it had before the account's first
    change of it, when the lieu still holds the value the account last wrote. {lieu uid: Bilan}."""
    bilans = {}
    uids = sorted(set(evenements_du_compte(compte).values_list("pgh_obj_id", flat=True)))
    nom = compte.get_username()
    for lieu in Lieu.objects.select_for_update().filter(pk__in=uids).order_by("pk"):
        cibles, posees = {}, {}
        for etape in etapes(lieu):
            if etape.compte_id != compte.pk or not etape.reversible:
                continue
            for changement in etape.changements:
                cibles.setdefault(changement.champ, changement.avant)  # before its first change
                posees[changement.champ] = changement.apres  # what it wrote last
        bilan = bilans[lieu.pk] = Bilan()
        _restaurer(lieu, cibles, posees, par, f"retour sur les modifications du compte « {nom} »", bilan)
    return bilans



# --- retention ---------------------------------------------------------------------------------------------------

JOURS_CONSERVATION = 730  # two years of steps; older ones fold into one snapshot per lieu (docs/historique.md)


@transaction.atomic
def purger(jours: int = JOURS_CONSERVATION, maintenant: dt.datetime | None = None) -> int:
    """Steps older than `jours` are deleted, except the latest of each lieu before that date, which becomes its
    « état au début de l'historique » (no origin, no account: the later steps still show their before → after).
    The steps of a lieu deleted since (rare: lieux are archived) go entirely. Returns how many events were deleted."""
    if jours < 1:
        raise ValueError("La durée de conservation de l'historique doit être d'au moins un jour.")
    limite = (maintenant or timezone.now()) - dt.timedelta(days=jours)
    anciens = LieuEvenement.objects.filter(pgh_created_at__lt=limite)
    orphelins, _ = anciens.exclude(pgh_obj_id__in=Lieu.objects.values("pk")).delete()
    gardes = anciens.order_by("pgh_obj_id", "-pgh_id").distinct("pgh_obj_id").values("pgh_id")
    supprimes, _ = anciens.exclude(pgh_id__in=gardes).delete()
    anciens.exclude(pgh_label=ETAT_INITIAL).update(
        pgh_label=ETAT_INITIAL, pgh_context={ORIGINE: "état au début de l'historique conservé"}, pgh_context_id=None)
    # pghistory's own table of contexts (the events carry theirs): the same retention
    Context.objects.filter(created_at__lt=limite).delete()
    return orphelins + supprimes
