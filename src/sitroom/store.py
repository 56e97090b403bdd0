"""The DuckDB store: schema and migrations, writes, and the queries the CLI and export need.

Only the runners, the CLI and the export touch the store; stages never do. Articles are keyed
by origin (the absolute path, or path#record for JSON): re-running the same input adds nothing,
and a changed input replaces its article in place (its id, derived from the origin, stays).

A store can also be a directory of Parquet files, one per table (``TABLE.parquet``, as
``write_parquet`` leaves them after a Ray run): opened read-only, its tables are DuckDB views
over the files, so every read below works on it unchanged.
"""

from __future__ import annotations

import json
from collections import Counter
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any, TypeVar

import duckdb

from sitroom.link import LinkUpdates
from sitroom.records import Actor, Article, Failure, content_hash, stable_id
from sitroom.tables import BY_NAME, PER_ARTICLE, Table

# Each migration moves the schema from version N-1 to N; the store applies the missing ones in order.
MIGRATIONS: list[list[str]] = [
    [  # 1: articles, runs, failures
        """CREATE TABLE runs (
            id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, inputs VARCHAR[],
            articles_new INTEGER DEFAULT 0, articles_updated INTEGER DEFAULT 0, articles_unchanged INTEGER DEFAULT 0,
            failures INTEGER DEFAULT 0, version VARCHAR)""",
        """CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, origin VARCHAR UNIQUE NOT NULL, url VARCHAR, outlet VARCHAR, title VARCHAR,
            author VARCHAR, published DATE, published_from VARCHAR, published_note VARCHAR, page_date DATE,
            text VARCHAR NOT NULL, kept_lines INTEGER[], dropped_lines INTEGER[], title_line INTEGER,
            content_hash VARCHAR NOT NULL, text_hash VARCHAR NOT NULL, duplicate_of VARCHAR, story VARCHAR,
            pipeline_key VARCHAR, run VARCHAR, created TIMESTAMP, updated TIMESTAMP)""",
        "CREATE INDEX articles_text_hash ON articles (text_hash)",
        """CREATE TABLE failures (
            run VARCHAR, origin VARCHAR, stage VARCHAR, error VARCHAR, recorded TIMESTAMP)""",
    ],
    [  # 2: what the nlp stages find in each article
        """CREATE TABLE actors (
            id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR, country VARCHAR, org VARCHAR, role VARCHAR,
            sector VARCHAR, aliases VARCHAR[])""",
        """CREATE TABLE mentions (
            article VARCHAR NOT NULL, "start" INTEGER, "end" INTEGER, text VARCHAR, label VARCHAR, actor VARCHAR)""",
        """CREATE TABLE quotes (
            id VARCHAR PRIMARY KEY, article VARCHAR NOT NULL, "start" INTEGER, "end" INTEGER, text VARCHAR,
            kind VARCHAR, speaker VARCHAR, speaker_text VARCHAR, cue VARCHAR, speaker_start INTEGER,
            speaker_end INTEGER, cue_start INTEGER, cue_end INTEGER)""",
        """CREATE TABLE timexes (
            id VARCHAR PRIMARY KEY, article VARCHAR NOT NULL, "start" INTEGER, "end" INTEGER, text VARCHAR,
            type VARCHAR, value VARCHAR, anchor VARCHAR)""",
    ],
    [  # 3: what the link stage decides across articles
        "ALTER TABLE articles ADD COLUMN family VARCHAR",
        """CREATE TABLE stories (
            id VARCHAR PRIMARY KEY, label VARCHAR, articles VARCHAR[], first_date DATE, last_date DATE)""",
    ],
    [  # 4: events, and the happenings their reports tell of
        """CREATE TABLE events (
            id VARCHAR PRIMARY KEY, article VARCHAR, sentence VARCHAR, "start" INTEGER, "end" INTEGER,
            trigger INTEGER[], type VARCHAR, mode VARCHAR, cameo VARCHAR, intensity DOUBLE, source VARCHAR[],
            target VARCHAR[], source_spans INTEGER[][], target_spans INTEGER[][], date VARCHAR, date_from VARCHAR,
            date_source VARCHAR, timex VARCHAR, negated BOOLEAN, modality VARCHAR, claimed_by VARCHAR,
            location VARCHAR, location_country VARCHAR, confidence DOUBLE, cluster VARCHAR,
            source_unresolved INTEGER[][], target_unresolved INTEGER[][])""",
        "CREATE INDEX events_article ON events (article)",
        """CREATE TABLE clusters (
            id VARCHAR PRIMARY KEY, type VARCHAR, source VARCHAR[], target VARCHAR[], date VARCHAR,
            date_support INTEGER, events VARCHAR[], articles VARCHAR[], outlets VARCHAR[], first_report VARCHAR,
            story VARCHAR)""",
    ],
    [  # 5: how an actor's country is known
        "ALTER TABLE actors ADD COLUMN country_from VARCHAR",
    ],
    [  # 6: what the link stage compares each article by (the next link pass fills it for stored articles)
        """CREATE TABLE link_features (
            article VARCHAR NOT NULL, words INTEGER, sentences INTEGER, shingles BLOB, vocabulary BLOB,
            shingle_signature BLOB, vocabulary_signature BLOB, terms VARCHAR)""",
    ],
]

