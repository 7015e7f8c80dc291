"""``python -m pocdrill``."""

from pocdrill.cli import run

run()
