"""English content words and the CC-CEDICT glosses the dictionary checks look words up in."""

from __future__ import annotations

from aligner.lexicon import cedict_glosses, english_words


def test_english_words_are_stemmed_content_words() -> None:
    assert english_words("The cities were walked by us.") == {"city", "walk"}


def test_glosses_meet_the_english_words_of_a_translation() -> None:
    glosses = cedict_glosses()
    shared = (glosses["猫"] | glosses["睡觉"]) & english_words("The cat is sleeping.")
    assert {"cat", "sleep"} <= shared
    assert glosses["貓"] == glosses["猫"]  # traditional headwords too
