"""Goldilocks: a terminal text adventure and the YAML story engine under it."""

__version__ = "0.1.0"
