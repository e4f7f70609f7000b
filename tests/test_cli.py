"""End-to-end: the real CLI on the seeds and the demo corpus, into a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kabar.cli.main import demo_corpus, main
from kabar.records import Event


def run(*args: str, db: Path | None = None, input: str | None = None) -> str:
    argv = (["--db", str(db)] if db else []) + list(args)
    result = CliRunner().invoke(main, argv, input=input, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def events_of(out: str) -> list[Event]:
    return [Event.model_validate_json(line) for line in out.splitlines() if line.strip()]


def test_extract_seeds(shared: Path) -> None:
    seeds = sorted((shared / "seeds").glob("*.txt"))
    events = events_of(run("extract", *map(str, seeds)))
    by_seed = {s.name: [e for e in events if e.article.path and e.article.path.endswith(s.name)] for s in seeds}
    assert all(by_seed.values()), {k: len(v) for k, v in by_seed.items()}
    texts = {s.name: s.read_text(encoding="utf-8") for s in seeds}
    for name, evs in by_seed.items():
        for e in evs:
            assert texts[name][e.provenance.start:e.provenance.end] == e.provenance.sentence
            for bad in ("Featured image courtesy", "Baca lebih lanjut", "Bendera Hizbullah", "Parade tahunan"):
                assert bad not in e.provenance.sentence
    assert all(e.date is not None and e.date.isoformat() == "2016-11-29"
               for e in by_seed["001_8e32b484e87da426.txt"] if e.date_precision == "publication")
    assert any(e.date_precision == "publication" for e in by_seed["001_8e32b484e87da426.txt"])
    for name in ("000_ce18eef4a84f524d.txt", "002_4ef1a989df62cdcb.txt"):
        # No publication date: only a date written in the sentence itself may date an event.
        assert all(e.date is None or e.date_precision == "day" for e in by_seed[name]), name
        assert any(e.date is None for e in by_seed[name])


def test_extract_overrides_and_stdin() -> None:
    text = "Russian forces shelled the city of Kharkiv, killing three civilians, officials said.\n"
    events = events_of(run("extract", "-", "--published", "2025-03-02", "--lang", "en", input=text))
    assert events and events[0].type == "ASSAULT"
    assert events[0].date is not None and events[0].date.isoformat() == "2025-03-02"
    assert events[0].language == "en"


def test_ingest_is_idempotent_and_queryable(tmp_path: Path, shared: Path) -> None:
    db = tmp_path / "kabar.sqlite"
    first = json.loads(run("ingest", str(shared / "seeds"), db=db).splitlines()[-1])
    assert first["read"] == 3 and first["new"] == 3 and first["failed"] == 0 and first["events"] > 0
    again = json.loads(run("ingest", str(shared / "seeds"), db=db).splitlines()[-1])
    assert again["new"] == 0 and again["duplicate"] == 3
    stored = events_of(run("events", "--all", "--format", "jsonl", db=db))
    assert len(stored) == first["events"]
    assault = events_of(run("events", "--type", "assault", "--format", "jsonl", db=db))
    assert assault and all(e.type == "ASSAULT" and e.aux.factual for e in assault)
    assert "type" in run("events", "--format", "csv", db=db).splitlines()[0]
    shown = run("show", stored[0].id[:10], db=db)
    assert f">>>{stored[0].provenance.sentence}<<<" in shown
    listing = [json.loads(line) for line in run("articles", "--format", "jsonl", db=db).splitlines()]
    assert len(listing) == 3


def test_ingest_reports_bad_input_and_keeps_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("date 2025-01-05\nPolice arrested twelve protesters in Nairobi on Sunday.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bad.jsonl").write_text('{"text": "Troops attacked the village."}\n{broken\n', encoding="utf-8")
    summary = json.loads(run("ingest", str(tmp_path), db=tmp_path / "db.sqlite").splitlines()[-1])
    assert summary["new"] == 2
    failed = {f["path"]: f["reason"] for f in summary["failures"]}
    assert any(p.endswith("empty.txt") for p in failed)
    assert any("bad.jsonl" in p and "2" in p for p in failed)


def test_demo_corpus_covers_eight_languages(tmp_path: Path) -> None:
    files = sorted(demo_corpus().glob("*.txt"))
    assert 15 <= len(files) <= 25
    assert {f.name.split("_")[1] for f in files} == {"en", "id", "ar", "fr", "es", "ru", "tr", "de"}
    out = run("demo", "--format", "jsonl", db=tmp_path / "demo.sqlite")
    events = [Event.model_validate_json(line) for line in out.splitlines() if line.startswith('{"id"')]
    assert len({e.language for e in events}) >= 6


def test_schema_is_json_schema() -> None:
    schema = json.loads(run("schema"))
    assert schema["title"] == "Event"
    for key in ("type", "actors", "recipients", "location", "date", "date_precision", "aux", "provenance"):
        assert key in schema["properties"]


def test_places_prints_toponyms_with_article_refs(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a1", "text": "Russian forces shelled Kharkiv overnight."}) + "\n"
                   + json.dumps({"id": "a2", "text": "Clashes erupted in Aleppo, Syria, on Sunday."}) + "\n",
                   encoding="utf-8")
    rows = [json.loads(line) for line in run("places", str(src)).splitlines()]
    by_article = {(r["article"]["external_id"], r["name"]) for r in rows}
    assert ("a1", "Kharkiv") in by_article and ("a2", "Aleppo") in by_article
    text = "Clashes erupted in Aleppo, Syria, on Sunday."
    aleppo = next(r for r in rows if r["name"] == "Aleppo")
    assert text[aleppo["start"]:aleppo["end"]] == "Aleppo" and aleppo["country"] == "SYR"
