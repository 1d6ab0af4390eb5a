"""Search in a translation's own words (issue 26): what the search worker needs for each language
of the guide (scripts/guide/assets/search-languages.js): the folder of its pages, the words left
out of a query (question words and filler, as the vocabulary's `filler` is for English), and
the name of lunr-languages' stemmer that Material ships for it."""

from __future__ import annotations

# Question words and filler a reader types around what they ask ("¿qué es una recaída?").
FILLER = {
    "es": [
        "a",
        "al",
        "como",
        "cómo",
        "cuando",
        "cuándo",
        "de",
        "del",
        "donde",
        "dónde",
        "el",
        "ella",
        "en",
        "es",
        "esta",
        "está",
        "están",
        "hay",
        "la",
        "las",
        "le",
        "les",
        "lo",
        "los",
        "me",
        "mi",
        "mis",
        "muy",
        "o",
        "para",
        "pero",
        "por",
        "porque",
        "puede",
        "pueden",
        "puedo",
        "qué",
        "que",
        "se",
        "si",
        "sí",
        "son",
        "su",
        "sus",
        "tengo",
        "tiene",
        "un",
        "una",
        "uno",
        "unos",
        "unas",
        "y",
        "yo",
    ],
}


def search_languages(languages) -> dict[str, dict]:
    """GUIDE_LANGUAGES for the worker: {code: {folder, filler, stemmer}} for each translation's
    language (the stemmer's name in lunr-languages: lunr.es; pt-br uses lunr.pt, its stemmers
    are per language, not per region). A guide in one language gets {} (its worker as before)."""
    return {
        code: {"folder": f"{code}/", "filler": list(FILLER.get(code, ())), "stemmer": code.split("-")[0]}
        for code in sorted(languages)
    }
