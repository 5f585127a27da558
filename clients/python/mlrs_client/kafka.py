"""The Kafka side of the client, on confluent-kafka (librdkafka). docs/protocol.md, "Kafka settings".

Kept behind four methods (partitions, assign_replies, send, poll) so that the client's logic can be
tested without a broker.
"""

import logging
import uuid

from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition

log = logging.getLogger("mlrs_client")


class KafkaTransport:
    """An idempotent producer for the job's reports and a consumer assigned to one partition of lr."""

    def __init__(self, bootstrap: str, job_id: str, extra_config: dict = None, timeout: float = 15.0):
        extra = dict(extra_config or {})
        self._timeout = timeout
        self._producer = Producer({
            "client.id": f"mlrs-client-{job_id}-producer",
            "logger": log,  # librdkafka's own messages go to the mlrs_client logger, not raw to stderr
            "linger.ms": 0,  # one report per step: send at once
            "socket.nagle.disable": True,  # small records, one at a time: no Nagle delay
            **extra,
            "bootstrap.servers": bootstrap,
            # idempotence keeps a job's steps in order on retries; the agent relies on it
            "enable.idempotence": True,
            "acks": "all",
        })
        self._consumer = Consumer({
            "client.id": f"mlrs-client-{job_id}-consumer",
            "logger": log,
            # The broker answers a waiting fetch as soon as a reply is appended (or committed), so a long wait
            # costs no latency; a short one only makes an idle job fetch 200 times a second.
            # As the Java client (fetch.max.wait.ms=500); librdkafka's default too, set here on purpose.
            "fetch.wait.max.ms": 500,
            "socket.nagle.disable": True,
            **extra,
            "bootstrap.servers": bootstrap,
            # confluent-kafka insists on a group id; assign() never joins the group and nothing is committed
            "group.id": f"mlrs-client-{job_id}-{uuid.uuid4()}",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            # decisions are written in Kafka transactions: only committed ones are real
            "isolation.level": "read_committed",
        })

    def partitions(self, topic: str) -> int:
        """The topic's partition count; raises when the topic does not exist."""
        metadata = self._producer.list_topics(topic, timeout=self._timeout)
        info = metadata.topics.get(topic)
        if info is None or info.error is not None or not info.partitions:
            reason = info.error if info is not None else "no metadata"
            raise RuntimeError(f"topic {topic} does not exist (is the agent deployed?): {reason}")
        return len(info.partitions)

    def assign_replies(self, topic: str, partition: int) -> int:
        """Reads ``partition`` of ``topic`` from its current end, resolved now, before any step is sent:
        a reply written after this returns is never skipped. Returns that offset."""
        low, high = self._consumer.get_watermark_offsets(TopicPartition(topic, partition),
                                                         timeout=self._timeout, cached=False)
        self._consumer.assign([TopicPartition(topic, partition, high)])
        return high

    def send(self, topic: str, partition: int, key: bytes, value: bytes, on_error) -> None:
        """Queues one record on an explicit partition; ``on_error(reason)`` runs if delivery fails."""
        def delivered(error, message):
            if error is not None:
                on_error(str(error))

        self._producer.produce(topic, value=value, key=key, partition=partition, on_delivery=delivered)
        self._producer.poll(0)

    def poll(self, timeout: float):
        """(key, value) of the reply records that arrive within ``timeout`` seconds; also serves the
        producer's delivery reports."""
        self._producer.poll(0)
        # poll() returns at the first record; consume() would wait for all num_messages or the timeout
        first = self._consumer.poll(timeout)
        if first is None:
            return []
        records = []
        for message in [first] + self._consumer.consume(num_messages=100, timeout=0):
            error = message.error()
            if error is not None:
                if error.code() != KafkaError._PARTITION_EOF:
                    log.warning("mlrs client: reading decisions failed: %s", error)
                continue
            records.append((message.key(), message.value()))
        return records

    def flush(self, timeout: float) -> int:
        """Waits for queued records; returns how many are still undelivered."""
        return self._producer.flush(timeout)

    def close(self) -> None:
        try:
            self._producer.flush(5.0)
        finally:
            try:
                self._consumer.close()
            except (KafkaException, RuntimeError) as error:
                log.debug("mlrs client: closing the consumer failed: %s", error)
