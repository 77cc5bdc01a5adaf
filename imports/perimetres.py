"""Which sources and imports a coordinator sees and may use (docs/perimetres.md, § imports).

- A source is **visible** when it describes at least one lieu of the account's territory, or the account launched
  one of its imports, or it is **modifiable** by the account.
- A source is **modifiable** (import into it, change its profile) when every lieu it describes lies in the account's
  territory, and it has at least one of them or no import launched by another account (a new, empty source). A
  regional file shared by several départements is thus imported by a coordinator of the whole région, or a national
  account: an import into it by a département's coordinator could archive the other départements' lieux.
- An import is visible when the account launched it or its source is modifiable by the account; it is applied or
  retried by a national account, or by the account that launched it if the source is still modifiable by it.
- While an import launched by an account that is not national is analysed, each row whose lieu lies outside that
  account's territory is rejected (« hors de votre territoire ») and listed in the report: nothing outside the
  territory is created, changed or archived (`Analyseur`, imports/analyse.py).

National accounts (superusers, `Coordinateur.national`) see and use everything.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from lieux.models import Provenance
from lieux.perimetres import RIEN, communes_du_perimetre, coordinateur_de, est_national, q_perimetre

from .ligne import LigneImportee, erreur

from .models import ImportRun, Source


def _provenances(user, dedans: bool):
    provenances = Provenance.objects.filter(source=OuterRef("nom"))
    filtre = q_perimetre(user, "lieu__commune_officielle")
    return provenances.filter(filtre) if dedans else provenances.exclude(filtre)


def q_sources_modifiables(user) -> Q:
    if est_national(user):
        return Q()
    if coordinateur_de(user) is None:
        return RIEN  # a staff account without territory: nothing
    autres = ImportRun.objects.filter(source=OuterRef("pk")).exclude(utilisateur=user)
    return (~Q(Exists(_provenances(user, dedans=False)))
            & (Q(Exists(_provenances(user, dedans=True))) | ~Q(Exists(autres))))


def q_sources_visibles(user) -> Q:
    if est_national(user):
        return Q()
    if coordinateur_de(user) is None:
        return RIEN
    lancees = ImportRun.objects.filter(source=OuterRef("pk"), utilisateur=user)
    return Q(Exists(_provenances(user, dedans=True))) | Q(Exists(lancees)) | q_sources_modifiables(user)


def sources_modifiables(user):
    return Source.objects.filter(q_sources_modifiables(user))


def sources_visibles(user):
    return Source.objects.filter(q_sources_visibles(user))


def source_modifiable(user, source) -> bool:
    return est_national(user) or sources_modifiables(user).filter(pk=source.pk).exists()


def q_imports_visibles(user) -> Q:
    if est_national(user):
        return Q()
    return Q(utilisateur=user) | Q(source__in=sources_modifiables(user))


def imports_visibles(user):
    return ImportRun.objects.filter(q_imports_visibles(user))


def peut_agir_sur(user, run) -> bool:
    """Apply or retry `run` (the permissions of the admin are checked apart)."""
    return est_national(user) or (run.utilisateur_id == user.pk and source_modifiable(user, run.source))


def communes_autorisees(utilisateur) -> frozenset[str] | None:
    """For the analysis of an import launched by `utilisateur`: None when every commune is allowed (a national
    account, or no account: a command run by the operators)."""
    return None if utilisateur is None else communes_du_perimetre(utilisateur)


def dans_le_territoire(ligne: LigneImportee, communes: frozenset[str] | None) -> LigneImportee:
    """The row, rejected when its commune lies outside the territory of the account that launched the import."""
    code = ligne.rattachement.commune
    if communes is None or code in communes:
        return ligne
    lieu = f"la commune {code}" if code else "une commune inconnue"
    return ligne.avec(erreur("code_insee", f"Ce lieu est dans {lieu}, hors de votre territoire : ligne refusée "
                                           "(un coordinateur de ce territoire ou un administrateur national peut "
                                           "l'importer)."))
