"""The search's two languages: the text-search configurations, French and English with
accents folded (created by migration 0001, which keeps their names as they were then),
and how the language of an offer's text is told (the design: `tremplin.offers.search`).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery

FRENCH = "tremplin_fr"
ENGLISH = "tremplin_en"


def written_in(text: str) -> str:
    """SQL of the configuration to analyse the SQL expression `text` with: English when it
    reads like English and not like French, French otherwise."""
    return (
        f"(CASE WHEN {text} ~* '\\m(the|and|you|with|our)\\M'"
        f" AND {text} !~* '\\m(les|des|vous|avec|nous)\\M'"
        f" THEN '{ENGLISH}' ELSE '{FRENCH}' END)::regconfig"
    )


def text_query(q: str) -> SearchQuery:
    """The words as people type them (quotes, or, -exclusion), in French or in English."""
    return SearchQuery(q, config=FRENCH, search_type="websearch") | SearchQuery(
        q, config=ENGLISH, search_type="websearch"
    )


def ranked_against(vector: str) -> str:
    """SQL of the relevance of the SQL vector `vector` to the words, given twice as
    parameters (once per language), as `text_query` reads them."""
    return (
        f"ts_rank({vector}, websearch_to_tsquery('{FRENCH}', %s)"
        f" || websearch_to_tsquery('{ENGLISH}', %s))"
    )
