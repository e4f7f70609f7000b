"""Errors reported by readers instead of raising: one bad file or record never stops a batch."""

from __future__ import annotations

from kabar.records import Record


class ReadError(Record):
    """A file or record that could not be read as an article, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class ReadFailure(Exception):
    """Raised inside a reader; the caller turns it into a :class:`ReadError` for its path."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
