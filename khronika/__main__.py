"""`python -m khronika` runs the command line."""

from khronika.cli import run

run()
