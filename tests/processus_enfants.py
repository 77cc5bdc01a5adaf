"""Processes for tests/test_import_reprise.py, started with « spawn »: nothing here imports Django at module level."""

import multiprocessing
import os
import time


def enfant_qui_attend(file):
    from imports.second_processus import mourir_avec_le_parent

    mourir_avec_le_parent()
    file.put(os.getpid())
    time.sleep(120)


def parent(file):
    enfant = multiprocessing.get_context("spawn").Process(target=enfant_qui_attend, args=(file,))
    enfant.start()
    time.sleep(120)
