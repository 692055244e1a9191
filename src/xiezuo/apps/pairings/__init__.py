"""Pairings: an east side paired with a west side at a level, nested, with sub-pairings below counties."""
