"""Entry point of the second process of `imports.flux` (spawned: a fresh interpreter, Django set up here first).

Nothing here is imported at module level from Django apps: the child process imports this module before Django is
ready. It never touches the database.
"""

import gc
import itertools
import marshal
import traceback


def mourir_avec_le_parent():
    """Linux: this process gets SIGKILL when the worker that started it dies, instead of staying behind, blocked on
    a full queue with the file in memory (PR_SET_PDEATHSIG); and if the parent is already gone, stop now."""
    import ctypes
    import multiprocessing
    import os
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:
        os._exit(1)


def travail(chemin, nom, reglage, aujourd_hui, taille_lot, sortie):
    """Read, map and validate the whole file, batch after batch, into the queue `sortie`. `reglage`: the mapping as
    plain data ({"explicite": column → field, "profil": `Profil.en_dict()` or None})."""
    mourir_avec_le_parent()
    import django

    django.setup()
    from .colonnes import correspondance_du_fichier
    from .flux import normalise
    from .lecteurs import FichierIllisible, ouvrir

    # Django's and our modules' objects live as long as this process: out of the collector's reach, each collection
    # only scans the rows of the current batch (a fifth of the normalising time otherwise)
    gc.freeze()
    lecture = None
    try:
        lecture = ouvrir(chemin, nom)
        correspondance = correspondance_du_fichier(lecture.colonnes, reglage.get("explicite"), reglage.get("profil"))
        lignes = lecture.lignes()
        while lot := list(itertools.islice(lignes, taille_lot)):
            normalisees = [(ligne.en_tuple(), brut) for ligne, brut in normalise(lot, correspondance, aujourd_hui)]
            sortie.put(("lot", marshal.dumps(normalisees), lecture.progression()))  # far faster than pickle
        sortie.put(("fin", [(r.niveau, r.texte) for r in lecture.remarques_finales()], 1.0))
    except FichierIllisible as erreur:
        remarques = lecture.remarques_finales() if lecture else []
        sortie.put(("illisible", str(erreur), [(r.niveau, r.texte) for r in remarques]))
    except BaseException:  # a bug: its traceback goes to the parent, which raises it
        sortie.put(("bug", traceback.format_exc(), None))