# Rows of original articles only: a copy (a duplicate, or another member of a syndication family)
# adds a report of its family's representative, not records of its own.
ORIGINALS = "article IN (SELECT id FROM articles WHERE family IS NULL OR family = id)"
# Each representative's copies, as the outlets (or origins) that also reported it.
REPORTS = """SELECT family AS original, list(coalesce(outlet, origin) ORDER BY origin) AS reports
             FROM articles WHERE family <> id GROUP BY family"""


@dataclass(slots=True)
class Listing:
    rows: list[dict[str, Any]]
    undated_left_out: int = 0  # records a date filter left out because their date is unknown


# What DuckDB may hold in memory where sitroom writes the store or the link pass reads it, rather
# than its default (most of the machine's memory). Past it DuckDB drops the blocks it cached (at
# 10,000 articles the runner held 115 MB of them by the end of the batches) and spills large
# operations to disk; a transaction that needs more still runs (``Store._transaction``).
DUCKDB_MEMORY = "64MB"
T = TypeVar("T")
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in .*?\(PID (\d+)\)")


class StoreError(Exception):
    """The database cannot be opened or written; the message says which file and why."""


def _writer_lock(path: Path, wait: float) -> IO[str] | None:
    """A lock file beside the database, held while a writer has it open, also while it has released
    the database to the link process (``Store.released``): DuckDB's own lock goes with the connection.
    None where the system has no ``flock`` (Windows), where DuckDB's lock is all there is."""
    try:
        import fcntl
    except ImportError:
        return None
    handle = open(path.with_name(f".{path.name}.lock"), "a")  # hidden: a folder's walk for inputs skips it
    for last in _attempts(wait):
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except OSError:
            if last:
                handle.close()
                raise StoreError(f"{path}: another process (a running `sitroom run`?) is writing the database; "
                                 f"try again when it has finished") from None


