"""``python -m pocdrill``."""

from pocdrill.cli import app

app(prog_name="pocdrill")
