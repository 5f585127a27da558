import unittest

from mlrs_client.partition import murmur2, partition_for


class Partition(unittest.TestCase):

    def test_hash_is_a_signed_32_bit_int(self):
        for i in range(500):
            self.assertTrue(-2 ** 31 <= murmur2(f"job-{i}".encode()) < 2 ** 31)

    def test_clears_the_sign_bit_instead_of_taking_abs(self):
        h = murmur2(b"job-1")
        self.assertLess(h, 0)
        self.assertEqual((h & 0x7FFFFFFF) % 6, partition_for("job-1", 6))
        self.assertNotEqual(abs(h) % 6, partition_for("job-1", 6))

    def test_spreads_jobs_over_all_partitions(self):
        counts = [0] * 6
        for i in range(600):
            counts[partition_for(f"job-{i}", 6)] += 1
        for count in counts:
            self.assertLess(abs(count - 100), 50)

    def test_refuses_zero_partitions(self):
        with self.assertRaises(ValueError):
            partition_for("job", 0)


if __name__ == "__main__":
    unittest.main()
