"""The columns of a kind of record in a spreadsheet, and how a cell becomes a form value and back.

Columns come from the ledger type's form (what users edit), headed by the fields' verbose names in the
user's language; an ID column (empty: a new record, filled: that record is changed) and the version it was
exported at come first. Cells are read the way people type them: choices by label or code, dates as Excel
dates or 2024-08-26 / 2024年8月26日 / 2024/8/26, amounts as 12.5万 or 1,234.00, yes/no as 是/否.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from xiezuo.apps.core.registry import LedgerType

ID, VERSION = "id", "version"


class CellError(Exception):
    """A cell's value cannot be read; the message says what was expected."""


@dataclass(frozen=True)
class Column:
    """One column: the form field it fills, its kind and the model field behind it."""

    name: str
    kind: str  # id, version, text, integer, decimal, date, boolean, choice, fk, m2m
    model_field: Any
    required: bool = False  # a new record cannot be added without it

    @property
    def header(self) -> str:
        """The header in the active language."""
        return capfirst(str(self.model_field.verbose_name))

    @property
    def related(self) -> Any:
        return self.model_field.related_model

    def aliases(self) -> set[str]:
        """Every header this column is recognised by: its name in each language and the field's own name."""
        names = {header_key(self.name), header_key(self.model_field.attname)}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(header_key(str(self.model_field.verbose_name)))
        return names


def header_key(text: Any) -> str:
    """A header as compared: NFKC, no white space or required-marks, case folded."""
    return re.sub(r"[\s*＊]", "", unicodedata.normalize("NFKC", str(text or ""))).casefold()


def columns_for(ledger_type: LedgerType) -> list[Column]:
    """ID, version, then the form's fields in the form's order (files cannot travel in a spreadsheet)."""
    model = ledger_type.model
    form_fields = ledger_type.form.base_fields
    columns = [Column(ID, ID, model._meta.pk), Column(VERSION, VERSION, model._meta.get_field("version"))]
    for name in ledger_type.form._meta.fields or ():
        if name not in form_fields:
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            continue
        if isinstance(model_field, models.FileField) or not getattr(model_field, "editable", True):
            continue
        form_field = form_fields[name]
        kind = _kind(model_field, form_field)
        required = bool(form_field.required) and not model_field.has_default()
        columns.append(Column(name, kind, model_field, required=required))
    return columns


def _kind(model_field: Any, form_field: forms.Field) -> str:
    if model_field.many_to_many:
        return "m2m"
    if model_field.is_relation:
        return "fk"
    if model_field.choices:
        return "choice"
    if isinstance(model_field, models.BooleanField):
        return "boolean"
    if isinstance(model_field, models.DateTimeField):
        return "text"
    if isinstance(model_field, models.DateField):
        return "date"
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return "decimal"
    if isinstance(model_field, models.IntegerField):
        return "integer"
    return "text"


# --- choices ----------------------------------------------------------------------------------------------


class Choices:
    """A choice column's codes and labels, in every language, each pointing at its code."""

    def __init__(self, model_field: Any) -> None:
        self.codes: list[tuple[Any, str]] = [(c, str(label)) for c, label in model_field.flatchoices]
        self.by_text: dict[str, str] = {}
        taken: dict[str, set[str]] = {}
        for code, label in model_field.flatchoices:
            texts = {str(code)}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    shown = str(label)
                texts.add(shown)
                # "Allocation (下达)": the words in brackets name it too.
                texts.update(re.findall(r"[（(]([^（）()]+)[）)]", shown))
                texts.add(re.sub(r"\s*[（(][^（）()]+[）)]\s*$", "", shown))
            for text in texts:
                taken.setdefault(header_key(text), set()).add(str(code))
        self.by_text = {text: next(iter(codes)) for text, codes in taken.items() if len(codes) == 1 and text}

    def code(self, value: Any) -> str:
        text = _plain_text(value)
        found = self.by_text.get(header_key(text))
        if found is None:
            raise CellError(
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": text, "choices": "、".join(label for _code, label in self.codes)}
            )
        return found


# --- reading cells ----------------------------------------------------------------------------------------

