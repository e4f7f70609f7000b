"""Streaming gzip decompression that hands out everything before a truncation.

:class:`gzip.GzipFile` raises as soon as a read reaches a truncated end, dropping what that read
had decompressed; :class:`GunzipStream` first returns all the data it could decompress and raises
:class:`EOFError` only on the next read (and every read after it), so readers keep every
complete record.
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

_CHUNK = 65536
_MAX_OUTPUT = 16 * _CHUNK
_GZIP_WBITS = 16 + zlib.MAX_WBITS


class GunzipStream(io.RawIOBase):
    """Read-only raw stream of the decompressed content of a (multi-member) gzip stream."""

    def __init__(self, compressed: BinaryIO) -> None:
        self._compressed = compressed
        self._inflater = zlib.decompressobj(_GZIP_WBITS)
        self._in_member = False
        self._input = b""
        self._output = b""
        self._offset = 0

    def readable(self) -> bool:
        return True

    def _next_output(self) -> bytes:
        """The next piece of decompressed data; empty at the clean end of the last member."""
        while True:
            if not self._input:
                self._input = self._compressed.read(_CHUNK)
                if not self._input:
                    if self._in_member:
                        raise EOFError("truncated gzip stream")
                    return b""
            self._in_member = True
            output = self._inflater.decompress(self._input, _MAX_OUTPUT)
            if self._inflater.eof:
                self._input = self._inflater.unused_data
                self._inflater = zlib.decompressobj(_GZIP_WBITS)
                self._in_member = False
            else:
                self._input = self._inflater.unconsumed_tail
            if output:
                return output

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._offset >= len(self._output):
            self._output, self._offset = self._next_output(), 0
        size = min(len(buffer), len(self._output) - self._offset)
        buffer[:size] = self._output[self._offset : self._offset + size]
        self._offset += size
        return size
