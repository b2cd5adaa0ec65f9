"""The offer search: full-text in French and English, filters and facet counts, bounded
whatever the query. This docstring is the one place where its design is explained; the
modules, the migrations, the README and `bench_search` refer to it.

The modules:

- `projection`: `OfferIndex`, the table the search reads, its partitions, `RECENT_DAYS`;
- `language`: the two text-search configurations and how an offer's language is told;
- `indexing`: keeps the projection in step with the offers (`reindex`, `unindex`, `age`);
- `filters`: every filter, declared once (`FILTERS`);
- `form`: the query string read into `Criteria`, and the filters as the page shows them;
- `query`: the SQL of the search, its `Criteria` and its `Results`.

Nothing is imported here: `offers.models` imports the projection, which must not pull in
the code that reads the offers.

**Why a projection.** The offers table is wide (descriptions of about 1,500 characters,
moderation columns). The search reads `OfferIndex` instead: one row per published offer,
its text vector and the columns that the filters, the facets and the targeting need.
The vector weighs the title (A, analysed in French and in English), the organisation (B),
the description and the profile sought (C, analysed in the language they are written in:
analysing a French text as English too would double the vector for nothing); accents are
folded, so "developpeur" finds "Développeurs". The vector is stored in line, uncompressed
(migration 0003): the search checks it row by row, and out of line each row would cost a
second read.

**At most 501 candidates.** The search gathers at most `CAP` + 1 (501) matches, the
newest first, in one statement. With `CAP` or fewer, the count and the facet counts are
exact; beyond, the page says "more than 500, the 500 most recent are shown" and the facets
count those. Relevance ranks these candidates only, reading their vectors by their key,
never those of every match; then the page's 20 offers are read in full from the offers
table.

**Without words**, the projection's indexes hold the offers newest first: on the
publication date, and on (column, publication date) for the type, the département, the
remote work, the level, the domain and the organisation. PostgreSQL walks the one that
suits and stops after `CAP` + 1.

**With words**, the text index finds the matches, but a broad word ("stage") matches tens
of thousands of offers. So the projection is partitioned in two on `recent`: the offers
published in the last `RECENT_DAYS` (14) days, and the others; the recent partition's
indexes are a fraction of the whole (a fifth on the large demo data). The statement is a
UNION ALL of windows of publication date, each under a LIMIT: the last day, the three days
before, the rest of the fortnight (these three in the recent partition), then everything
older. PostgreSQL runs the branches in order and stops as soon as `CAP` + 1 are found: a
broad query stops in the first window, a narrow one reads every window, each cheaply.

**The hourly job.** `recent` is set when an offer is written. An offer that ages stays in
the recent partition until `indexing.age`, which the worker runs every hour
(`offers.tasks.age_offer_index`), moves it to the other one; meanwhile the last window,
which takes every offer published before the fortnight from both partitions, still finds
it, once.

**The key.** A partitioned table's unique keys must hold its partition key, so the
projection's primary key is (offer, recent) (migration 0005), and the model declares it
so (a `CompositePrimaryKey`; migration 0006 changes nothing in the database). The offer is
therefore a foreign key, not a one-to-one field: no key of the database keeps an offer to
one row; `indexing.reindex` does.
"""
