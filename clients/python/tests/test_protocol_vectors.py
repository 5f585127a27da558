"""The Python client against the test vectors of docs/protocol.md (the Java build checks the same page)."""

import json
import unittest

from mlrs_client import wire
from mlrs_client.partition import murmur2, partition_for

from .protocol_doc import REPO, ProtocolDoc

DOC = ProtocolDoc.load()


class SchemaVectors(unittest.TestCase):

    def test_fingerprint_of_every_public_schema(self):
        header, rows = DOC.section("### Schema fingerprints").table()
        self.assertEqual(sorted(wire.SCHEMA_FILES), sorted(row[0] for row in rows))
        for name, fingerprint, header_bytes in rows:
            schema = wire.schemas()[name]
            self.assertEqual(fingerprint, f"0x{wire.fingerprint(schema):016x}", name)
            self.assertEqual(header_bytes, wire.fingerprint_bytes(schema).hex(" "), name)

    def test_documented_parse_order_is_the_clients(self):
        order = DOC.section("## Records: Avro in single-object encoding").block("parse-order").split()
        self.assertEqual(list(wire.SCHEMA_FILES), order)

    def test_canonical_form_example(self):
        documented = DOC.section("### Canonical forms").block("canonical").strip()
        self.assertEqual(documented, wire.schemas()["EsEnrolment"].canonical_form)
        self.assertEqual(wire.crc64_avro(documented.encode("utf-8")), wire.fingerprint(wire.schemas()["EsEnrolment"]))

    def test_bundled_schemas_are_the_repositorys(self):
        for name in wire.SCHEMA_FILES:
            repo_file = REPO / "schemas" / "src" / "main" / "avro" / (name + ".avsc")
            bundled = wire._AVRO_DIR / (name + ".avsc")
            self.assertEqual(repo_file.read_bytes(), bundled.read_bytes(),
                             f"{bundled} must be a copy of {repo_file}: copy it again")
        for name in wire.HISTORY_FILES:
            repo_file = REPO / "schemas" / "src" / "main" / "resources" / "avro-history" / (name + ".avsc")
            self.assertEqual(repo_file.read_bytes(), (wire._AVRO_DIR / "history" / (name + ".avsc")).read_bytes())


class RecordVectors(unittest.TestCase):

    def test_every_record_vector_encodes_and_decodes(self):
        vectors = DOC.section("### Records").subsections("#### ")
        self.assertGreaterEqual(len(vectors), 5)
        for vector in vectors:
            title = vector.lines[0]
            record_type = title[len("#### "):].split(":")[0].strip()
            record = json.loads(vector.block("json"))
            documented = bytes.fromhex("".join(vector.block("hex").split()))
            codec = wire.codec(record_type)
            with self.subTest(title):
                self.assertEqual(documented.hex(), codec.encode(record).hex())
                self.assertEqual(record, codec.decode(documented))


class PartitionVectors(unittest.TestCase):

    def test_partition_table(self):
        header, rows = DOC.section("### Partitions").table()
        counts = [int(cell) for cell in header[2:]]
        self.assertTrue(rows)
        for row in rows:
            job = row[0]
            self.assertEqual(int(row[1]), murmur2(job.encode("utf-8")), job)
            for count, expected in zip(counts, row[2:]):
                self.assertEqual(int(expected), partition_for(job, count), f"{job} on {count} partitions")


if __name__ == "__main__":
    unittest.main()
