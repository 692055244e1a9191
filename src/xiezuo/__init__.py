"""Xiezuo (协作): software for East–West cooperation."""

__version__ = "0.1.0"
