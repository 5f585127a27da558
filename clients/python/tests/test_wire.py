import unittest

import avro.schema

from mlrs_client import wire


class Crc64(unittest.TestCase):

    def test_empty_input_is_the_initial_value(self):
        self.assertEqual(0xC15D213AA4D7A795, wire.crc64_avro(b""))

    def test_fingerprint_of_a_schema_is_the_crc_of_its_canonical_form(self):
        schema = avro.schema.parse('{"type": "enum", "name": "E", "namespace": "x", "doc": "ignored", '
                                   '"symbols": ["A", "B"]}')
        self.assertEqual('{"name":"x.E","type":"enum","symbols":["A","B"]}', schema.canonical_form)
        self.assertEqual(wire.crc64_avro(schema.canonical_form.encode()), wire.fingerprint(schema))
        self.assertEqual(wire.fingerprint(schema).to_bytes(8, "little"), wire.fingerprint_bytes(schema))

    def test_one_changed_byte_changes_the_fingerprint(self):
        self.assertNotEqual(wire.crc64_avro(b'"int"'), wire.crc64_avro(b'"inu"'))


class Framing(unittest.TestCase):

    def setUp(self):
        self.codec = wire.codec("ValidationReport")
        self.record = {"job": "j", "step": 5, "valLoss": 0.5, "hypergradient": -1.5}

    def test_header_is_the_marker_and_the_fingerprint(self):
        data = self.codec.encode(self.record)
        self.assertEqual(b"\xc3\x01", data[:2])
        self.assertEqual(wire.fingerprint_bytes(wire.schemas()["ValidationReport"]), data[2:10])
        self.assertEqual(self.record, self.codec.decode(data))

    def test_refuses_bytes_without_the_marker(self):
        with self.assertRaisesRegex(ValueError, "no C3 01 header"):
            self.codec.decode(b"\x00\x01" + self.codec.encode(self.record)[2:])
        with self.assertRaisesRegex(ValueError, "no C3 01 header"):
            self.codec.decode(b"\xc3")

    def test_refuses_an_unknown_writer_schema(self):
        data = bytearray(self.codec.encode(self.record))
        data[5] ^= 0xFF
        with self.assertRaisesRegex(ValueError, "unknown writer schema fingerprint"):
            self.codec.decode(bytes(data))

    def test_refuses_a_truncated_body(self):
        with self.assertRaisesRegex(ValueError, "undecodable ValidationReport"):
            self.codec.decode(self.codec.encode(self.record)[:-3])

    def test_reads_the_older_released_lr_decision_filling_defaults(self):
        old_schema = wire.schemas().history["LrDecision"][0]
        old = wire.Codec(old_schema)
        record = {"job": "j", "step": 1, "status": "OK", "lr": 0.25, "learner": "default", "learnerVersion": 3,
                  "stage": 0, "gamma": 0.5, "output": 0.5, "clamped": False, "reason": None}
        decoded = wire.codec("LrDecision").decode(old.encode(record))
        self.assertEqual(0.25, decoded["lr"])
        self.assertIsNone(decoded["esGeneration"])
        self.assertIsNone(decoded["esSide"])


if __name__ == "__main__":
    unittest.main()
