from .lieu import SOURCE_DEMO, Lieu, LieuQuerySet, Provenance  # noqa: F401
from .territoires import EPCI, Commune, Departement, Region  # noqa: F401
from .signalement import Signalement  # noqa: F401, E402
from .ouverture import Ouverture  # noqa: F401, E402
from .comptes import CompteCarte  # noqa: F401, E402
