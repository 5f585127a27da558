"""A transport without a broker: records what the client sends and answers like a scripted agent."""

from mlrs_client import wire


class FakeTransport:
    """``answer(step_record) -> decision dict | None`` decides the reply to each StepReport (None: silence)."""

    def __init__(self, answer=None, partitions=4):
        self.answer = answer or (lambda step: decision(step, lr=0.1))
        self.partition_counts = {}
        self.default_partitions = partitions
        self.sent = []          # (topic, partition, key, decoded record)
        self.assigned = None
        self.queued = []        # (key, value) waiting for poll
        self.reply_delay = 0    # polls a reply to a step report takes to arrive (0: there at the next poll)
        self.in_flight = []     # [polls left, key, value] of replies not arrived yet
        self.fail_sends_with = None
        self.closed = False
        self._codecs = {"steps": wire.codec("StepReport"), "validation": wire.codec("ValidationReport"),
                        "run-results": wire.codec("RunResult")}
        self._decisions = wire.codec("LrDecision")

    def partitions(self, topic):
        return self.partition_counts.get(topic, self.default_partitions)

    def assign_replies(self, topic, partition):
        self.assigned = (topic, partition)
        return 0

    def send(self, topic, partition, key, value, on_error):
        if self.fail_sends_with:
            on_error(self.fail_sends_with)
            return
        base = topic.split(".")[-1]
        record = self._codecs[base].decode(value)
        self.sent.append((topic, partition, key, record))
        if base == "steps":
            reply = self.answer(record)
            if reply is None:
                return
            if self.reply_delay:
                self.in_flight.append([self.reply_delay, key, self._decisions.encode(reply)])
            else:
                self.queue(key, reply)

    def queue(self, key, decision_record):
        self.queued.append((key, self._decisions.encode(decision_record)))

    def poll(self, timeout):
        records, self.queued = self.queued, []
        for entry in self.in_flight:
            entry[0] -= 1
        self.queued = [(key, value) for left, key, value in self.in_flight if left <= 0]
        self.in_flight = [entry for entry in self.in_flight if entry[0] > 0]
        return records

    def flush(self, timeout):
        return 0

    def close(self):
        self.closed = True

    def records(self, base_topic):
        return [record for topic, _, _, record in self.sent if topic.split(".")[-1] == base_topic]


def decision(step_record, lr=0.1, status="OK", reason=None, version=1):
    return {"job": step_record["job"], "step": step_record["step"], "status": status,
            "lr": lr if status == "OK" else None, "learner": step_record["learner"], "learnerVersion": version,
            "stage": 0, "gamma": 0.5, "output": 0.2, "clamped": False, "reason": reason,
            "esGeneration": None, "esSide": None}