_YMD = re.compile(r"^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000)}
_NUMBER = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s*(万|亿|千)?\s*(?:元|人|个|人次)?$")
_TRUE = {"是", "yes", "y", "true", "t", "1", "√", "✓", "有", "对"}
_FALSE = {"否", "no", "n", "false", "f", "0", "×", "✗", "无", "不"}


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _plain_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def read_text(value: Any) -> str:
    return _plain_text(value)


def read_date(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float) and 10_000 <= value <= 80_000:
        # An Excel date whose cell lost its date format: days since 1899-12-30.
        return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))).isoformat()
    text = unicodedata.normalize("NFKC", _plain_text(value))
    match = _YMD.match(text) or _COMPACT_DATE.match(text)
    if match:
        try:
            return datetime.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
        except ValueError:
            pass
    raise CellError(_("“%(value)s” is not a date: write it as 2024-08-26.") % {"value": _plain_text(value)})


def read_number(value: Any, *, whole: bool) -> str:
    """A number from a cell: 1,234.00, 12.5万, ¥3000, 3000元; whole numbers for counts."""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, Decimal):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        cleaned = re.sub(r"[,\s¥$]", "", text).removeprefix("RMB")
        match = _NUMBER.match(cleaned)
        if not match:
            raise CellError(_("“%(value)s” is not a number.") % {"value": text})
        try:
            number = Decimal(match[1]) * _MULTIPLIERS.get(match[2] or "", Decimal(1))
        except InvalidOperation as error:
            raise CellError(_("“%(value)s” is not a number.") % {"value": text}) from error
    if whole:
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": _plain_text(value)})
        return str(int(number))
    return format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")


def read_boolean(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = header_key(_plain_text(value))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            yes, no = header_key(_("Yes")), header_key(_("No"))
        if text == yes:
            return "true"
        if text == no:
            return "false"
    if text in _TRUE:
        return "true"
    if text in _FALSE:
        return "false"
    raise CellError(_("“%(value)s” is not yes or no: write 是 or 否.") % {"value": _plain_text(value)})


def read_plain(column: Column, value: Any, choices: Choices | None) -> str:
    """A cell of a column that is neither a relation nor the ID, as the form's field takes it."""
    if column.kind == "choice" and choices is not None:
        return choices.code(value)
    if column.kind == "date":
        return read_date(value)
    if column.kind == "integer":
        return read_number(value, whole=True)
    if column.kind == "decimal":
        return read_number(value, whole=False)
    if column.kind == "boolean":
        return read_boolean(value)
    return read_text(value)


# --- writing cells ----------------------------------------------------------------------------------------


def write_plain(column: Column, obj: Any) -> Any:
    """The value an export writes for a column that is not a relation: choices by label, yes/no in words."""
    if column.kind == "choice":
        value = getattr(obj, column.model_field.attname)
        if value in (None, ""):
            return ""
        label = str(getattr(obj, f"get_{column.name}_display")())
        return value if isinstance(value, int) and label == str(value) else label  # years stay numbers
    value = getattr(obj, column.model_field.attname)
    if column.kind == "boolean":
        return "" if value is None else (_("Yes") if value else _("No"))
    if isinstance(value, datetime.datetime):  # spreadsheets know no time zones: the local time, as the pages show
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def allowed_values(column: Column, example: str = "") -> str:
    """What a column takes, in words, for the template's explanation sheet."""
    if column.kind == ID:
        return _("Empty for a new record; the ID of a record to change it.")
    if column.kind == VERSION:
        return _(
            "The version the record was exported at: if someone changed the record since, the import says so. "
            "May be left empty."
        )
    if column.kind == "choice":
        return _("One of: %(choices)s (or its code).") % {
            "choices": "、".join(str(label) for _code, label in column.model_field.flatchoices)
        }
    if column.kind == "date":
        return _("A date: 2024-08-26, 2024/8/26 or 2024年8月26日.")
    if column.kind == "integer":
        return _("A whole number; 1.2万 means 12000.")
    if column.kind == "decimal":
        return _("A number: 1234.5, 1,234.50 or 12.5万 (= 125000).")
    if column.kind == "boolean":
        return _("是 or 否.")
    if column.kind == "fk":
        return example or _("The name of a %(thing)s.") % {"thing": column.related._meta.verbose_name}
    if column.kind == "m2m":
        return _("Several names separated by 、: %(example)s") % {
            "example": example or column.related._meta.verbose_name_plural
        }
    max_length = getattr(column.model_field, "max_length", None)
    return _("Text of up to %(n)s characters.") % {"n": max_length} if max_length else _("Text.")
