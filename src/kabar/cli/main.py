"""The ``kabar`` command: data on stdout (JSONL, CSV or a table), progress and logs on stderr."""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kabar.ingest import JsonlFields, ReadError, read_paths
from kabar.pipeline import Pipeline
from kabar.records import Article, ArticleRef, Event
from kabar.store import Store, default_db_url

err = Console(stderr=True)
log = logging.getLogger("kabar")


def _date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from exc


def _near(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[float, float, float] | None:
    if value is None:
        return None
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not LAT,LON,KM (e.g. 36.2,37.1,50)") from exc
    return lat, lon, km


def _fields(pairs: tuple[str, ...]) -> JsonlFields:
    fields = JsonlFields()
    for pair in pairs:
        key, sep, name = pair.partition("=")
        if not sep or not hasattr(fields, key):
            raise click.BadParameter(f"{pair!r}: expected KEY=NAME with KEY one of text, id, title, url, "
                                     "published, language, source")
        setattr(fields, key, name)
    return fields


input_options = [
    click.argument("paths", nargs=-1, required=True),
    click.option("--include", help="Only files whose name matches this glob (folders)."),
    click.option("--exclude", help="Skip files whose name matches this glob (folders)."),
    click.option("--field", "fields", multiple=True, metavar="KEY=NAME",
                 help="JSONL field names, e.g. --field text=body --field id=doc_id."),
    click.option("--published", callback=_date, help="Publication date YYYY-MM-DD for every article."),
    click.option("--lang", help="Language (ISO 639-1) for every article instead of detecting it."),
]


def with_input_options(fn):  # type: ignore[no-untyped-def]
    for option in reversed(input_options):
        fn = option(fn)
    return fn


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True, disable=not err.is_terminal)


def _process(paths: Iterable[str], include: str | None, exclude: str | None, fields: tuple[str, ...],
             published: dt.date | None, lang: str | None, stats: Counter,
             failures: list[ReadError]) -> Iterator[tuple[Article, list[Event]]]:
    """Read and code every article, recording failures without stopping the batch."""
    pipeline = Pipeline()
    for item in read_paths(paths, include=include, exclude=exclude, fields=_fields(fields)):
        stats["read"] += 1
        if isinstance(item, ReadError):
            stats["failed"] += 1
            failures.append(item)  # reported once, in the summary
            continue
        try:
            yield pipeline.process(item, published=published, lang=lang)
        except Exception as exc:  # one bad article must not stop the batch
            stats["failed"] += 1
            failures.append(ReadError(path=item.path or item.id, reason=f"coding failed: {exc!r}"))
            log.exception("coding failed for %s", item.path or item.id)


