"""Punctuation that follows the language: a label's colon and a list's separator.

Chinese text takes full-width marks ("状态：进行中", "甲、乙"), English half-width ones ("Status: running",
"a, b"); a template that writes ": " after a translated label would put an English colon in Chinese text.
The marks are translated like any other string, in the context "punctuation".
"""

from __future__ import annotations

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    """After a label: ": " in English, "：" in Chinese."""
    return pgettext("punctuation", ": ")


@register.simple_tag
def separator() -> str:
    """Between the items of a list: ", " in English, "、" in Chinese."""
    return pgettext("punctuation", ", ")


@register.simple_tag
def full_stop() -> str:
    """At the end of a sentence put together from parts: "." in English, "。" in Chinese."""
    return pgettext("punctuation", ".")
