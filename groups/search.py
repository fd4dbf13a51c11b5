"""Searching study groups by what a person would type: a word of the name or the
description, a topic, the course's code or title, or a language in English or in its
own name; accents ignored, small typos and the start of a word forgiven.

On PostgreSQL the text is compared with `unaccent` and pg_trgm's word similarity
(migration 0004 creates both extensions); SQLite, the demo's database, matches
substrings only.
"""

import difflib
import unicodedata

from django.contrib.postgres.lookups import Unaccent
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat, Lower

from accounts.languages import LANGUAGES, NATIVE_NAMES

from .models import StudyGroup

MAX_WORDS = 8
# How close a typed word must come to some word of a group (pg_trgm's word_similarity,
# 0 to 1): "statistcs" or "statistics" against "estatistica" pass, "stocks" does not.
WORD_SIMILARITY = 0.5
# A word this short matches only as the start of a word or a substring: trigrams of two
# letters say too little.
MIN_FUZZY_LENGTH = 4
LANGUAGE_SIMILARITY = 0.8


def fold(text):
    """`text` lower-cased without accents, as unaccent(lower(…)) gives it in SQL."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_words(text):
    """(words to find, words to leave out): a word written -word leaves groups with it out."""
    wanted, unwanted = [], []
    for word in text.split()[:MAX_WORDS]:
        if word.startswith("-") and len(word) > 1:
            unwanted.append(word[1:])
        elif word.strip("-"):
            wanted.append(word)
    return wanted, unwanted


def languages_named(word):
    """Codes of the languages whose English or own name `word` starts or nearly spells."""
    needle = fold(word)
    if len(needle) < 2:
        return set()
    codes = set()
    for code, english in LANGUAGES:
        for name in (english, NATIVE_NAMES.get(code, english)):
            for part in fold(name).split():
                if (
                    part.startswith(needle)
                    and len(needle) >= 3
                    or part == needle
                    or difflib.SequenceMatcher(None, needle, part).ratio() >= LANGUAGE_SIMILARITY
                ):
                    codes.add(code)
    return codes


def _in_language(word):
    codes = languages_named(word)
    if not codes:
        return Q(pk__in=[])
    return Q(
        Exists(
            StudyGroup.languages.through.objects.filter(
                studygroup=OuterRef("pk"), language__code__in=codes
            )
        )
    )


def _topic_names():
    return Subquery(
        StudyGroup.topics.through.objects.filter(studygroup=OuterRef("pk"))
        .order_by()
        .values("studygroup")
        .annotate(names=StringAgg("interest__name", Value(" ")))
        .values("names")
    )


def _document():
    """Everything a group is found by except its languages, folded, as one text."""
    parts = [
        "name",
        "description",
        Coalesce("course__code", Value(""), output_field=TextField()),
        Coalesce("course__title", Value(""), output_field=TextField()),
        Coalesce(_topic_names(), Value(""), output_field=TextField()),
    ]
    spaced = []
    for part in parts:
        spaced.extend([part, Value(" ")])
    return Unaccent(Lower(Concat(*spaced[:-1], output_field=TextField())))


def search_groups(groups, text):
    """`groups` matching every word of `text` (and none of its -words), annotated with a
    `search_rank` to order by on PostgreSQL (higher is better)."""
    wanted, unwanted = search_words(text)
    if connection.vendor == "postgresql":
        return _search_postgres(groups, wanted, unwanted)
    return _search_substrings(groups, wanted, unwanted)


def _search_postgres(groups, wanted, unwanted):
    groups = groups.annotate(search_doc=_document(), search_name=Unaccent(Lower("name")))
    rank = Value(0.0)
    for index, word in enumerate(wanted):
        needle = Unaccent(Lower(Value(word)))
        similarity = f"search_similarity_{index}"
        groups = groups.annotate(**{similarity: TrigramWordSimilarity(needle, "search_doc")})
        matches = Q(search_doc__contains=needle) | _in_language(word)
        if len(word) >= MIN_FUZZY_LENGTH:
            matches |= Q(**{f"{similarity}__gte": WORD_SIMILARITY})
        groups = groups.filter(matches)
        # A word found in the name counts twice: "Bayes club" before a group that
        # mentions Bayes in passing.
        rank = rank + F(similarity) + TrigramWordSimilarity(needle, "search_name")
    for word in unwanted:
        groups = groups.exclude(search_doc__contains=Unaccent(Lower(Value(word))))
    return groups.annotate(search_rank=rank)


def _search_substrings(groups, wanted, unwanted):
    def mentions(word):
        return (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(course__code__icontains=word)
            | Q(course__title__icontains=word)
            | Q(
                Exists(
                    StudyGroup.topics.through.objects.filter(
                        studygroup=OuterRef("pk"), interest__name__icontains=word
                    )
                )
            )
        )

    for word in wanted:
        groups = groups.filter(mentions(word) | _in_language(word))
    for word in unwanted:
        groups = groups.exclude(mentions(word))
    return groups
