from .lieu import SOURCE_DEMO, Lieu, LieuQuerySet, Provenance  # noqa: F401
from .territoires import EPCI, Commune, Departement, Region  # noqa: F401
