"""Who or what makes a change to a lieu: the context that PostgreSQL stores with each event of its history.

The history's triggers (lieux/models/historique.py) copy `pghistory.context`'s metadata into every event they write.
Three writers set it:
- `ContexteHistorique`, a middleware: a signed-in account's POST (the coordinators' space) → {"user": its id};
- `contexte(origine, par=…)` around an import's transaction (imports/application.py, so the DORA synchronisation
  too), the `consolider` command, and `lieux.modifications.modifier_lieu` (a contribution, the coordinators' space,
  a lieu's invited manager);
- nothing: a change made from a shell or a migration has an empty context (« une opération technique »).

`contexte` gives the block a fresh context of its own (its own id, the outer metadata plus its own) and restores the
outer one on exit: pghistory's nested contexts would instead merge into the outer one and keep the inner keys after
the block, so two contributions accepted in one request would both read « contribution n° 13 ».
"""

from __future__ import annotations

import contextlib
import uuid

import pghistory
from pghistory import runtime

# the keys of the metadata (read by lieux/historique.py)
ORIGINE, COMPTE, GENRE = "origine", "user", "genre"
GESTIONNAIRE = "gestionnaire"  # true around an invited manager's update: inherited by the contexts inside it


class Genre:
    """What kind of writer: the public sentence of the lieu page depends on it (never a person's name)."""
    IMPORT = "import"
    COORDINATION = "coordination"
    CONTRIBUTION = "contribution"
    GESTIONNAIRE = "gestionnaire"  # the lieu's manager, invited by a coordinator
    RETOUR = "retour"  # a revert made in the coordinators' space
    TECHNIQUE = "technique"  # consolidation, maintenance commands


def genre_de(origine: str) -> str:
    """The kind of writer told by an origin's words (the callers of modifier_lieu only give the origin)."""
    texte = origine.lower()
    for debut, genre in (("import", Genre.IMPORT), ("synchronisation", Genre.IMPORT),
                         ("contribution", Genre.CONTRIBUTION), ("signalement", Genre.CONTRIBUTION),
                         ("retour sur", Genre.RETOUR), ("rapprochement", Genre.TECHNIQUE)):
        if texte.startswith(debut):
            return genre
    if "gestionnaire" in texte or "lieu lui-même" in texte:
        return Genre.GESTIONNAIRE
    return Genre.COORDINATION


def metadonnees(origine: str, par=None, genre: str = "", **autres) -> dict:
    valeurs = {ORIGINE: origine, GENRE: genre or genre_de(origine), **autres}
    if par is not None and getattr(par, "pk", None) is not None:
        valeurs[COMPTE] = par.pk
    return valeurs


@contextlib.contextmanager
def contexte(origine: str, par=None, genre: str = "", **autres):
    """Every change to a lieu written inside the block is recorded with this origin (French, e.g. « import n° 12
    (source hub-du-sud) »), its kind (`Genre`, told by the origin's first words unless given) and, when given, the
    account `par`. The account of an enclosing request is not inherited: an import launched from the admin is the
    import's doing, not the account's (so « revenir sur tout ce qu'un compte a fait » leaves imports alone)."""
    valeurs = metadonnees(origine, par, genre, **autres)
    exterieur = getattr(runtime._tracker, "value", None)
    if exterieur is None:
        with pghistory.context(**valeurs):
            yield
        return
    herites = {cle: valeur for cle, valeur in exterieur.metadata.items() if cle not in (ORIGINE, GENRE, COMPTE)}
    runtime._tracker.value = runtime.Context(id=uuid.uuid4(), metadata={**herites, **valeurs})
    try:
        yield
    finally:
        runtime._tracker.value = exterieur


class ContexteHistorique:
    """A signed-in account's writing request (POST, PUT, PATCH, DELETE): its changes carry the account's id. Other
    requests (the public pages) pay nothing: no context, no SQL added."""

    METHODES = ("POST", "PUT", "PATCH", "DELETE")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method not in self.METHODES or not getattr(user, "is_authenticated", False):
            return self.get_response(request)
        with pghistory.context(**{COMPTE: user.pk, "url": request.path}):
            return self.get_response(request)
