from .lieu import PROVENANCE_DEMO, SOURCE_DEMO, UIDS_DEMO_SQL, Lieu, LieuQuerySet, Provenance  # noqa: F401
from .territoires import EPCI, Commune, Departement, Region  # noqa: F401
from .signalement import Signalement  # noqa: F401, E402
from .historique import LieuEvenement  # noqa: F401, E402
# the derived tables live with their rules in lieux/projections/ (imported here: Django registers models on import)
from lieux.projections.ouvertures import Ouverture  # noqa: F401, E402
from lieux.projections.analyses import AnalyseHoraires  # noqa: F401, E402
from lieux.projections.comptes import CompteCarte  # noqa: F401, E402
from .consolidation import DecisionRapprochement, PaireRapprochement, PrioriteSource  # noqa: F401, E402
from .perimetres import Coordinateur  # noqa: F401, E402
from .verrous import VerrouChamp  # noqa: F401, E402
from .fermetures import FermetureTemporaire  # noqa: F401, E402
from .qualite import AffichageLieu, QualiteLieu, VerificationLieu  # noqa: F401, E402
