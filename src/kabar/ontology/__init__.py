"""PLOVER ontology: the 16 event types, their modes, and CAMEO / ACLED equivalents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kabar.records import Acled


@dataclass(frozen=True)
class EventType:
    name: str
    quad: int
    goldstein: float
    modes: tuple[str, ...]
    cameo: dict[str, str]


@cache
def _data() -> dict:
    return json.loads(resources.files(__name__).joinpath("plover.json").read_text(encoding="utf-8"))


@cache
def types() -> dict[str, EventType]:
    """All PLOVER event types by name."""
    return {
        name: EventType(name, t["quad"], t["goldstein"], tuple(t["modes"]), dict(t["cameo"]))
        for name, t in _data()["types"].items()
    }


def cameo_code(event_type: str, mode: str | None) -> str | None:
    """The CAMEO code closest to a PLOVER type and mode."""
    t = types().get(event_type)
    if t is None:
        return None
    return t.cameo.get(mode or "", t.cameo[""])


def acled(event_type: str, mode: str | None, recipient_sectors: set[str]) -> Acled | None:
    """The ACLED event type and sub-type for a PLOVER event, or None for events ACLED does not record."""
    for rule in _data()["acled"]:
        if rule["type"] != event_type or (mode or "") not in rule["modes"]:
            continue
        needed = rule.get("recipient_sector")
        if needed and not recipient_sectors & set(needed):
            continue
        return Acled(event_type=rule["event_type"], sub_event_type=rule["sub_event_type"])
    return None


_THREAT_MODES = {"arrest": "arrest", "ban": "ban", "expel": "expel", "restrict": "restrict", "deport": "expel",
                 "withdraw": "relations", "curfew": "restrict"}


def announced(event_type: str, mode: str | None) -> tuple[str, str | None]:
    """How PLOVER codes an announced future action: the statement itself, a threat or a promise.

    Conflictual actions (material conflict) become THREATEN, cooperative ones (material cooperation)
    become AGREE; verbal events are already statements and stay as they are.
    """
    quad = types()[event_type].quad
    if quad == 4:
        return "THREATEN", _THREAT_MODES.get(mode or "", "violence" if event_type == "ASSAULT" else None)
    if quad == 2:
        return "AGREE", None
    return event_type, mode
