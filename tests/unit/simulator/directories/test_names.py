"""Invented names: Faker locales by participant, romanised names, e-mail local parts."""

from __future__ import annotations

import re

from simulator.directories.generate import generate_directory
from simulator.directories.names import email_local_part, faker_locale, romanise

RESERVED = re.compile(r"@([a-z0-9-]+\.)+example\.(org|net|com)$")


def test_names_are_romanised_where_easy() -> None:
    osce = generate_directory("osce", 1)
    for code in ("RU", "UA", "BG", "GR"):
        for c in osce.participant(code).contacts:
            assert c.name is not None and re.fullmatch(r"[\w .'-]+", c.name), c.name
            assert not re.search(r"[\u0370-\u03ff\u0400-\u04ff]", c.name), c.name
    assert romanise("Иван Петров") == "Ivan Petrov"
    assert romanise("Νίκος") == "Nikos"
    assert email_local_part("Jürgen Müller-Lüdenscheidt") == "jurgen.muller-ludenscheidt"
    assert email_local_part("Łukasz Ó Treabhair") == "lukasz.o.treabhair"
    assert email_local_part("زيد هندية") == ""


def test_faker_locale_prefers_the_participants_language() -> None:
    assert faker_locale("CH", ["fr", "de"]) == "fr_CH"
    assert faker_locale("CH", ["it"]) != "fr_CH"
    assert faker_locale("DE", ["de"]) == "de_DE"
    assert faker_locale("PE", ["es"]) == "es_MX"
    assert faker_locale("ZZ", ["en"]) == "en_US"
