"""Regions: administrative divisions from `xiezuo.divisions`, plus functional areas, towns and villages."""