@click.group()
@click.option("--db", envvar="KABAR_DB", help="SQLite path or database URL (default: per-user data dir; env KABAR_DB).")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging on stderr.")
@click.version_option(package_name="kabar")
@click.pass_context
def main(ctx: click.Context, db: str | None, verbose: bool) -> None:
    """kabar: news articles in many languages → PLOVER event data (who did what to whom, when, where)."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = {"db": db}


def _store(ctx: click.Context) -> Store:
    return Store(default_db_url(ctx.obj["db"]))


@main.command()
@with_input_options
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], include: str | None, exclude: str | None,
           fields: tuple[str, ...], published: dt.date | None, lang: str | None) -> None:
    """Read, code and store articles from files, folders or - (stdin). Idempotent."""
    stats: Counter = Counter()
    failures: list[ReadError] = []
    with _store(ctx) as store, _progress() as bar:
        task = bar.add_task("ingesting", total=None)
        for article, events in _process(paths, include, exclude, fields, published, lang, stats, failures):
            if store.add(article, events):
                stats["new"] += 1
                stats["events"] += len(events)
            else:
                stats["duplicate"] += 1
            bar.advance(task)
    summary = {k: stats[k] for k in ("read", "new", "duplicate", "failed", "events")}
    summary["failures"] = [{"path": f.path, "reason": f.reason} for f in failures]
    _summary_table(summary)
    click.echo(json.dumps(summary, ensure_ascii=False))


def _summary_table(summary: dict) -> None:
    table = Table(title="ingest summary")
    for key in ("read", "new", "duplicate", "failed", "events"):
        table.add_column(key, justify="right")
    table.add_row(*(str(summary[k]) for k in ("read", "new", "duplicate", "failed", "events")))
    err.print(table)
    for f in summary["failures"]:
        err.print(f"[red]failed[/red] {f['path']}: {f['reason']}", highlight=False)


@main.command()
@with_input_options
def extract(paths: tuple[str, ...], include: str | None, exclude: str | None, fields: tuple[str, ...],
            published: dt.date | None, lang: str | None) -> None:
    """Code articles without a database: one JSON event per line on stdout."""
    stats: Counter = Counter()
    failures: list[ReadError] = []
    for _article, events in _process(paths, include, exclude, fields, published, lang, stats, failures):
        for event in events:
            click.echo(event.model_dump_json())
    if failures:
        err.print(f"{len(failures)} of {stats['read']} inputs failed", highlight=False)
        for f in failures:
            err.print(f"[red]failed[/red] {f.path}: {f.reason}", highlight=False)


@main.command()
@with_input_options
def places(paths: tuple[str, ...], include: str | None, exclude: str | None, fields: tuple[str, ...],
           published: dt.date | None, lang: str | None) -> None:
    """Geoparse articles: one JSON toponym per line (offsets index the article's text)."""
    from kabar.geo import Geoparser
    from kabar.text import analyze

    geo = Geoparser()
    for item in read_paths(paths, include=include, exclude=exclude, fields=_fields(fields)):
        if isinstance(item, ReadError):
            err.print(f"[red]failed[/red] {item.path}: {item.reason}", highlight=False)
            continue
        doc = analyze(item, lang)
        ref = ArticleRef(id=item.id, external_id=item.external_id, path=item.path, url=item.url, title=item.title,
                         published=published or item.published)
        for top in geo.toponyms(item.text, doc.language, [(s.start, s.end) for s, _ in doc.coded()]):
            record = top.model_dump(mode="json", exclude={"prep"}) | {"article": ref.model_dump(mode="json")}
            click.echo(json.dumps(record, ensure_ascii=False))


EVENT_COLUMNS = ("id", "date", "type", "mode", "actors", "recipients", "location", "aux", "confidence", "sentence")


def _row(e: Event) -> dict[str, str]:
    flags = [k for k, v in e.aux.model_dump().items() if v]
    return {
        "id": e.id, "date": e.date.isoformat() if e.date else "", "type": e.type, "mode": e.mode or "",
        "actors": "; ".join(f"{a.name} ({a.country or '-'}/{a.sector or '-'})" for a in e.actors),
        "recipients": "; ".join(f"{a.name} ({a.country or '-'}/{a.sector or '-'})" for a in e.recipients),
        "location": e.location.name if e.location else "", "aux": ",".join(flags),
        "confidence": f"{e.confidence:.2f}", "sentence": e.provenance.sentence,
    }


def print_events(events: list[Event], fmt: str) -> None:
    """Write events to stdout as a table, JSONL or CSV."""
    if fmt == "jsonl":
        for e in events:
            click.echo(e.model_dump_json())
    elif fmt == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        writer.writerows(_row(e) for e in events)
    else:
        table = Table(show_lines=False)
        for col in EVENT_COLUMNS:
            table.add_column(col, overflow="fold", max_width=60 if col == "sentence" else None)
        for e in events:
            row = _row(e)
            row["id"] = row["id"][:8]
            table.add_row(*(row[c] for c in EVENT_COLUMNS))
        Console(width=200 if not sys.stdout.isatty() else None).print(table)


@main.command()
@click.option("--type", "type_", help="PLOVER type, e.g. ASSAULT.")
@click.option("--actor", help="Actor or recipient name/entity contains this text.")
@click.option("--country", help="ISO3 of an actor, recipient or the location.")
@click.option("--since", callback=_date, help="Events on or after YYYY-MM-DD.")
@click.option("--until", callback=_date, help="Events on or before YYYY-MM-DD.")
@click.option("--near", callback=_near, help="LAT,LON,KM: events located within KM of a point.")
@click.option("--all", "include_all", is_flag=True, help="Include negated, hypothetical and future events.")
@click.option("--limit", type=int, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.pass_context
def events(ctx: click.Context, type_: str | None, actor: str | None, country: str | None, since: dt.date | None,
           until: dt.date | None, near: tuple[float, float, float] | None, include_all: bool, limit: int | None,
           fmt: str) -> None:
    """Query stored events (facts only unless --all)."""
    with _store(ctx) as store:
        found = store.events(type=type_, actor=actor, country=country.upper() if country else None, since=since,
                             until=until, near=near, include_nonfactual=include_all, limit=limit)
    print_events(found, fmt)


@main.command()
@click.option("--lang", help="Only articles in this language.")
@click.option("--limit", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@click.pass_context
def articles(ctx: click.Context, lang: str | None, limit: int | None, fmt: str) -> None:
    """List stored articles."""
    with _store(ctx) as store:
        found = store.articles(language=lang, limit=limit)
    if fmt == "jsonl":
        for a in found:
            click.echo(a.model_dump_json(exclude={"text", "excluded"}))
        return
    table = Table()
    for col in ("id", "language", "published", "title", "path"):
        table.add_column(col, overflow="fold")
    for a in found:
        table.add_row(a.id[:10], a.language or "", str(a.published or ""), a.title or "", a.path or "")
    Console(width=200 if not sys.stdout.isatty() else None).print(table)


@main.command()
@click.argument("event_id")
@click.pass_context
def show(ctx: click.Context, event_id: str) -> None:
    """Print an event and its article with the source sentence highlighted."""
    with _store(ctx) as store:
        try:
            event = store.event(event_id)
        except ValueError as exc:  # an id prefix shared by several events
            raise click.ClickException(str(exc)) from exc
        article = store.article(event.article.id) if event else None
    if event is None or article is None:
        raise click.ClickException(f"no event with id {event_id!r}")
    out = Console(highlight=False)
    out.print_json(event.model_dump_json())
    p = event.provenance
    out.print(f"\n[bold]{article.title or article.path or article.id}[/bold]")
    before, sentence, after = article.text[:p.start], article.text[p.start:p.end], article.text[p.end:]
    if out.is_terminal:
        out.print(before, end="", markup=False)
        out.print(sentence, style="bold black on yellow", end="", markup=False)
        out.print(after, markup=False)
    else:
        click.echo(f"{before}>>>{sentence}<<<{after}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the event record."""
    click.echo(json.dumps(Event.model_json_schema(), indent=2, ensure_ascii=False))


def demo_corpus() -> Path:
    """Folder of the demo articles shipped with kabar."""
    return Path(str(resources.files("kabar.demo").joinpath("articles")))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@click.pass_context
def demo(ctx: click.Context, fmt: str) -> None:
    """Ingest the demo corpus (20 articles, 8 languages) and show the events found."""
    ctx.invoke(ingest, paths=(str(demo_corpus()),), include=None, exclude=None, fields=(), published=None, lang=None)
    with _store(ctx) as store:
        found = store.events(include_nonfactual=True)
    print_events(found, fmt)


def _shared_dir(value: str | None) -> Path:
    path = Path(value) if value else Path.cwd().parent / "shared"
    if not (path / "acceptance").is_dir() and not (path / "gold").is_dir():
        raise click.ClickException(f"{path} is not the shared data folder (expected acceptance/ and gold/ inside); "
                                   "pass --shared PATH or set KABAR_SHARED")
    return path


@main.group()
def evaluate() -> None:
    """Score stages against gold data (tables on stdout)."""


@evaluate.command("coding")
@click.option("--shared", envvar="KABAR_SHARED", help="The shared data folder (default ../shared).")
def evaluate_coding(shared: str | None) -> None:
    """Event coding: seeds, PLOVER GSR, CAMEO classes, PETRARCH2 regression, the 8-language parallel set."""
    from kabar.evaluate import gold, parallel, seeds

    folder = _shared_dir(shared)
    pipeline = Pipeline()
    sections = [
        ("Seeds (acceptance/seeds_expected.json)", lambda: seeds.format_seeds(seeds.evaluate_seeds(folder, pipeline))),
        ("PLOVER GSR (gold/plover_gsr)", lambda: gold.format_gsr(gold.evaluate_gsr(folder, pipeline))),
        ("CAMEO classes (gold/cameo_sentences_dev)", lambda: gold.format_cameo(gold.evaluate_cameo(folder, pipeline))),
        ("PETRARCH2 validation (gold/petrarch2_validation)",
         lambda: gold.format_petrarch(gold.evaluate_petrarch(folder, pipeline))),
        ("Parallel set, 8 languages (kabar/evaluate/data/parallel.jsonl)",
         lambda: parallel.format_parallel(parallel.evaluate_parallel(pipeline))),
    ]
    for title, run in sections:
        err.print(f"evaluating {title} …", highlight=False)
        click.echo(f"## {title}\n\n{run()}\n")


@evaluate.command("geo")
@click.option("--shared", envvar="KABAR_SHARED", help="The shared data folder (default ../shared).")
def evaluate_geo(shared: str | None) -> None:
    """Geoparsing: recognition and resolution on GeoWebNews and LGL."""
    from kabar.evaluate.geo import evaluate_geo as run
    from kabar.evaluate.geo import format_geo_table

    click.echo(format_geo_table(run(_shared_dir(shared))))
