"""A training job's connection to the LR service, framework-free (the PyTorch scheduler builds on it).

One StepReport per step, one LrDecision back. The client never raises because of the service: a
missing, late or rejected reply gives the fallback LR, with ``LrReply.fallback`` set and the reason,
and a warning is logged on the first fallback and every 100th. Caller errors (steps that do not
increase, a closed client) raise.

Single-threaded by design: ``report`` sends and then polls the reply partition itself until the
decision for that step arrives or the timeout runs out (librdkafka fetches in its own threads).
``report_async`` only sends: the reply is read when the job asks for it (``PendingReply.result``), and
since librdkafka keeps fetching meanwhile, a reply that came while the job trained is there at once
(``mlrs_client.pipelined`` builds on it).
"""

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Optional

from . import wire
from .options import JobOptions
from .partition import partition_for

log = logging.getLogger("mlrs_client")

WARN_EVERY = 100
_MEMORY = 1024  # timed-out steps remembered to tell a late reply from a stray one


def topic_names(prefix: str = "") -> dict:
    """The service's topics; a deployment may put a prefix (e.g. "team-a.") in front of every name."""
    return {name: prefix + name for name in ("steps", "validation", "lr", "run-results")}


@dataclass(frozen=True)
class LrReply:
    """The LR for one step: served by the agent, or the fallback (then ``reason`` says why)."""
    step: int
    lr: float
    fallback: bool
    reason: Optional[str] = None
    learner: Optional[str] = None
    learner_version: int = -1
    stage: int = 0
    gamma: float = 0.0
    output: float = 0.0
    clamped: bool = False
    round_trip_s: float = 0.0


@dataclass
class ClientStats:
    reports_sent: int = 0
    replies_in_time: int = 0
    fallbacks: int = 0
    timeouts: int = 0
    rejected: int = 0
    send_failures: int = 0
    late_replies: int = 0
    ignored_replies: int = 0
    validations_sent: int = 0
    validations_skipped: int = 0
    run_results_sent: int = 0
    round_trips_s: list = field(default_factory=list, repr=False)


