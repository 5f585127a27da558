"""Which partition holds a job's records (docs/protocol.md, "Partitions").

The agent writes a job's decisions keyed by job id with the Java client's default partitioner:
murmur2 (Kafka's variant) of the UTF-8 key bytes, made positive by clearing the sign bit, modulo the
partition count. librdkafka's default partitioner (consistent_random, a CRC32) picks other partitions,
so this client computes the partition itself and names it on every send and on the reply assignment.
"""

_SEED = 0x9747B28C
_M = 0x5BD1E995
_MASK = 0xFFFFFFFF


def murmur2(data: bytes) -> int:
    """Kafka's murmur2 hash (org.apache.kafka.common.utils.Utils.murmur2) as a signed 32-bit int."""
    length = len(data)
    h = (_SEED ^ length) & _MASK
    whole = length & ~3
    for i in range(0, whole, 4):
        k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)
        k = (k * _M) & _MASK
        k ^= k >> 24
        k = (k * _M) & _MASK
        h = (h * _M) & _MASK
        h ^= k
    tail = length & 3
    if tail == 3:
        h ^= data[whole + 2] << 16
    if tail >= 2:
        h ^= data[whole + 1] << 8
    if tail >= 1:
        h ^= data[whole]
        h = (h * _M) & _MASK
    h ^= h >> 13
    h = (h * _M) & _MASK
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def partition_for(job_id: str, num_partitions: int) -> int:
    """The partition of ``job_id``'s records on a topic with ``num_partitions`` partitions."""
    if num_partitions < 1:
        raise ValueError(f"num_partitions must be >= 1, got {num_partitions}")
    return (murmur2(job_id.encode("utf-8")) & 0x7FFFFFFF) % num_partitions
