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


# Verbal cooperation that is itself an action: announcing it is a promise ("will support", "will visit").
_PROMISABLE = frozenset({"CONSULT", "SUPPORT"})
_PROTEST_THREATS = {"boycott": "relations", "strike": "relations"}
# What a demand asks for, by the type of the demanded action (CAMEO 10x).
_REQUEST_MODES = {"AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist", "CONSULT": "meet", "AGREE": "meet",
                  "RETREAT": "yield", "CONCEDE": "yield"}
# What refusing a cooperative action is (CAMEO 12x).
_REJECT_MODES = {"AID": "assist", "COOPERATE": "assist", "SUPPORT": "assist", "CONSULT": "meet", "AGREE": "meet",
                 "RETREAT": "yield", "CONCEDE": "change"}


def announced(event_type: str, mode: str | None) -> tuple[str, str | None]:
    """How PLOVER codes an announced future action: the statement itself, a threat or a promise.

    Conflictual actions (material conflict, and protests) become THREATEN; cooperative ones (material
    cooperation, meetings and support) become AGREE; other verbal events are already statements.
    """
    quad = types()[event_type].quad
    if quad == 4:
        return "THREATEN", _THREAT_MODES.get(mode or "", "violence" if event_type == "ASSAULT" else None)
    if event_type == "PROTEST":
        return "THREATEN", _PROTEST_THREATS.get(mode or "", "relations")
    if quad == 2 or event_type in _PROMISABLE:
        return "AGREE", None
    return event_type, mode


def refused(event_type: str) -> tuple[str, str | None] | None:
    """The REJECT event of a negated cooperative action ("will not accept", "failed to reach agreement"),
    or None where negating the type reports no event."""
    if types()[event_type].quad in (1, 2):
        return "REJECT", _REJECT_MODES.get(event_type)
    return None


def requested(event_type: str, mode: str | None) -> tuple[str, str | None]:
    """The REQUEST event of an action someone is told they must take ("X must withdraw")."""
    if event_type in ("REQUEST", "REJECT", "THREATEN"):
        return event_type, mode
    return "REQUEST", _REQUEST_MODES.get(event_type, "change" if types()[event_type].quad == 4 else None)