class LrClient:
    """Attach with :meth:`attach`; use as a context manager or call :meth:`close`."""

    def __init__(self, options: JobOptions, transport, topic_prefix: str = ""):
        """Prefer :meth:`attach`; this constructor takes any transport (tests use a fake one)."""
        self.options = options
        self.stats = ClientStats()
        self._transport = transport
        self._topics = topic_names(topic_prefix)
        self._key = options.job_id.encode("utf-8")
        self._steps = wire.codec("StepReport")
        self._validations = wire.codec("ValidationReport")
        self._run_results = wire.codec("RunResult")
        self._decisions = wire.codec("LrDecision")
        self._reference_loss = options.reference_loss
        self._last_step = -1
        self._last_served_lr = math.nan
        self._warm = False  # a reply came, or the first wait ran out: the normal timeout applies
        self._timed_out = []
        self._pending = {}  # step -> PendingReply: sent, no reply or fallback yet
        self._served_validation_steps = set()
        self._run_result_sent = False
        self._closed = False
        # Partitions of the topics a step needs (looked up now, so that report() never waits for them),
        # and the reply partition read from its end resolved now, before the first step is sent.
        self._partitions = {}
        for topic in ("steps", "lr") + (("validation",) if options.mode == "LEARN" else ()):
            self._partition(topic)
        transport.assign_replies(self._topics["lr"], self._partitions["lr"])

    @classmethod
    def attach(cls, bootstrap: str, options: JobOptions, topic_prefix: str = "", kafka_config: dict = None):
        """Connects to the service. Raises :class:`MlrsAttachError` when the cluster or its topics
        cannot be reached (bounded: about 15 s per metadata request)."""
        from .kafka import KafkaTransport  # confluent_kafka is needed only for a real connection
        transport = None
        try:
            transport = KafkaTransport(bootstrap, options.job_id, kafka_config)
            client = cls(options, transport, topic_prefix)
        except Exception as error:
            if transport is not None:
                transport.close()
            raise MlrsAttachError(f"could not attach job '{options.job_id}' to the mlrs service at {bootstrap} "
                                  f"(topic prefix '{topic_prefix}'): {error}") from error
        log.info("mlrs client attached: job %s, learner %s, mode %s, replies on %s[%d]", options.job_id,
                 options.learner, options.mode, client._topics["lr"], client._partitions["lr"])
        return client

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def last_step(self) -> int:
        return self._last_step

    def validation_due(self, step: int) -> bool:
        return self.options.validation_due(step)

    def update_reference_loss(self, reference_loss: float) -> None:
        """Changes L0 for the following reports, e.g. at a stage switch."""
        if not isinstance(reference_loss, (int, float)) or not math.isfinite(reference_loss) or reference_loss <= 0:
            raise ValueError(f"reference_loss must be finite and > 0, got {reference_loss!r}")
        self._reference_loss = float(reference_loss)

    def report(self, step: int, loss: float) -> LrReply:
        """Reports step ``step`` (its minibatch loss at the current weights, before the update) and
        waits for its LR: at most ``reply_timeout`` (``first_reply_timeout`` until the service has
        answered once). Returns the fallback LR when no usable reply comes in time."""
        return self.report_async(step, loss).result()

    def report_async(self, step: int, loss: float) -> "PendingReply":
        """Like :meth:`report` without waiting: sends the report and returns at once. The reply
        timeout counts from now; ``result()`` on what this returns waits for the LR (or the fallback)."""
        self._require_open()
        if not isinstance(step, int) or step < 0:
            raise ValueError(f"step must be an int >= 0, got {step!r}")
        if step <= self._last_step:
            raise ValueError(f"steps must strictly increase: got {step} after {self._last_step}")
        self._last_step = step
        validate = self.validation_due(step)
        value = self._steps.encode(self._step_record(step, float(loss), validate))
        timeout = self.options.reply_timeout if self._warm else self.options.first_reply_timeout
        pending = PendingReply(self, step, validate, time.monotonic(), timeout)
        self._pending[step] = pending
        self.stats.reports_sent += 1
        try:
            # a delivery failure is reported during a later poll: the step then falls back without waiting
            self._transport.send(self._topics["steps"], self._partitions["steps"], self._key, value,
                                 lambda reason: self._on_send_failure(pending, reason))
        except Exception as error:  # e.g. BufferError: the local queue is full
            self._on_send_failure(pending, str(error))
        return pending

    def report_validation(self, step: int, val_loss: float, hypergradient: float) -> bool:
        """Sends the clean-validation hypergradient of validation step ``step`` after its LR came back.
        Returns False (and sends nothing) when that LR was a fallback (the hypergradient would refer to
        an LR the service did not choose) or the hypergradient is not finite."""
        self._require_open()
        if self.options.mode != "LEARN":
            raise RuntimeError(f"job {self.options.job_id} is FROZEN: only LEARN jobs send validation reports")
        if not self.validation_due(step):
            raise ValueError(f"step {step} is not a validation step: they are the steps with (step + 1) % "
                             f"{self.options.validate_every} == 0")
        if step not in self._served_validation_steps:
            self.stats.validations_skipped += 1
            log.debug("mlrs client: no validation report for step %d: no served LR for it", step)
            return False
        self._served_validation_steps.discard(step)
        if not math.isfinite(hypergradient):
            self.stats.validations_skipped += 1
            log.warning("mlrs client: no validation report for step %d of job %s: hypergradient is %s",
                        step, self.options.job_id, hypergradient)
            return False
        record = {"job": self.options.job_id, "step": step, "valLoss": float(val_loss),
                  "hypergradient": float(hypergradient)}
        return self._send_validation(self._validations.encode(record), step)

    def report_run_result(self, validation_loss: float, validation_accuracy: Optional[float] = None,
                          diverged: bool = False, timeout: float = 10.0) -> bool:
        """Sends how the run ended (RunResult on run-results), once, after the last step: the mean loss
        over the clean validation set (NaN or inf when diverged), the accuracy in [0, 1] if the task has
        one. For a job enrolled in fleet meta-training this is the fitness of the learner it was served.
        Waits up to ``timeout`` seconds for delivery; returns whether it was delivered."""
        self._require_open()
        if self._run_result_sent:
            raise RuntimeError("the run result was already sent: a run has one")
        if self._last_step < 0:
            raise RuntimeError("no step was reported: a run result follows the run's last step")
        if validation_accuracy is not None and not 0.0 <= validation_accuracy <= 1.0:
            raise ValueError(f"validation_accuracy must be in [0, 1] or None, got {validation_accuracy!r}")
        self._run_result_sent = True
        record = {"job": self.options.job_id, "lastStep": self._last_step,
                  "validationLoss": float(validation_loss),
                  "validationAccuracy": None if validation_accuracy is None else float(validation_accuracy),
                  "diverged": bool(diverged)}
        failure = []
        try:
            self._transport.send(self._topics["run-results"], self._partition("run-results"), self._key,
                                 self._run_results.encode(record), failure.append)
            undelivered = self._transport.flush(timeout)
        except Exception as error:
            failure.append(str(error))
            undelivered = 1
        if failure or undelivered:
            log.warning("mlrs client: the run result of job %s was not delivered: %s", self.options.job_id,
                        failure[0] if failure else f"not acknowledged within {timeout} s")
            return False
        self.stats.run_results_sent += 1
        return True

    def close(self) -> None:
        """Flushes what is queued (up to 5 s) and closes the Kafka clients. Idempotent. A step still
        waiting (sent with :meth:`report_async`) gets the fallback LR, not counted among the fallbacks:
        nothing trained with it yet."""
        if self._closed:
            return
        self._closed = True
        for pending in list(self._pending.values()):
            self._resolve(pending, LrReply(pending.step, self._schedule_lr(pending.step), True,
                                           "the client was closed", round_trip_s=time.monotonic() - pending.sent))
        self._transport.close()
        log.info("mlrs client closed for job %s: %s", self.options.job_id, self.stats)

    def _step_record(self, step: int, loss: float, validate: bool) -> dict:
        o = self.options
        return {"job": o.job_id, "step": step, "loss": loss, "learner": o.learner, "mode": o.mode,
                "numClasses": o.num_classes, "referenceLoss": float(self._reference_loss),
                "gamma": None if o.gamma is None else float(o.gamma), "lrMin": float(o.lr_min),
                "lrMax": float(o.lr_max), "totalSteps": o.total_steps, "validate": validate,
                "es": None if o.es is None else o.es.to_record()}

    def _wait(self, pending: "PendingReply") -> None:
        """Reads the reply partition until ``pending`` has its reply or its deadline has passed."""
        while pending.reply is None:
            remaining = pending.deadline - time.monotonic()
            if remaining > 0:
                self._read(min(remaining, 0.1))
            self._expire_overdue()

    def _read(self, timeout: float) -> None:
        """Hands every decision that arrives within ``timeout`` seconds to the step waiting for it."""
        for key, raw in self._transport.poll(timeout):
            self._on_record(key, raw)

    def _expire_overdue(self) -> None:
        """Gives each step past its deadline the fallback; first reads everything already fetched, so
        that a reply that came while the job was busy (a step asked ahead) is still served."""
        now = time.monotonic()
        if not any(p.deadline <= now for p in self._pending.values()):
            return
        while True:
            records = self._transport.poll(0)
            if not records:
                break
            for key, raw in records:
                self._on_record(key, raw)
        for pending in [p for p in self._pending.values() if p.deadline <= now]:
            self._warm = True
            self.stats.timeouts += 1
            self._remember_timed_out(pending.step)
            self._resolve(pending, self._fallback(pending.step, pending.sent,
                                                  f"no reply within {pending.timeout * 1000:.0f} ms"))

    def _on_send_failure(self, pending: "PendingReply", reason: str) -> None:
        if pending.reply is not None:
            return  # answered already
        self.stats.send_failures += 1
        self._resolve(pending, self._fallback(pending.step, pending.sent, f"could not send the step report: {reason}"))

    def _resolve(self, pending: "PendingReply", reply: LrReply) -> None:
        self._pending.pop(pending.step, None)
        pending.reply = reply

    def _on_record(self, key, raw) -> None:
        """Resolves the step this record answers; counts it when no step waits for it (another
        job's, late, a duplicate)."""
        if key != self._key:
            return  # another job whose id hashes to the same partition
        try:
            decision = self._decisions.decode(raw)
        except ValueError as error:
            self.stats.ignored_replies += 1
            log.warning("mlrs client: unreadable decision for job %s: %s", self.options.job_id, error)
            return
        if decision["job"] != self.options.job_id:
            return
        step = decision["step"]
        pending = self._pending.get(step)
        if pending is None:
            if step in self._timed_out:
                self._timed_out.remove(step)
                self.stats.late_replies += 1
            else:
                self.stats.ignored_replies += 1
            return
        # For a step asked ahead this is when the job picked the reply up, not when it arrived.
        round_trip = time.monotonic() - pending.sent
        self._warm = True
        self.stats.replies_in_time += 1
        self.stats.round_trips_s.append(round_trip)
        lr = decision["lr"]
        usable = decision["status"] == "OK" and lr is not None and math.isfinite(lr) and lr >= 0
        details = dict(learner=decision["learner"], learner_version=decision["learnerVersion"],
                       stage=decision["stage"], gamma=decision["gamma"], output=decision["output"],
                       clamped=decision["clamped"], round_trip_s=round_trip)
        if usable:
            self._last_served_lr = lr
            if pending.validate:
                self._served_validation_steps.add(step)
            self._resolve(pending, LrReply(step, lr, False, None, **details))
            return
        self.stats.rejected += 1
        reason = (f"rejected by the service: {decision['reason'] or 'no reason given'}"
                  if decision["status"] == "REJECTED" else f"the service sent an unusable LR: {lr}")
        self._resolve(pending, LrReply(step, self._fallback_lr(step, reason), True, reason, **details))

    def _fallback(self, step, sent, reason) -> LrReply:
        return LrReply(step, self._fallback_lr(step, reason), True, reason, round_trip_s=time.monotonic() - sent)

    def _schedule_lr(self, step: int) -> float:
        """The job's fallback LR for ``step`` (not counted)."""
        try:
            return self.options.fallback_lr(step, self._last_served_lr)
        except Exception:
            log.warning("mlrs client: the fallback schedule of job %s failed at step %d; using lr_min",
                        self.options.job_id, step, exc_info=True)
            return self.options.lr_min

    def _fallback_lr(self, step: int, reason: str) -> float:
        lr = self._schedule_lr(step)
        self.stats.fallbacks += 1
        count = self.stats.fallbacks
        if count == 1 or count % WARN_EVERY == 0:
            log.warning("mlrs client: job %s step %d trains with the fallback LR %s (%s); %d fallback(s) so far",
                        self.options.job_id, step, lr, reason, count)
        return lr

    def _send_validation(self, value: bytes, step: int) -> bool:
        def failed(reason):
            log.warning("mlrs client: the validation report for step %d of job %s was not delivered: %s",
                        step, self.options.job_id, reason)

        try:
            self._transport.send(self._topics["validation"], self._partitions["validation"], self._key, value,
                                 failed)
        except Exception as error:  # e.g. BufferError: the local queue is full
            self.stats.validations_skipped += 1
            failed(error)
            return False
        self.stats.validations_sent += 1
        return True

    def _partition(self, topic: str) -> int:
        if topic not in self._partitions:
            count = self._transport.partitions(self._topics[topic])
            self._partitions[topic] = partition_for(self.options.job_id, count)
        return self._partitions[topic]

    def _remember_timed_out(self, step: int) -> None:
        self._timed_out.append(step)
        del self._timed_out[:-_MEMORY]

    def _require_open(self):
        if self._closed:
            raise RuntimeError(f"the mlrs client of job {self.options.job_id} is closed")


class PendingReply:
    """A step report sent by :meth:`LrClient.report_async` whose LR the job has not taken yet."""

    def __init__(self, client: LrClient, step: int, validate: bool, sent: float, timeout: float):
        self.step = step
        self.validate = validate
        self.sent = sent
        self.timeout = timeout
        self.deadline = sent + timeout
        self.reply: Optional[LrReply] = None
        self._client = client

    def done(self) -> bool:
        """True when :meth:`result` returns without waiting: the reply has arrived (read now, without
        blocking), the step fell back, or its deadline has passed."""
        if self.reply is None:
            self._client._read(0)
            self._client._expire_overdue()
        return self.reply is not None

    def result(self) -> LrReply:
        """The step's LR: waits for the reply until the step's deadline (counted from the send), then
        gives the fallback. Never raises because of the service."""
        if self.reply is None:
            self._client._wait(self)
        return self.reply


class MlrsAttachError(RuntimeError):
    """The cluster or the service's topics could not be reached when attaching."""
