"""Keyed fingerprints of names: a note names someone in any case, with or without accents."""

from __future__ import annotations

from results.name_marks import NameMarks, name_keys, normalise

MARKS = NameMarks.of(["Kristin Johnson", "José Núñez", "Seán O'Brien", "Jean-Pierre Dupont",
                      "Strauß"])


def test_normalising_casefolds_and_strips_accents() -> None:
    assert normalise("NÚÑEZ") == normalise("nunez") == "nunez"
    assert normalise("Strauß") == normalise("STRAUSS")
    assert name_keys("Kristin Johnson") == {"kristin", "johnson", "kristin johnson"}


def test_names_are_found_in_any_case_with_or_without_accents() -> None:
    cases = {
        "kristin johnson wrote": "[redacted] wrote",
        "JOHNSON is out of office": "[redacted] is out of office",
        "Jöhnson and jose NUNEZ": "[redacted] and [redacted]",
        "o'brien and O’BRIEN, Seán": "[redacted] and [redacted], [redacted]",
        "Johnson's phone": "[redacted]'s phone",
        "Pierre and jean-pierre": "[redacted] and [redacted]",
        "John\u200bson, ＪＯＨＮＳＯＮ, strauss": "[redacted], [redacted], [redacted]",
        "Jose\u0301 called": "[redacted] called",
    }
    for note, scrubbed in cases.items():
        assert MARKS.scrub(note) == scrubbed, note


def test_other_words_stay_and_marks_keep_no_name() -> None:
    text = "The office is open; Johnsonville and Kristina are not the people."
    assert MARKS.scrub(text) == text
    assert all(len(m) == 16 and "johnson" not in m for m in MARKS.marks)
    other = NameMarks.of(["Kristin Johnson"])  # another key: other marks for the same name
    assert not other.marks & MARKS.marks
    assert other.plus(["Anna Weber"]).scrub("anna weber and kristin") == "[redacted] and [redacted]"
