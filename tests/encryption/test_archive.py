"""The encrypted archive of `athar backup`: round trip, and every kind of tampering refused."""

from __future__ import annotations

import io
import os

import pytest
from cryptography.fernet import Fernet, MultiFernet

from athar.encryption import archive
from athar.encryption.archive import ArchiveError, ArchiveWriter, read_archive

KEY = MultiFernet([Fernet(Fernet.generate_key())])


def _write(data: bytes, cipher: MultiFernet = KEY) -> bytes:
    target = io.BytesIO()
    with ArchiveWriter(target, cipher) as writer:
        for start in range(0, len(data), 7000):
            writer.write(data[start:start + 7000])
    return target.getvalue()


def _read(blob: bytes, cipher: MultiFernet = KEY) -> bytes:
    return b"".join(read_archive(io.BytesIO(blob), cipher))


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "CHUNK_SIZE", 1000)


def test_it_round_trips_data_over_many_chunks(small_chunks: None) -> None:
    data = os.urandom(50_000) + "محمد أحمد الحسن\n".encode() * 1000
    blob = _write(data)
    assert len(blob.splitlines()) > 10
    assert _read(blob) == data


def test_it_round_trips_nothing() -> None:
    assert _read(_write(b"")) == b""


def test_no_plain_text_is_left_in_the_file() -> None:
    blob = _write("محمد أحمد الحسن, 1985, Saydnaya\n".encode() * 50)
    assert "محمد".encode() not in blob and b"Saydnaya" not in blob


def test_it_refuses_a_changed_byte(small_chunks: None) -> None:
    blob = bytearray(_write(os.urandom(5000)))
    blob[len(archive.MAGIC) + 40] ^= 1
    with pytest.raises(ArchiveError, match="chunk 0 cannot be decrypted"):
        _read(bytes(blob))


def test_it_refuses_reordered_dropped_and_truncated_chunks(small_chunks: None) -> None:
    magic, *lines = _write(os.urandom(5000)).splitlines(keepends=True)
    with pytest.raises(ArchiveError, match="out of place"):
        _read(b"".join([magic, lines[1], lines[0], *lines[2:]]))
    with pytest.raises(ArchiveError, match="out of place"):
        _read(b"".join([magic, lines[0], *lines[2:]]))
    with pytest.raises(ArchiveError, match="cut short"):
        _read(b"".join([magic, *lines[:-1]]))
    with pytest.raises(ArchiveError, match="after the last chunk"):
        _read(b"".join([magic, *lines, lines[-1]]))


def test_it_refuses_a_chunk_spliced_from_another_archive(small_chunks: None) -> None:
    magic, *first = _write(os.urandom(5000)).splitlines(keepends=True)
    _magic, *second = _write(os.urandom(5000)).splitlines(keepends=True)
    with pytest.raises(ArchiveError, match="out of place"):
        _read(b"".join([magic, first[0], second[1], *first[2:]]))


def test_it_refuses_another_installations_key() -> None:
    other = MultiFernet([Fernet(Fernet.generate_key())])
    with pytest.raises(ArchiveError, match="key this installation does not have"):
        _read(_write(b"data"), other)


def test_an_older_key_still_reads_after_rotation() -> None:
    new = Fernet(Fernet.generate_key())
    blob = _write(b"data")
    assert _read(blob, MultiFernet([new, *KEY._fernets])) == b"data"


def test_it_refuses_a_file_that_is_not_an_archive() -> None:
    with pytest.raises(ArchiveError, match="not an athar encrypted archive"):
        _read(b"SQLite format 3\x00")