def _attempts(wait: float) -> Iterator[bool]:
    """Before each attempt to take something another process holds, whether it is the last: attempts
    a quarter of a second apart, the last once ``wait`` seconds have passed (the caller stops)."""
    deadline = time.monotonic() + wait
    while True:
        yield time.monotonic() >= deadline
        time.sleep(0.25)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Store:
    def __init__(self, path: str | Path, read_only: bool = False, wait: float = 0.0) -> None:
        """Open (a writer: create or upgrade) the database. ``wait`` is how many seconds to wait
        for another process that holds it, such as a running ``sitroom run``."""
        self.path = Path(path)
        self.read_only = read_only
        self.memory_limit: str | None = DUCKDB_MEMORY  # None once a transaction needed DuckDB's default
        self._writer_lock: IO[str] | None = None
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such database; run `sitroom run PATH --db {self.path}` first")
        if self.path.is_dir():
            if not read_only:
                raise StoreError(f"{self.path}: a directory (of Parquet files?) opens read-only; "
                                 f"pick a database file to write")
            self.con = self._parquet_views(self.path)
            return
        if not read_only:
            self._writer_lock = _writer_lock(self.path, wait)
        self.con = self._connect(read_only, wait)
        if not read_only:
            self._migrate()
            return
        version = self.schema_version()
        if version == 0:
            self.con.close()
            raise StoreError(f"{self.path}: not a sitroom database (it has no sitroom tables); "
                             f"check the path, or create it with `sitroom run PATH --db {self.path}`")
        if version < len(MIGRATIONS):  # written by an older sitroom: bring it up to date first
            self.con.close()
            Store(self.path).close()
            self.con = duckdb.connect(str(self.path), read_only=True)

    def _connect(self, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
        for last in _attempts(wait):
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                if not read_only and self.memory_limit:
                    con.execute(f"SET memory_limit = '{self.memory_limit}'")
                return con
            except (duckdb.Error, OSError) as exc:
                holder = _LOCK_HOLDER.search(str(exc))
                if holder is None:
                    raise StoreError(f"{self.path}: cannot open the database ({exc}); check the path") from None
                if last:
                    raise StoreError(f"{self.path}: another process (PID {holder.group(1)}, a running `sitroom run`?) "
                                     f"is writing the database; try again when it has finished") from None

    @staticmethod
    def _parquet_views(folder: Path) -> duckdb.DuckDBPyConnection:
        files = sorted(folder.glob("*.parquet"))
        if not any(f.stem == "schema_version" for f in files):
            raise StoreError(f"{folder}: not a sitroom Parquet directory (no schema_version.parquet); "
                             f"write one with `sitroom run --engine ray`")
        con = duckdb.connect()
        for file in files:
            if re.fullmatch(r"[a-z_]+", file.stem):
                location = str(file.resolve()).replace("'", "''")
                con.execute(f"CREATE VIEW {file.stem} AS SELECT * FROM read_parquet('{location}')")
        return con

    def write_parquet(self, folder: Path) -> None:
        """Every table as ``FOLDER/TABLE.parquet`` (replacing what is there): the store as files
        that ``Store(FOLDER, read_only=True)`` opens."""
        folder.mkdir(parents=True, exist_ok=True)
        tables = [name for (name,) in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        ).fetchall()]
        for name in tables:
            location = str(folder / f"{name}.parquet").replace("'", "''")
            # A table's row group is written whole: at 10,000 articles the articles' took more than the writer keeps to.
            self._within_memory(lambda: self.con.execute(f"COPY (SELECT * FROM {name}) TO '{location}' (FORMAT parquet)"))

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()
        if self._writer_lock is not None:
            self._writer_lock.close()

    @contextmanager
    def released(self, wait: float = 600.0) -> Iterator[None]:
        """The database closed for the block, so that another process may open it (the link pass
        runs in a process of its own), then opened again; ``wait``: how many seconds to wait for a
        reader that opened it meanwhile (``serve``, ``export``) to let go. A writer keeps its lock
        file meanwhile (``_writer_lock``): no other writer gets in."""
        if self.path.is_dir():
            raise StoreError(f"{self.path}: a Parquet directory is read-only; there is nothing to release")
        self.con.close()
        try:
            yield
        except BaseException:
            with suppress(StoreError):  # the block's error is the one to report
                self.con = self._connect(self.read_only, 0)
            raise
        self.con = self._connect(self.read_only, wait)

    def scan_lightly(self) -> None:
        """For a reader that goes through each table once and keeps what it needs itself (the link
        pass): DuckDB reads on one thread and keeps at most ``DUCKDB_MEMORY`` of what it read (by
        default, at 10,000 articles, it held 60 MB of blocks nothing read again)."""
        self.con.execute("SET threads = 1")
        self.con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")

    def _transaction(self, body: Callable[[], T]) -> T:
        """``body`` in one transaction, rolled back if it fails (and run again if it needed more memory)."""
        result = self._within_memory(lambda: self._rolled_back_on_error(body))
        # Not retried: a commit that fails ends the transaction itself, and its error is raised as it is.
        self.con.execute("COMMIT")
        return result

    def _within_memory(self, body: Callable[[], T]) -> T:
        """``body``; one that runs out of the memory the writer keeps to (``DUCKDB_MEMORY``) runs
        again, and this store keeps DuckDB's default limit from then on."""
        try:
            return body()
        except duckdb.OutOfMemoryException:
            if self.memory_limit is None:
                raise
            self.memory_limit = None
            self.con.execute("RESET memory_limit")
            return body()

    def _rolled_back_on_error(self, body: Callable[[], T]) -> T:
        self.con.execute("BEGIN")
        try:
            return body()
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ schema

    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'").fetchone()[0]
        if not exists:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def _migrate(self) -> None:
        current = self.schema_version()
        if current == 0 and self.con.execute("SELECT count(*) FROM information_schema.tables").fetchone()[0]:
            self.con.close()
            raise StoreError(f"{self.path}: a DuckDB file with other tables, not a sitroom database; "
                             f"pick another --db")
        if current > len(MIGRATIONS):
            raise StoreError(f"{self.path}: written by a newer sitroom (schema {current}, this one knows "
                             f"{len(MIGRATIONS)}); upgrade sitroom")
        if current == len(MIGRATIONS):
            return

        def migrate() -> None:
            self.con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER, applied TIMESTAMP)")
            for version, statements in enumerate(MIGRATIONS[current:], start=current + 1):
                for statement in statements:
                    self.con.execute(statement)
                self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])

        self._transaction(migrate)

    # ------------------------------------------------------------------ runs and failures

    def start_run(self, inputs: list[str], version: str) -> str:
        started = _now()
        run_id = stable_id(started.isoformat(), *inputs, length=12)
        self.con.execute("INSERT INTO runs (id, started, inputs, version) VALUES (?, ?, ?, ?)",
                         [run_id, started, inputs, version])
        return run_id

    def finish_run(self, run_id: str, new: int, updated: int, unchanged: int, failures: int) -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, articles_new = ?, articles_updated = ?, articles_unchanged = ?, failures = ? "
            "WHERE id = ?", [_now(), new, updated, unchanged, failures, run_id])

    def add_failures(self, run_id: str, failures: Iterable[Failure]) -> None:
        rows = [[run_id, f.origin, f.stage, f.error, _now()] for f in failures]
        if rows:
            self.con.executemany("INSERT INTO failures VALUES (?, ?, ?, ?, ?)", rows)

    # ------------------------------------------------------------------ articles

    def known_hashes(self, origins: list[str]) -> dict[str, tuple[str, str | None]]:
        """origin -> (content hash, pipeline key), for the origins already stored."""
        if not origins:
            return {}
        rows = self.con.execute("SELECT origin, content_hash, pipeline_key FROM articles "
                                "WHERE origin IN (SELECT unnest(?))", [origins]).fetchall()
        return {origin: (digest, key) for origin, digest, key in rows}

    def hashes_under(self, pipeline_key: str) -> dict[str, str]:
        """origin -> content hash, for every article stored with this pipeline key."""
        return dict(self.con.execute("SELECT origin, content_hash FROM articles WHERE pipeline_key = ?",
                                     [pipeline_key]).fetchall())

    def save_articles(self, items: Sequence[tuple[Article, Mapping[str, Sequence[Any]], Sequence[Actor]]],
                      run_id: str, pipeline_key: str = "") -> list[str]:
        """Insert or replace each article for its origin, with the rows the stages made of it
        (per-article table name -> records) and the actors they refer to; one transaction for them
        all. ``pipeline_key`` names what made them (version, actor dictionary), so a run
        with another one reprocesses. Links between articles (duplicates, stories) are the link
        stage's, written by ``apply_links`` after the run. Returns "new" or "updated" per article."""
        if not items:
            return []
        articles = BY_NAME["articles"]
        origins = [article.origin for article, _, _ in items]
        created = self._created(origins)
        now = _now()
        article_rows, per_table = [], {}
        for article, records, _ in items:
            article_rows.append([getattr(article, name) for name in articles.fields]
                                + [content_hash(article.text), pipeline_key, run_id, created.get(article.origin, now), now])
            for table, rows in records.items():
                per_table.setdefault(table, []).extend(rows)

        def insert() -> None:
            self._insert_rows("INSERT INTO articles", articles.fields + list(articles.bookkeeping), article_rows)
            self._upsert_actors(_merged(actor for _, _, article_actors in items for actor in article_actors))
            for name, rows in per_table.items():
                if "id" in BY_NAME[name].fields:  # one row per id: the last one found wins
                    rows = list({row.id: row for row in rows}.values())
                self._insert_records(name, rows)

        self._replace_articles(origins, [article.id for article, _, _ in items if article.origin in created], insert)
        return ["updated" if origin in created else "new" for origin in origins]

    def load_articles(self, folders: Sequence[Path], run_id: str, pipeline_key: str = "") -> list[str]:
        """What ``save_articles`` does, for the records Ray units wrote as Parquet files
        (``FOLDER/TABLE.parquet``, as ``runners.units.write_unit`` writes them), the folders' in
        turn: DuckDB reads the files straight into the tables, with no Python records in between.
        Returns "new" or "updated" per article, in the files' order."""
        def rows_of(table: str) -> str:
            """The table's rows from every folder, with ``place``: their place in all of them."""
            reads = []
            for unit, folder in enumerate(folders):
                location = str(folder / f"{table}.parquet").replace("'", "''")
                reads.append(f"SELECT *, {unit << 32} + file_row_number AS place "
                             f"FROM read_parquet('{location}', file_row_number = true)")
            return f"({' UNION ALL '.join(reads)})"

        if not folders:
            return []
        stored = self.con.execute(f"SELECT origin, id FROM {rows_of('articles')} ORDER BY place").fetchall()
        if not stored:
            return []
        origins = [origin for origin, _ in stored]
        created = self._created(origins)
        articles = BY_NAME["articles"]

        def insert() -> None:
            names = _column_list(articles.fields + list(articles.bookkeeping))
            picked = ", ".join([f'p."{n}"' for n in articles.fields]
                               + ["sha256(p.text)", "$key", "$run", "coalesce(c.created, $now)", "$now"])
            self.con.execute(
                f"""INSERT INTO articles ({names}) SELECT {picked} FROM {rows_of('articles')} p
                    LEFT JOIN (SELECT unnest($origins) AS origin, unnest($created) AS created) c USING (origin)
                    ORDER BY p.place""",
                {"key": pipeline_key, "run": run_id, "now": _now(), "origins": list(created),
                 "created": list(created.values())})
            actor_fields = [f.name for f in fields(Actor)]
            cursor = self.con.execute(f"SELECT {_column_list(actor_fields)} FROM {rows_of('actors')} ORDER BY place")
            self._upsert_actors(_merged(Actor(**dict(zip(actor_fields, row))) for row in cursor.fetchall()))
            for table in PER_ARTICLE:
                columns = _column_list(table.fields)
                if "id" in table.fields:  # one row per id: the last one found wins, where the first one stood
                    self.con.execute(f"""INSERT INTO {table.name} ({columns}) SELECT {columns} FROM (
                        SELECT *, max(place) OVER (PARTITION BY id) AS last,
                               min(place) OVER (PARTITION BY id) AS first FROM {rows_of(table.name)})
                        WHERE place = last ORDER BY first""")
                else:
                    self.con.execute(f"INSERT INTO {table.name} ({columns}) SELECT {columns} "
                                     f"FROM {rows_of(table.name)} ORDER BY place")

        self._replace_articles(origins, [article_id for origin, article_id in stored if origin in created], insert)
        return ["updated" if origin in created else "new" for origin in origins]

    def _created(self, origins: list[str]) -> dict[str, datetime]:
        """When each of these origins was first stored, for those stored before."""
        return dict(self.con.execute("SELECT origin, created FROM articles WHERE origin IN (SELECT unnest(?))",
                                     [origins]).fetchall())

    def _replace_articles(self, origins: list[str], replaced: list[str], insert: Callable[[], None]) -> None:
        """In one transaction: the rows of the articles stored before (``replaced``: their ids)
        deleted, then ``insert`` run."""
        def replace() -> None:
            if replaced:  # only articles stored before have rows to replace (each DELETE scans its whole table)
                self.con.execute("DELETE FROM articles WHERE origin IN (SELECT unnest(?))", [origins])
                for table in PER_ARTICLE:
                    self.con.execute(f"DELETE FROM {table.name} WHERE article IN (SELECT unnest(?))", [replaced])
            insert()

        self._transaction(replace)

    def apply_links(self, updates: LinkUpdates) -> int:
        """Write what the link stage decided: each article's duplicate, family, story (and a note
        where it has one), each event's cluster and date, and the stories and clusters (replacing
        the previous ones), and the features it had to read from texts (articles stored before
        they were); returns how many articles changed."""
        article_rows = [[article, links.duplicate_of, links.family, links.story, links.published_note]
                        for article, links in updates.articles.items()]
        event_rows = [[event, links.cluster, links.date, links.date_from, links.date_source]
                      for event, links in updates.events.items()]

        def write() -> int:
            self._stage("article_links", ["id", "duplicate_of", "family", "story", "published_note"], article_rows)
            changed = self.con.execute(
                """UPDATE articles SET duplicate_of = u.duplicate_of, family = u.family, story = u.story,
                          published_note = coalesce(u.published_note, articles.published_note)
                   FROM article_links u WHERE articles.id = u.id
                   AND (articles.duplicate_of IS DISTINCT FROM u.duplicate_of OR articles.family IS DISTINCT FROM u.family
                        OR articles.story IS DISTINCT FROM u.story
                        OR coalesce(u.published_note, articles.published_note) IS DISTINCT FROM articles.published_note)
                """).fetchone()
            self._stage("event_links", ["id", "cluster", "date", "date_from", "date_source"], event_rows)
            # Only the events whose links changed: the same result, and DuckDB took 0.4-3 s to write
            # 40,000 events' links unfiltered, where it took 0.02 s to find and write the changed ones.
            self.con.execute("""UPDATE events SET cluster = u.cluster, date = u.date, date_from = u.date_from,
                                       date_source = u.date_source FROM event_links u WHERE events.id = u.id
                                AND (events.cluster IS DISTINCT FROM u.cluster OR events.date IS DISTINCT FROM u.date
                                     OR events.date_from IS DISTINCT FROM u.date_from
                                     OR events.date_source IS DISTINCT FROM u.date_source)""")
            for name, records in (("stories", updates.stories), ("clusters", updates.clusters)):
                self.con.execute(f"DELETE FROM {name}")
                self._insert_records(name, records)
            self._insert_records("link_features", updates.features)
            return int(changed[0]) if changed else 0

        return self._transaction(write)

    def _stage(self, name: str, columns: list[str], rows: list[list[Any]]) -> None:
        """A temporary table of rows to update another table from (one statement instead of one per row)."""
        self.con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({', '.join(f'{c} VARCHAR' for c in columns)})")
        self.con.execute(f"DELETE FROM {name}")
        self._insert_rows(f"INSERT INTO {name}", columns, rows)

    def timexes_of_events(self) -> dict[str, Any]:
        """The time expressions that date events (timex id -> Timex)."""
        table = BY_NAME["timexes"]
        columns = ", ".join(f't."{n}"' for n in table.fields)
        rows = self.con.execute(f"SELECT {columns} FROM timexes t WHERE t.id IN (SELECT timex FROM events)").fetchall()
        return {row[0]: table.record(*row) for row in rows}

    def first_stored(self) -> dict[str, str]:
        """Article id -> when it was first stored, as YYYYMMDDHHMMSS."""
        return {article: created.strftime("%Y%m%d%H%M%S")
                for article, created in self.con.execute("SELECT id, created FROM articles").fetchall()}

    def actor_names(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT id, name FROM actors").fetchall())

    def mention_texts(self) -> frozenset[str]:
        return frozenset(t for (t,) in self.con.execute("SELECT DISTINCT text FROM mentions WHERE actor IS NOT NULL").fetchall())

    def actor_counts(self) -> dict[str, Counter]:
        """Article id -> actor id -> how many mentions of it the article has."""
        counts: dict[str, Counter] = {}
        cursor = self.con.execute("SELECT article, actor, count(*) FROM mentions WHERE actor IS NOT NULL GROUP BY ALL")
        while batch := cursor.fetchmany(10_000):
            for article, actor, n in batch:
                # One copy of each actor id, however many articles name it.
                counts.setdefault(article, Counter())[sys.intern(actor)] = n
        return counts

    def _insert_rows(self, insert: str, columns: list[str], rows: list[list[Any]], suffix: str = "") -> None:
        """All rows in one statement from an Arrow table, which DuckDB reads column by column
        (binding each value as a parameter cost more than the rest of a batch's writes)."""
        if not rows:
            return
        import pyarrow as pa  # here, not at the top: reading commands never insert

        names = _column_list(columns)
        staged = pa.table({f"c{i}": pa.array([row[i] for row in rows]) for i in range(len(columns))})
        self.con.register("_staged_rows", staged)
        try:
            picked = ", ".join(f"c{i}" for i in range(len(columns)))
            self.con.execute(f"{insert} ({names}) SELECT {picked} FROM _staged_rows {suffix}")
        finally:
            self.con.unregister("_staged_rows")

    def _insert_records(self, table: str, records: Sequence[Any]) -> None:
        """Records (of the table's record class) as new rows of the table."""
        names = BY_NAME[table].fields
        self._insert_rows(f"INSERT INTO {table}", names, [[getattr(record, n) for n in names] for record in records])

    def _upsert_actors(self, actors: Iterable[Actor]) -> None:
        """Actors are shared by articles: a later article may know more about one (a role, a
        country), so known values are kept, gaps filled, and aliases merged."""
        rows = [[a.id, a.name, a.kind, a.country, a.org, a.role, a.sector, sorted(a.aliases), a.country_from]
                for a in actors]
        self._insert_rows("INSERT INTO actors",
                          ["id", "name", "kind", "country", "org", "role", "sector", "aliases", "country_from"],
                          rows, suffix="""ON CONFLICT (id) DO UPDATE SET
                   kind = coalesce(actors.kind, excluded.kind), country = coalesce(actors.country, excluded.country),
                   country_from = CASE WHEN actors.country IS NULL THEN excluded.country_from
                                       ELSE actors.country_from END,
                   org = coalesce(actors.org, excluded.org), role = coalesce(actors.role, excluded.role),
                   sector = coalesce(actors.sector, excluded.sector),
                   aliases = list_sort(list_distinct(list_concat(actors.aliases, excluded.aliases)))""")

    def count(self, table: str) -> int:
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def iter_rows(self, query: str, params: list[Any] | None = None) -> Iterator[dict[str, Any]]:
        cursor = self.con.execute(query, params or [])
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(1000):
            for row in batch:
                yield dict(zip(names, row))

    def records(self, table: str | Table, order: str | None = None, originals_only: bool = True,
                stand_ins: Mapping[str, Any] | None = None, ids: Sequence[str] | None = None) -> Iterator[Any]:
        """The rows of a table as its records (dataclasses), in the table's listing order
        (``order``, an ORDER BY clause of column names, overrides it). Rows that belong to a
        duplicate article are left out unless ``originals_only`` is false; ``order=""`` reads
        them in no particular order (without sorting the whole table first). ``stand_ins``
        (field -> value) are fields not read: every record carries the value given instead.
        ``ids``: only the records with these ids."""
        table = BY_NAME[table] if isinstance(table, str) else table
        stand_ins = stand_ins or {}
        names = [n for n in table.fields if n not in stand_ins]
        columns = _column_list(names)
        conditions = [ORIGINALS] if table.per_article and originals_only else []
        if ids is not None:
            conditions.append("id IN (SELECT unnest($ids))")
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        order = table.order if order is None else order
        cursor = self.con.execute(f"SELECT {columns} FROM {table.name} {where} {'ORDER BY ' + order if order else ''}",
                                  {"ids": list(ids)} if ids is not None else None)
        while batch := cursor.fetchmany(1000):
            for row in batch:
                yield table.record(**{n: _from_db(v) for n, v in zip(names, row)}, **stand_ins)

    def texts_of(self, article_ids: Iterable[str], block: int = 1000) -> Iterator[tuple[str, str]]:
        """(id, text) of the stored articles with these ids, in no particular order: one query per
        ``block`` ids (a query per text took some 0.6 ms), each block read whole before it is handed on."""
        ids = list(article_ids)
        for start in range(0, len(ids), block):
            yield from self.con.execute("SELECT id, text FROM articles WHERE id IN (SELECT unnest($ids))",
                                        {"ids": ids[start:start + block]}).fetchall()

    def columns(self, table: str) -> list[str]:
        """The table's columns in the order they were created."""
        return [name for (name,) in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall()]

    def actors_with_counts(self, kind: str | None = None, country: str | None = None) -> list[dict[str, Any]]:
        """Actors with their mentions and articles, counting each story once (not its duplicates)."""
        where, params = [], []
        if kind:
            where.append("a.kind = ?"), params.append(kind)
        if country:
            where.append("a.country = ?"), params.append(country.upper())
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return list(self.iter_rows(
            f"""SELECT a.*, count(m.actor) AS mentions, count(DISTINCT m.article) AS articles
                FROM actors a LEFT JOIN (SELECT * FROM mentions WHERE {ORIGINALS}) m ON m.actor = a.id {clause}
                GROUP BY ALL ORDER BY mentions DESC, a.name""", params))

    def quotes_listing(self, speaker: str | None = None, actor: str | None = None, since: str | None = None,
                       include_undated: bool = False, until: str | None = None) -> Listing:
        """Quotes of original articles (a duplicate's are its original's), with the outlets of the
        copies as further reports. With ``since``, quotes of undated articles are left out unless
        ``include_undated``, and the listing says how many."""
        where, params = [f"q.{ORIGINALS}"], []
        if speaker:
            where.append("(q.speaker_text ILIKE ? OR a.name ILIKE ?)"), params.extend([f"%{speaker}%"] * 2)
        if actor:
            where.append("q.speaker = ?"), params.append(actor)
        query = f"""SELECT q.*, a.name AS speaker_name, ar.outlet, ar.published, ar.title, ar.url,
                           r.reports AS also_reported_by
                    FROM quotes q JOIN articles ar ON ar.id = q.article LEFT JOIN actors a ON a.id = q.speaker
                    LEFT JOIN ({REPORTS}) r ON r.original = q.article"""
        return self._dated_listing(query, where, params, "ar.published", since, include_undated,
                                   'ar.published NULLS LAST, q.article, q."start"', until)

    def _dated_listing(self, query: str, where: list[str], params: list[Any], date_column: str, since: str | None,
                       include_undated: bool, order: str, until: str | None = None) -> Listing:
        """The rows of ``query`` under ``where``; with ``since`` and/or ``until`` (days, inclusive)
        only rows dated within them, and rows with no date are left out (and counted) unless
        ``include_undated``."""
        undated = 0
        bounds = [(">=", since), ("<=", until)]
        if since or until:
            if not include_undated:
                undated = self.con.execute(f"SELECT count(*) FROM ({query} WHERE {' AND '.join(where)} "
                                           f"AND {date_column} IS NULL)", params).fetchone()[0]
            for operator, day in bounds:
                if day:
                    where = where + [f"({date_column} {operator} CAST(? AS DATE)"
                                     + (f" OR {date_column} IS NULL)" if include_undated else ")")]
                    params = params + [day]
        rows = list(self.iter_rows(f"{query} WHERE {' AND '.join(where)} ORDER BY {order}", params))
        return Listing(rows, int(undated))

    def articles_listing(self, since: str | None = None, until: str | None = None, outlet: str | None = None,
                         include_undated: bool = False) -> Listing:
        """Every article with how its date was found and its quotes and events (a copy's records
        are its representative's: ``copy_of`` names it and its own counts are left empty)."""
        where, params = ["TRUE"], []
        if outlet:
            where.append("ar.outlet ILIKE ?"), params.append(outlet)
        query = """SELECT ar.id, ar.title, ar.outlet, ar.published, ar.published_from, ar.published_note,
                          ar.page_date, ar.url, ar.origin, ar.story,
                          CASE WHEN ar.family IS NOT NULL AND ar.family <> ar.id THEN ar.family
                               ELSE ar.duplicate_of END AS copy_of,
                          q.n AS quotes, e.n AS events, len(ar.kept_lines) AS kept_lines,
                          len(ar.dropped_lines) AS dropped_lines
                   FROM articles ar
                   LEFT JOIN (SELECT article, count(*) AS n FROM quotes GROUP BY article) q ON q.article = ar.id
                   LEFT JOIN (SELECT article, count(*) AS n FROM events GROUP BY article) e ON e.article = ar.id"""
        query = f"SELECT * FROM ({query}) ar"
        listing = self._dated_listing(query, where, params, "ar.published", since, include_undated,
                                      "ar.published NULLS LAST, ar.origin", until)
        for row in listing.rows:
            if row["copy_of"]:
                row["quotes"] = row["events"] = None
            else:
                row["quotes"], row["events"] = row["quotes"] or 0, row["events"] or 0
        return listing

    def events_listing(self, sources: Sequence[str] = (), targets: Sequence[str] = (), type: str | None = None,
                       since: str | None = None, until: str | None = None, include_undated: bool = False) -> Listing:
        """Every report (event) of original articles; ``sources``/``targets`` are actor ids, of
        which the event must name one on that side."""
        where, params = [f"e.{ORIGINALS}"], []
        for column, ids in (("e.source", sources), ("e.target", targets)):
            if ids:
                where.append(f"list_has_any({column}, ?)"), params.append(list(ids))
        if type:
            where.append("e.type = ?"), params.append(type)
        query = """SELECT * FROM (SELECT e.*, TRY_CAST(e.date AS DATE) AS day, ar.title, ar.outlet, ar.url,
                                         ar.published FROM events e JOIN articles ar ON ar.id = e.article) e"""
        return self._dated_listing(query, where, params, "e.day", since, include_undated,
                                   'e.day DESC NULLS LAST, e.article, e."start", e.id', until)

    def clusters_listing(self, source: str | None = None, target: str | None = None, type: str | None = None,
                         since: str | None = None, until: str | None = None, include_undated: bool = False) -> Listing:
        """Every happening (event cluster), dated by its reports (``date_how`` = text) or else by
        its first report's publication (``reported``), with whether it is negated (a happening
        denied or said not to have happened); ``source``/``target`` are actor ids at the level
        clusters keep (countries and organisations without their sector)."""
        where, params = ["TRUE"], []
        for column, actor in (("c.source", source), ("c.target", target)):
            if actor:
                where.append(f"list_contains({column}, ?)"), params.append(actor)
        if type:
            where.append("c.type = ?"), params.append(type)
        query = """SELECT * FROM (
                     SELECT c.*, coalesce(TRY_CAST(c.date AS DATE), fr.published) AS day,
                            CASE WHEN TRY_CAST(c.date AS DATE) IS NOT NULL THEN 'text'
                                 WHEN fr.published IS NOT NULL THEN 'reported' END AS date_how,
                            fr.title AS first_title, fr.outlet AS first_outlet, e.sentence,
                            e.negated  -- the same for every report of a happening
                     FROM clusters c LEFT JOIN articles fr ON fr.id = c.first_report
                     LEFT JOIN events e ON e.id = c.events[1]) c"""
        return self._dated_listing(query, where, params, "c.day", since, include_undated,
                                   "c.day DESC NULLS LAST, len(c.events) DESC, c.id", until)

    def counts(self) -> dict[str, int]:
        """How many of each record the store holds, counting copies' records once."""
        one = lambda query: int(self.con.execute(query).fetchone()[0])  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "copies": one("SELECT count(*) FROM articles WHERE family IS NOT NULL AND family <> id "
                          "OR duplicate_of IS NOT NULL"),
            "undated_articles": one("SELECT count(*) FROM articles WHERE published IS NULL"),
            "actors": one("SELECT count(*) FROM actors"),
            "quotes": one(f"SELECT count(*) FROM quotes WHERE {ORIGINALS}"),
            "unresolved_speakers": one(f"SELECT count(*) FROM quotes WHERE speaker IS NULL AND {ORIGINALS}"),
            "events": one(f"SELECT count(*) FROM events WHERE {ORIGINALS}"),
            "clusters": one("SELECT count(*) FROM clusters"),
            "stories": one("SELECT count(*) FROM stories"),
            "failures": one("SELECT count(*) FROM failures"),
        }

    def failures(self, run_id: str | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE run = ?", [run_id]) if run_id else ("", [])
        return list(self.iter_rows(f"SELECT * FROM failures {where} ORDER BY recorded", params))


def _column_list(names: Iterable[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def _merged(actors: Iterable[Actor]) -> list[Actor]:
    """A batch's actors, one per id, in the order first seen, each sighting merged into the first."""
    merged: dict[str, Actor] = {}
    for actor in actors:
        merged[actor.id] = _merge_actor(merged.get(actor.id), actor)
    return list(merged.values())


def _merge_actor(known: Actor | None, new: Actor) -> Actor:
    """Two sightings of one actor in a batch: the first known value of each field, all aliases."""
    if known is None:
        return new
    merged = Actor(**{f.name: getattr(known, f.name) if getattr(known, f.name) is not None else getattr(new, f.name)
                      for f in fields(Actor)})
    merged.aliases = sorted(set(known.aliases) | set(new.aliases))
    return merged


def _from_db(value: Any) -> Any:
    """A DuckDB value as the records carry it: days as ISO strings."""
    return value.isoformat() if isinstance(value, date) and not isinstance(value, datetime) else value


def to_json_value(value: Any) -> Any:
    """DuckDB values to what JSON can carry (dates as ISO strings)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def dumps(row: dict[str, Any]) -> str:
    return json.dumps({k: to_json_value(v) for k, v in row.items()}, ensure_ascii=False)
