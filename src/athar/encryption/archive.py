"""An encrypted, compressed, tamper-evident file of any size: the format of `athar backup`.

The plain stream is compressed (zlib) and cut into chunks of at most CHUNK_SIZE bytes; each chunk is
a Fernet token (AES-128-CBC + HMAC-SHA256) on its own line, encrypted with the installation's
current key. Inside each token: the archive's random 16-byte id, the chunk's number and whether it
is the last one. So a reader detects any change to a chunk (the HMAC), a chunk moved, dropped or
taken from another archive (number and id), and a file cut short (no last chunk) — and refuses the
whole file rather than return part of it.

Limits: the archive is only as safe as the key. Whoever holds a key of the installation
(ATHAR_ENCRYPTION_KEYS) reads every archive made with it; an archive whose key is lost cannot be
read by anyone. Sizes and the number of chunks are not hidden."""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.fernet import InvalidToken, MultiFernet

MAGIC = b"athar-encrypted-archive 1\n"
CHUNK_SIZE = 1 << 20
_HEADER = struct.Struct(">16sQ?")  # archive id, chunk number, is the last chunk


class ArchiveError(Exception):
    """The file is not an archive of this installation, or it was damaged or tampered with."""


class ArchiveWriter:
    """A binary stream: `write()` plain bytes, then `close()` (or use it as a context manager)."""

    def __init__(self, target: BinaryIO, cipher: MultiFernet) -> None:
        self._target = target
        self._cipher = cipher
        self._id = os.urandom(16)
        self._number = 0
        self._compressor = zlib.compressobj(6)
        self._pending = bytearray()
        self._target.write(MAGIC)

    def write(self, data: bytes) -> int:
        self._pending += self._compressor.compress(data)
        while len(self._pending) > CHUNK_SIZE:
            self._emit(bytes(self._pending[:CHUNK_SIZE]), last=False)
            del self._pending[:CHUNK_SIZE]
        return len(data)

    def close(self) -> None:
        self._pending += self._compressor.flush()
        while len(self._pending) > CHUNK_SIZE:
            self._emit(bytes(self._pending[:CHUNK_SIZE]), last=False)
            del self._pending[:CHUNK_SIZE]
        self._emit(bytes(self._pending), last=True)
        self._pending.clear()

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        token = self._cipher.encrypt(_HEADER.pack(self._id, self._number, last) + chunk)
        self._target.write(token + b"\n")
        self._number += 1

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, kind: object, *exc: object) -> None:
        if kind is None:
            self.close()


def read_archive(source: BinaryIO, cipher: MultiFernet) -> Iterator[bytes]:
    """The plain bytes of an archive, piece by piece. Raises ArchiveError, naming the chunk, at the
    first sign of damage; a caller that must not act on part of a file reads it to the end first."""
    if source.read(len(MAGIC)) != MAGIC:
        raise ArchiveError("not an athar encrypted archive")
    decompressor = zlib.decompressobj()
    archive_id: bytes | None = None
    expected = 0
    finished = False
    for line in source:
        if finished:
            raise ArchiveError(f"data after the last chunk (chunk {expected})")
        try:
            plain = cipher.decrypt(line.strip())
        except InvalidToken:
            raise ArchiveError(f"chunk {expected} cannot be decrypted: damaged, or made with a key "
                               "this installation does not have") from None
        if len(plain) < _HEADER.size:
            raise ArchiveError(f"chunk {expected} is malformed")
        chunk_id, number, last = _HEADER.unpack_from(plain)
        if archive_id is None:
            archive_id = chunk_id
        if chunk_id != archive_id or number != expected:
            raise ArchiveError(f"chunk {expected} is out of place (moved, dropped or from another archive)")
        try:
            yield decompressor.decompress(plain[_HEADER.size:])
        except zlib.error:
            raise ArchiveError(f"chunk {expected} does not decompress") from None
        expected += 1
        finished = last
    if not finished:
        raise ArchiveError(f"the archive is cut short after chunk {expected - 1}" if expected
                           else "the archive is cut short: it holds no chunk")
    tail = decompressor.flush()
    if tail:
        yield tail
