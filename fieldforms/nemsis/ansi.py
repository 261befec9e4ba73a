"""ANSI (FIPS) state and county codes, as the crew picks them: by name
(reference/ANSI/, US Census Bureau data; see its README)."""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files

# The list names a form field gives ("list": ...) to pick from these.
STATES = "ANSIState"
COUNTIES = "ANSICounty"


def _rows(name: str) -> list[dict[str, str]]:
    text = files("fieldforms.nemsis").joinpath("reference", "ANSI", name).read_text(
        encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _states() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["code"], r["postal"], r["name"]) for r in _rows("states.csv"))


@cache
def _counties() -> tuple[tuple[str, str, str, str], ...]:
    return tuple((r["code"], r["name"], r["state"], r["also_known_as"])
                 for r in _rows("counties.csv"))


def state_choices() -> list[dict[str, str]]:
    """For a drop-down: the name shown, the 2-digit code stored."""
    return [{"value": code, "label": name} for code, _postal, name in _states()]


def county_choices() -> list[dict[str, str]]:
    """For a search picker: "Fairfield County, Connecticut" shown and searched, the
    5-digit code stored; a former or other name is searched too."""
    state_names = {code: name for code, _postal, name in _states()}
    choices = []
    for code, name, state, also in _counties():
        choice = {"value": code, "label": f"{name}, {state_names.get(state, state)}"}
        if also:
            choice["source_label"] = also
        choices.append(choice)
    return choices


def choices(list_name: str) -> list[dict[str, str]] | None:
    """A named ANSI list's choices, or None when the name is not one of these."""
    return {STATES: state_choices, COUNTIES: county_choices}.get(
        list_name, lambda: None)()
