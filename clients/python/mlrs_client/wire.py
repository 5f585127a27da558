"""The bytes on the wire: Avro single-object encoding of the service's records (docs/protocol.md).

A value is ``C3 01`` + the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema's
Parsing Canonical Form + the Avro binary body. python3-avro 1.11 has the canonical form but neither the
fingerprint nor the framing, so both are written out here.
"""

import io
import json
from pathlib import Path

import avro.io
import avro.name
import avro.schema

MAGIC = b"\xc3\x01"
HEADER_SIZE = len(MAGIC) + 8

# The .avsc files reference each other by name, so a parser must meet a type before its users.
# This is the order docs/protocol.md documents (enums and EsEnrolment first).
SCHEMA_FILES = (
    "LearnerMode", "DecisionStatus", "EsSide", "EsEnrolment",
    "StepReport", "ValidationReport", "LrDecision", "RunResult",
    "MetaGradient", "Rejected", "LearnerParams", "EsFitness",
)
NAMESPACE = "dev.mlrs.schemas"

# Older released versions this client can still read (avro/history/; each file is self-contained).
HISTORY_FILES = ("LrDecision-v1",)

_CRC64_EMPTY = 0xC15D213AA4D7A795


def _crc64_table():
    table = []
    for byte in range(256):
        fp = byte
        for _ in range(8):
            fp = (fp >> 1) ^ (_CRC64_EMPTY & -(fp & 1))
        table.append(fp & 0xFFFFFFFFFFFFFFFF)
    return tuple(table)


_CRC64_TABLE = _crc64_table()


def crc64_avro(data: bytes) -> int:
    """CRC-64-AVRO (Avro specification, 'Schema Fingerprints') of ``data``, as an unsigned 64-bit int."""
    fp = _CRC64_EMPTY
    for byte in data:
        fp = (fp >> 8) ^ _CRC64_TABLE[(fp ^ byte) & 0xFF]
    return fp


def fingerprint(schema: avro.schema.Schema) -> int:
    """The writer-schema fingerprint of the single-object header: CRC-64-AVRO of the canonical form."""
    return crc64_avro(schema.canonical_form.encode("utf-8"))


def fingerprint_bytes(schema: avro.schema.Schema) -> bytes:
    """The fingerprint as it appears on the wire: 8 bytes, little-endian."""
    return fingerprint(schema).to_bytes(8, "little")


_AVRO_DIR = Path(__file__).resolve().parent / "avro"


def _read_avsc(relative: str):
    return json.loads((_AVRO_DIR / relative).read_text("utf-8"))


def _parse(files, names=None):
    names = names or avro.name.Names()
    parsed = {}
    for name in files:
        parsed[name] = avro.schema.make_avsc_object(_read_avsc(name + ".avsc"), names)
    return parsed


class Schemas:
    """Every public schema, parsed from the .avsc files bundled with this package."""

    def __init__(self):
        self.by_name = _parse(SCHEMA_FILES)
        self.history = {}
        for history_file in HISTORY_FILES:
            schema = avro.schema.make_avsc_object(_read_avsc("history/" + history_file + ".avsc"),
                                                  avro.name.Names())
            self.history.setdefault(schema.name, []).append(schema)

    def __getitem__(self, name: str) -> avro.schema.Schema:
        return self.by_name[name]


class Codec:
    """Encodes and decodes one record type. Decoding accepts the current schema and the bundled older
    versions of it (Avro schema resolution fills the defaults of fields an older writer lacked)."""

    def __init__(self, schema: avro.schema.Schema, older=()):
        self.schema = schema
        self.header = MAGIC + fingerprint_bytes(schema)
        self._writer = avro.io.DatumWriter(schema)
        self._readers = {self.header[2:]: avro.io.DatumReader(schema, schema)}
        for old in older:
            self._readers.setdefault(fingerprint_bytes(old), avro.io.DatumReader(old, schema))

    def encode(self, record: dict) -> bytes:
        """``record``: field name -> value; unions take the plain value (or None), enums the symbol."""
        buffer = io.BytesIO()
        buffer.write(self.header)
        self._writer.write(record, avro.io.BinaryEncoder(buffer))
        return buffer.getvalue()

    def decode(self, data: bytes) -> dict:
        """Raises ValueError with a readable reason for bytes that are not such a record."""
        if data is None or len(data) < HEADER_SIZE or data[:2] != MAGIC:
            raise ValueError(f"not Avro single-object encoding (no C3 01 header): {_preview(data)}")
        reader = self._readers.get(bytes(data[2:HEADER_SIZE]))
        if reader is None:
            raise ValueError(f"unknown writer schema fingerprint {bytes(data[2:HEADER_SIZE]).hex()} "
                             f"for {self.schema.name} (known: {[f.hex() for f in self._readers]})")
        try:
            return reader.read(avro.io.BinaryDecoder(io.BytesIO(data[HEADER_SIZE:])))
        except Exception as error:  # the avro library raises assorted types on truncated bytes
            raise ValueError(f"undecodable {self.schema.name}: {error}") from error


def _preview(data):
    if data is None:
        return "None"
    return bytes(data[:16]).hex() + ("..." if len(data) > 16 else "") + f" ({len(data)} bytes)"


_SCHEMAS = None


def schemas() -> Schemas:
    """The parsed schemas, loaded once."""
    global _SCHEMAS
    if _SCHEMAS is None:
        _SCHEMAS = Schemas()
    return _SCHEMAS


def codec(name: str) -> Codec:
    """A codec for one of the public record types, e.g. ``codec("StepReport")``."""
    loaded = schemas()
    schema = loaded[name]
    return Codec(schema, loaded.history.get(schema.name, ()))
