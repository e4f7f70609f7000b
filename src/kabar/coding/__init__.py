"""Event coding: triggers, arguments, modality and dates of each sentence, as PLOVER events.

Per-language knowledge is data (``languages/<lang>/triggers.tsv``, ``modality.tsv``,
``settings.json``); this module only holds the language-independent rules.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache, cached_property

from kabar import languages, ontology
from kabar.actors import ActorMatcher, ActorMention, corefer, country_name, focus_country, to_actor
from kabar.coding.classifier import TypeClassifier
from kabar.geo import Toponym, event_location
from kabar.geo import focus_country as place_focus
from kabar.records import Article, ArticleRef, Aux, Event, Place, Provenance, Sentence, event_id
from kabar.text import Document
from kabar.text.dates import DateMention, find_dates
from kabar.text.patterns import Match, PatternSet
from kabar.text.tokens import Token, normalize_phrase

HISTORICAL_DAYS = 180
LEXICON_SHARE = 0.5  # weight of the lexicon's confidence against the classifier's probability
CLOSE_CALL = 0.2  # confidence gap under which the classifier decides between a sentence's event types
# Sectors whose announcements are not promises or threats ("refugee flows will reinforce …").
_NON_POLITICAL = frozenset({"CVL", "REF", "MED", "JRN", "EDU", "AGR", "HLH"})
_PUNCT_BREAK = re.compile(r"[;:—–]")
_COMMA = re.compile(r",(?!\d)")  # a comma, not a thousands separator
_RIGHT_AFTER = re.compile(r"\s*(\([^()]*\))?\s*")  # nothing but an acronym in brackets: "Union (NUT),"
APPOSITION_WORDS = 4  # words of an apposition before the name in it ("a key U.S. ally")
_FLAGS = ("negated", "hypothetical", "future", "historical", "attempt", "reported")
# Modality cues: the event flags, "obligation" ("X must withdraw": someone demands it) and "passive" (an
# auxiliary that makes a participle trigger passive: "was attacked").
_CUES = (*_FLAGS, "obligation", "passive")
_NEAR_FLAGS = {"negated": (3, 1), "attempt": (6, 0), "reported": (8, 0)}
OBLIGED_AFTER = 2  # words a modal may follow its verb by (de "abziehen muss", tr "çekmesi gerektiğini")
# Trigger lexicons of a language, highest priority first: hand-written, then derived from the CAMEO verb
# dictionary (training/derive_cameo_triggers.py).
TRIGGER_FILES = ("triggers.tsv", "triggers_cameo.tsv")
SECONDARY = 0.35  # confidence factor of the events of a sentence other than its main predicate's
NO_EVENT = "-"  # trigger type of a pattern that names no event: it only keeps shorter triggers off its words


@dataclass(frozen=True)
class Trigger:
    type: str
    mode: str | None
    weight: float
    passive: bool
    derived: bool = False  # from a derived (verb) lexicon rather than the hand-written one
    words: int = 1  # literal words of its pattern (gaps not counted)
    participle: bool = False  # a verb form that is passive after a passive auxiliary ("was attacked")


@dataclass(frozen=True)
class _Lang:
    triggers: PatternSet[Trigger]
    modality: PatternSet[str]
    actors: ActorMatcher
    agent: frozenset[str]
    recipient: frozenset[str]
    coordinators: frozenset[str]
    breaks: frozenset[str]
    genitive: frozenset[str]
    place_preps: frozenset[str]
    verb_initial: bool
    verb_final: bool
    possessor_follows: bool
    markers_follow: bool
    active_aux: frozenset[str]
    oblique: frozenset[str]
    articles: frozenset[str]
    complementizers: frozenset[str]  # words opening reported speech ("said that …")

    def marker_of(self, toks: list[Token], m: ActorMention) -> str | None:
        """The marker word governing a mention ("by Russia", "of civilians", tr "Rusya'ya"), if any.

        A genitive marker needs a head noun before it: sentence-initial de "Der Iran" is an article.
        """
        i = m.last if self.markers_follow else m.first - 1
        if not 0 <= i < len(toks):
            return None
        word = toks[i].norm
        if i == 0 and word in self.genitive and word not in self.markers - self.genitive:
            return None
        return word if word in self.markers else None

    def passive(self, trig: Match[Trigger], toks: list[Token], clause: list[int]) -> bool:
        """Whether a trigger is passive: a participle after a perfect auxiliary of its clause ("hat …
        festgenommen") is active although the same participle alone is passive."""
        c = clause[trig.first]
        return trig.value.passive and not any(
            toks[i].norm in self.active_aux and clause[i] == c for i in range(trig.first))

    @cached_property
    def markers(self) -> frozenset[str]:
        """Every word that makes the mention after it an object rather than a subject."""
        return self.agent | self.recipient | self.genitive | self.place_preps | self.oblique

    def marked(self, toks: list[Token], m: ActorMention) -> bool:
        """Whether a mention is the object of a marker word ("of civilians", "by Russia", "in Syria")."""
        return self.marker_of(toks, m) is not None


def _words(items: list[str]) -> frozenset[str]:
    """Marker words normalised like tokens (multiword markers keep their spaces)."""
    return frozenset(normalize_phrase(w) for w in items)


@cache
def _lang(code: str) -> _Lang:
    trig, seen = [], set()
    for n, name in enumerate(TRIGGER_FILES):  # hand-written first: a derived row never replaces one of its
        for row in languages.rows(code, name):  # patterns
            if len(row) >= 4 and row[0] not in seen:
                seen.add(row[0])
                voice = row[4] if len(row) > 4 else ""
                words = sum(w not in ("_", "..") for w in row[0].split())
                trig.append((row[0], Trigger(row[1], row[2] or None, float(row[3]), voice == "passive", n > 0, words,
                                             voice == "participle")))
    mod = [(r[0], r[1]) for r in languages.rows(code, "modality.tsv") if len(r) >= 2 and r[1] in _CUES]
    s = languages.settings(code)
    actors = ActorMatcher(code)
    return _Lang(
        PatternSet(trig), PatternSet(mod), actors,
        _words(s.get("agent_markers", [])), _words(s.get("recipient_markers", [])),
        _words(s.get("coordinators", [])), _words(s.get("clause_breaks", [])),
        _words(s.get("genitive_markers", [])),
        actors.place_preps,
        bool(s.get("verb_initial")), bool(s.get("verb_final")), bool(s.get("possessor_follows")),
        bool(s.get("recipient_marker_follows") or s.get("agent_marker_follows")),
        _words(s.get("active_auxiliaries", [])), _words(s.get("oblique_markers", [])), _words(s.get("articles", [])),
        _words(s.get("complementizers", [])),
    )


def _governed(markers: frozenset[str], tokens: list[Token], lo: int, j: int) -> bool:
    """Whether a marker stands just before token ``j`` (one word such as "the" or "both" may come between)."""
    for marker in markers:
        width = marker.count(" ") + 2
        gap = " ".join(t.norm for t in tokens[max(lo, j - width):j])
        if f" {marker} " in f" {gap} ":
            return True
    return False


def _attached(markers: frozenset[str], tokens: list[Token], i: int, j: int) -> bool:
    """Whether a marker starts at token ``i`` and governs token ``j`` (one word may come between)."""
    words = [t.norm for t in tokens[i:j]]
    return any(words[:len(w := m.split())] == w and len(words) - len(w) <= 1 for m in markers)


def _appositive(sent: Sentence, m: ActorMention, ments: list[ActorMention]) -> bool:
    """Whether a mention sits in an apposition set off by commas after another one ("Pakistan, a key U.S.
    ally in the region, has refused"): it describes that mention and is never a role of its own."""
    prev = [p for p in ments if p.last <= m.first]
    if not prev:
        return False
    before = _COMMA.split(sent.text[prev[-1].end - sent.start:m.start - sent.start])
    after = sent.text[m.end - sent.start:]
    nxt = next((p.start - m.end for p in ments if p.first >= m.last), len(after))
    return len(before) == 2 and bool(_RIGHT_AFTER.fullmatch(before[0])) \
        and 0 < len(before[1].split()) <= APPOSITION_WORDS and bool(_COMMA.search(after[:nxt]))


def _speaker(L: _Lang, trig: Match[Trigger], toks: list[Token], ments: list[ActorMention],
             clause: list[int]) -> ActorMention | None:
    """The subject of the reporting verb whose complement holds a trigger ("X said that Y must …")."""
    c = clause[trig.first]
    start = clause.index(c)
    if not start or toks[start].norm not in L.complementizers:
        return None
    first = [m for m in ments if clause[m.first] == 0 and m.last < start and not L.marked(toks, m)]
    return first[-1] if first else None


class Coder:
    """Codes the sentences of analysed articles into events.

    Lexicons find triggers and arguments in each language; the cross-lingual classifier (when given)
    re-weighs each event's confidence by how likely its sentence is to report that type.
    """

    def __init__(self, classifier: TypeClassifier | None = None) -> None:
        self.classifier = classifier

    def code(self, article: Article, doc: Document, published: dt.date | None,
             places: list[Toponym]) -> list[Event]:
        """All events of ``article`` given its toponyms; ``published`` overrides the article's own date."""
        lang = doc.language if doc.language in languages.available() else None
        if lang is None:
            return []
        L = _lang(lang)
        coded = doc.coded()
        mentions = [L.actors.find(toks, s.text, s.start, published) for s, toks in coded]
        focus = place_focus(places) or focus_country([m for ms in mentions for m in ms])
        fallback = _country_place(places, focus)
        ref = ArticleRef(id=article.id, external_id=article.external_id, path=article.path, url=article.url,
                         title=article.title, published=published)
        events: list[Event] = []
        for (sent, toks), ments in zip(coded, mentions, strict=True):
            for event in self._sentence(L, lang, sent, toks, ments, focus, ref, published):
                p = event.provenance
                where = event_location(places, (p.start, p.end), (p.trigger_start or p.start, p.trigger_end or p.end))
                events.append(event.model_copy(update={"location": where or fallback}))
        return self._calibrate(events)

    def _calibrate(self, events: list[Event]) -> list[Event]:
        """Where a sentence's best event has a rival of another type whose confidence is close, blend each
        event's lexicon confidence with the classifier's probability of its type (embedding every sentence
        would cost ~25 ms each)."""
        by_sentence: dict[str, list[Event]] = {}
        for e in events:
            by_sentence.setdefault(e.provenance.sentence, []).append(e)
        ambiguous = sorted(s for s, es in by_sentence.items() if _close_call(es))
        if self.classifier is None or not ambiguous:
            return events
        probs = dict(zip(ambiguous, self.classifier.predict(ambiguous), strict=True))
        return [e.model_copy(update={"confidence": round(
            LEXICON_SHARE * e.confidence + (1 - LEXICON_SHARE) * probs[e.provenance.sentence][e.type], 3)})
            if e.provenance.sentence in probs else e for e in events]

    def _sentence(self, L: _Lang, lang: str, sent: Sentence, toks: list[Token], ments: list[ActorMention],
                  focus: str | None, ref: ArticleRef, published: dt.date | None) -> list[Event]:
        triggers = self._triggers(L, toks, ments, sent)
        if not triggers:
            return []
        # Generic nouns inside a trigger ("withdrew its troops") belong to it, not to other events; named
        # countries inside a gapped one ("выслала трёх российских дипломатов") stay for _roles.
        ments = [a for a in ments if a.country or a.entity_id
                 or not any(t.first <= a.first and a.last <= t.last for t in triggers)]
        ments = [m for m in ments if not _appositive(sent, m, ments)]
        clause = self._clauses(L, sent, toks)
        cues = L.modality.find_longest(toks)
        dates = find_dates(sent.text, lang, published, offset=sent.start)
        out: list[Event] = []
        seen: dict[tuple[str, frozenset[str]], int] = {}
        coded: list[int] = []  # first tokens of the triggers that gave an event
        passive_at = {c.last for c in cues if c.value == "passive"}
        for n, trig in enumerate(triggers):
            if trig.value.participle and trig.first in passive_at:
                trig = Match(trig.first, trig.last, replace(trig.value, passive=True))
            later = [t.first for t in triggers[n + 1:] if t.value.type != trig.value.type]
            stop = later[0] if later else len(toks)
            sources, targets = self._roles(L, trig, toks, ments, clause, stop, trig.first in passive_at)
            if sources and self._modality(cues, trig, clause)["obligation"] \
                    and (speaker := _speaker(L, trig, toks, ments, clause)):
                # "X said that Y must withdraw": X demands it of Y.
                sources, targets = self._coordinated(L, speaker, ments, toks), sources
            if not sources and not targets:
                continue
            coded.append(trig.first)
            actors = [to_actor(m, sent.text[m.start - sent.start:m.end - sent.start], focus) for m in sources]
            recips = [r for m in targets
                      if (r := to_actor(m, sent.text[m.start - sent.start:m.end - sent.start], focus)).name
                      not in {a.name for a in actors}]
            key = (trig.value.type, frozenset(a.name for a in actors))
            event = self._event(trig, toks, sent, actors, recips, cues, dates, clause, ref, published, lang)
            if key not in seen:
                seen[key] = len(out)
                out.append(event)
                continue
            kept = out[seen[key]]
            if event.mode and not kept.mode:  # the more specific trigger describes the event
                kept, event = event, kept
            names = {r.name for r in kept.recipients}
            extra = [r for r in event.recipients if r.name not in names]
            out[seen[key]] = kept.model_copy(update={"recipients": kept.recipients + extra})
        main = _main_predicate(L, toks, ments, clause, coded)
        return [e if main is None or e.provenance.trigger_start == toks[main].start
                else e.model_copy(update={"confidence": round(e.confidence * SECONDARY, 3)}) for e in out]

    @staticmethod
    def _triggers(L: _Lang, toks: list[Token], ments: list[ActorMention], sent: Sentence) -> list[Match[Trigger]]:
        """Trigger matches outside actor names; a run of same-type triggers with no actor between is one trigger.

        A derived (verb) trigger written with a capital inside the sentence is part of a name ("United").
        A trigger may hold a generic actor noun ("withdrew its troops", tr "asker sevk etti") but never a named
        one; one that begins inside the words of an actor with a country (tr "Rus diplomatı sınır dışı etti")
        keeps only the words after them.
        """
        found: list[Match[Trigger]] = []
        for m in L.triggers.find(toks):
            inside = [a for a in ments if a.first < m.last and m.first < a.last
                      and (a.kind == "entity" or (a.first <= m.first and a.country))]
            if inside:
                cut = max(a.last for a in inside)
                if any(a.kind == "entity" for a in inside) or cut >= m.last:
                    continue
                m = Match(cut, m.last, m.value)
            found.append(m)
        out: list[Match[Trigger]] = []
        for m in _layered(found):
            if m.value.type == NO_EVENT or (m.value.derived and m.first and sent.text[
                    toks[m.first].start - sent.start].isupper()):
                continue
            prev = out[-1] if out else None
            if prev and prev.value.type == m.value.type and m.first - prev.last <= 3 \
                    and not any(prev.last <= a.first < m.first for a in ments):
                value = prev.value if prev.value.mode or not m.value.mode else m.value
                passive = prev.value.passive or m.value.passive
                out[-1] = Match(prev.first, m.last, replace(value, passive=passive))
                continue
            out.append(m)
        return out

    @staticmethod
    def _clauses(L: _Lang, sent: Sentence, toks: list[Token]) -> list[int]:
        """Clause number of each token: a new clause starts at a clause word or at ; : — –.

        A clause word before an article is a preposition (de "während der Kolonialzeit"), unless it is a
        complementizer (fr "que la Russie").
        """
        ids, cur = [], 0
        for i, tok in enumerate(toks):
            gap = sent.text[toks[i - 1].end - sent.start:tok.start - sent.start] if i else ""
            nxt = toks[i + 1].norm if i + 1 < len(toks) else ""
            pair = f"{tok.norm} {nxt}"
            word = tok.norm in L.breaks and (nxt not in L.articles or tok.norm in L.complementizers)
            if i and (word or pair in L.breaks or _PUNCT_BREAK.search(gap)):
                cur += 1
            ids.append(cur)
        return ids

    def _roles(self, L: _Lang, trig: Match[Trigger], toks: list[Token], ments: list[ActorMention],
               clause: list[int], stop: int, aux: bool = False) -> tuple[list[ActorMention], list[ActorMention]]:
        """Source and target mentions of a trigger, from word order, role markers, voice and coordination.

        Mentions inside a gapped trigger ("выслала трёх российских дипломатов") follow its first word. A trigger
        right after a coordinator ("… and expressed") shares the subject of the clause's first verb. When no
        target comes before the next event word ``stop``, the owner of that event noun is the target
        ("dénoncé les manœuvres de la Chine"). A generic noun stands for the side of the last mention of its
        sector before it (:func:`kabar.actors.corefer`). After an active trigger with a subject, an agent marker
        ("by") names the trigger's doer only right after a one-word trigger ("the attack by Russia"); otherwise
        it belongs to an object noun ("rejected calls by Annan"). A passive auxiliary (``aux``: "has been
        accused … by") makes the trigger passive enough.
        """
        ments = corefer(ments)
        c = clause[trig.first]
        pre_all = [m for m in ments if m.last <= trig.first and clause[m.first] == c]
        pre = [m for m in pre_all if not L.marked(toks, m)]
        if trig.first and toks[trig.first - 1].norm in L.coordinators and not L.verb_final:
            pre = pre[:1]
        pre_any = [m for m in ments if m.last <= trig.first and not L.marked(toks, m)]
        # "Thousands of Nigeriens protested": a quantity's genitive may be the subject when nothing else is.
        pre_gen = [m for m in pre_all if L.marker_of(toks, m) in L.genitive]
        pre_oblique = [m for m in pre_all if L.marker_of(toks, m) in L.oblique | L.place_preps]
        post = [m for m in ments if trig.first < m.first < stop]
        head = trig.first + 1
        passive = L.passive(trig, toks, clause)
        # A by-phrase after an object noun names that noun's doer ("rejected calls by Annan"), not the trigger's.
        objects = [x for m in pre if _governed(L.markers, toks, 0, m.first)  # "by both Russia and Syria"
                   for x in self._coordinated(L, m, ments, toks)]
        subject = [m for m in pre if m not in objects]
        agents = [m for m in post if _governed(L.agent, toks, head, m.first)
                  and (passive or aux or not subject or (trig.last - trig.first == 1
                                                     and _attached(L.agent, toks, trig.last, m.first)))]
        marked = [m for m in post if m not in agents and _governed(L.recipient, toks, head, m.first)]
        if L.markers_follow:  # postpositions: "Rusya tarafından", "Ukrayna'ya"
            agents += [m for m in pre_all if L.marker_of(toks, m) in L.agent]
            marked += [m for m in pre_all if L.marker_of(toks, m) in L.recipient]
        plain = [m for m in post if m not in agents and m not in marked]
        possessor = [m for m in plain if all(t.norm in L.genitive for t in toks[trig.last:m.first])
                     and (m.first > trig.last or L.possessor_follows)]

        def group(seed: ActorMention | None) -> list[ActorMention]:
            return self._coordinated(L, seed, ments, toks) if seed else []

        def named(pool: list[ActorMention], more: list[ActorMention]) -> ActorMention | None:
            """The first mention of ``pool`` and ``more`` that names a country ("по военным базам США"), else the
            first of ``pool``."""
            return next((m for m in sorted(pool + more, key=lambda m: m.first) if m.country),
                        pool[0] if pool else None)

        def assign() -> tuple[list[ActorMention], list[ActorMention]]:
            if passive:
                return group(agents[0] if agents else None), group(pre_all[-1] if pre_all else (plain or [None])[0])
            if agents:
                return group(agents[0]), group(pre[-1] if pre else (marked or [None])[0])
            if L.verb_initial and plain and not pre:  # verb first: the doer follows it
                source = plain[0]
                rest = [m for m in marked + plain[1:] if m not in group(source)]
                return group(source), group(rest[0] if rest else None)
            if pre and L.verb_final:  # the object stands nearest the verb
                source = pre[0]
                inside = [m for m in plain if m.last <= trig.last]  # "hat … Journalisten festgenommen"
                rest = [m for m in pre_all + inside if m not in group(source) and m not in pre_gen + pre_oblique]
                owners = [m for m in pre_gen if m not in group(source)]  # "Stellungen der ukrainischen Armee"
                return group(source), group(named(marked, rest) if marked else rest[-1] if rest
                                            else (owners or [None])[0])
            if pre:
                source = pre[-1]
            elif possessor:
                source = possessor[0]
            elif pre_any:
                source = pre_any[-1]
            else:
                source = pre_gen[-1] if pre_gen else None
            sources = group(source)
            pool = [m for m in (marked or plain) if m not in sources]
            return sources, group(named(pool, [m for m in plain if m not in sources and m not in pool]))

        sources, targets = assign()
        if not targets and (sources or pre_any):
            owner = [m for m in ments if stop < m.first <= stop + 8 and clause[m.first] == c and m not in sources]
            targets = group(owner[0] if owner else None)
        return sources, targets

    @staticmethod
    def _coordinated(L: _Lang, seed: ActorMention, ments: list[ActorMention], toks: list[Token]) -> list[ActorMention]:
        """``seed`` with the mentions joined to it by coordinators ("Russia and Syria")."""
        def joined(a: ActorMention, b: ActorMention) -> bool:
            gap = " ".join(t.norm for t in toks[a.last:b.first])
            if not gap:  # a conjunction written onto the next word (Arabic "وسوريا")
                return any(toks[b.first].norm.startswith(c) for c in L.coordinators if len(c) == 1)
            return gap in L.coordinators or all(w in L.coordinators or w == "both" for w in gap.split())

        idx = ments.index(seed)
        lo = hi = idx
        while lo > 0 and joined(ments[lo - 1], ments[lo]):
            lo -= 1
        while hi + 1 < len(ments) and joined(ments[hi], ments[hi + 1]):
            hi += 1
        return ments[lo:hi + 1]

    @staticmethod
    def _modality(cues: list[Match[str]], trig: Match[Trigger], clause: list[int]) -> dict[str, bool]:
        flags = dict.fromkeys(_CUES, False)
        for cue in cues:
            before, after = _NEAR_FLAGS.get(
                cue.value, (len(clause), OBLIGED_AFTER if cue.value == "obligation" else 0))
            # A promise or plan verb that is itself the trigger ("promised to") is the announcement, a fact.
            overlaps = cue.first < trig.last and trig.first < cue.last and not (
                cue.value == "future" and cue.first == trig.first)
            near_before = 0 <= trig.first - cue.last <= before
            near_after = 0 <= cue.first - trig.last < after
            same_clause = clause[cue.first] == clause[trig.first] or cue.value in ("hypothetical", "future")
            if overlaps or ((near_before or near_after) and same_clause):
                flags[cue.value] = True
        return flags

    def _event(self, trig: Match[Trigger], toks: list[Token], sent: Sentence, actors: list, recips: list,
               cues: list[Match[str]], dates: list[DateMention], clause: list[int], ref: ArticleRef,
               published: dt.date | None, lang: str) -> Event:
        t = trig.value
        t_start, t_end = toks[trig.first].start, toks[trig.last - 1].end
        flags = self._modality(cues, trig, clause)
        date, precision = (published, "publication") if published else (None, "unknown")
        if dates:
            best = min(dates, key=lambda d: abs(d.start - t_start))
            date, precision = best.date, best.precision
            if published and (published - best.date).days > HISTORICAL_DAYS:
                flags["historical"] = True
        confidence = t.weight * (0.6 + 0.2 * bool(actors) + 0.2 * bool(recips))
        event_type, mode = t.type, t.mode
        political = any(a.sector not in _NON_POLITICAL and (a.sector or a.country) for a in actors)
        obliged = flags.pop("obligation")
        flags.pop("passive")
        if flags["hypothetical"] or not political:
            pass
        elif flags["negated"] and any(c.value == "negated" and 0 <= trig.first - c.last <= 3 for c in cues) \
                and (refusal := ontology.refused(t.type)):
            # "X will not accept refugees", "X failed to reach agreement": X refuses to cooperate.
            event_type, mode = refusal
            flags["negated"] = flags["future"] = False
        elif obliged and not flags["negated"]:
            # "Y must withdraw its troops": the speaker demands it.
            event_type, mode = ontology.requested(t.type, t.mode)
            flags["future"] = False
        elif flags["future"] and not flags["negated"]:
            # "X will withdraw its troops": what happened is X's announcement, a threat or a promise.
            event_type, mode = ontology.announced(t.type, t.mode)
            flags["future"] = event_type == t.type
        sectors = {a.sector for a in recips if a.sector}
        return Event(
            id=event_id(ref.id, sent.start, t.type, t_start),
            type=event_type, mode=mode,
            actors=actors, recipients=recips,
            date=date, date_precision=precision,  # type: ignore[arg-type]
            aux=Aux(**flags),
            confidence=round(confidence, 3),
            acled=ontology.acled(event_type, mode, sectors),
            cameo=ontology.cameo_code(event_type, mode),
            language=lang,
            article=ref,
            provenance=Provenance(sentence=sent.text, start=sent.start, end=sent.end,
                                  trigger=sent.text[t_start - sent.start:t_end - sent.start],
                                  trigger_start=t_start, trigger_end=t_end),
        )


def _main_predicate(L: _Lang, toks: list[Token], ments: list[ActorMention], clause: list[int],
                    coded: list[int]) -> int | None:
    """The trigger (first token) of a sentence's main event, by the language's word order.

    SVO: the first after the subject (earlier ones modify the subject or set the scene; later ones sit in
    the main verb's complements or in subordinate clauses); verb first: the first; verb last: the last of
    the first clause with an event.
    """
    if not coded:
        return None
    if L.verb_initial:
        return coded[0]
    if L.verb_final:
        return [i for i in coded if clause[i] == clause[coded[0]]][-1]
    subject = min((m.last for m in ments if not L.marked(toks, m)), default=0)
    return next((i for i in coded if i >= subject), None)


def _layered(matches: list[Match[Trigger]]) -> list[Match[Trigger]]:
    """Non-overlapping trigger matches, longest first, hand-written before derived: a derived match only
    displaces hand-written ones it overlaps that start elsewhere and have fewer literal words ("provided
    food aid" over "aid"; never "expelled" read by the hand-written lexicon)."""
    order = sorted(matches, key=lambda m: (m.value.derived, m.first - m.last, m.first))
    owner: dict[int, Match[Trigger]] = {}
    for m in order:
        clash = {id(c): c for i in range(m.first, m.last) if (c := owner.get(i))}.values()
        if clash and not (m.value.derived and all(not c.value.derived and c.value.words < m.value.words
                                                  and c.first != m.first for c in clash)):
            continue
        for c in clash:
            for i in range(c.first, c.last):
                owner.pop(i, None)
        owner.update(dict.fromkeys(range(m.first, m.last), m))
    return sorted({id(m): m for m in owner.values()}.values(), key=lambda m: m.first)


def _close_call(events: list[Event]) -> bool:
    """Whether another type comes within ``CLOSE_CALL`` of the confidence of a sentence's best event."""
    best = max(events, key=lambda e: (e.aux.factual, e.confidence))
    return any(e.type != best.type and e.aux.factual == best.aux.factual
               and best.confidence - e.confidence < CLOSE_CALL for e in events)


def _country_place(places: list[Toponym], country: str | None) -> Place | None:
    """The article's focus country as a place: the event happened somewhere in it."""
    if country is None:
        return None
    named = next((t for t in places if t.country == country and t.precision == "country"), None)
    if named:
        return Place(text=named.text, name=named.name, geonameid=named.geonameid, lat=named.lat, lon=named.lon,
                     country=country, precision="country")
    return Place(text=country_name(country), name=country_name(country), country=country, precision="country")
