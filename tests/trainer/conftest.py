"""Puts src/trainer on sys.path so the tests import gyroedge_trainer from the checkout,
without installing it (PyPI is out of reach and nothing needs building)."""
import os
import sys

TRAINER_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "src", "trainer"))
if TRAINER_ROOT not in sys.path:
    sys.path.insert(0, TRAINER_ROOT)
