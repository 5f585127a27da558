"""Asking one step ahead (docs/protocol.md, "Asking one step ahead"), opt-in; the Java client's PipelinedLrSource.

    client = LrClient.attach("broker:9092", JobOptions("run-42", ..., total_steps=steps))
    with PipelinedLrSource(client) as lr_source:
        for step in range(steps):
            loss = ...                                   # f_t, before the update
            lr = lr_source.report(step, loss).lr         # asked for at step t-1: nearly always there
            ...                                          # train step t with lr

or ``MlrsScheduler(optimizer, client=PipelinedLrSource(client))``.
"""

from typing import Optional

from .client import LrReply


class PipelinedLrSource:
    """Takes the round trip off a job's critical path: while step t trains, step t+1's LR is already
    being asked for with the latest loss the job has, f_t. At step t+1 the reply is (nearly always)
    there and the job does not wait.

    What changes for the learner: the loss reported with step t+1 is f_t, one step old; at the start it
    sees f_0 twice (step 0 is asked for with f_0 and waited for, as without pipelining). What does not:
    every LR a step trains with is the service's decision for that step (or that step's fallback), so the
    records on ``steps`` and ``lr`` stay aligned by step number. A validation step (LEARN jobs) is not
    asked ahead of, and the step after it is waited for: its validation report must reach the service
    before the next step's report, whose cell step would otherwise replace the pending one the
    hypergradient belongs to.

    ``source`` is an :class:`~mlrs_client.LrClient` (anything with ``report``, ``report_async`` whose
    result has ``done()`` and ``result()``, ``validation_due`` and ``report_validation``). Steps must still
    be reported in increasing order; the wrapper is as single-threaded as the client.
    """

    def __init__(self, source, total_steps: Optional[int] = None):
        """``total_steps``: the run's last step + 1, so that no step past the end is asked for; 0 when
        unknown (then the step after the last one is asked for and its reply dropped at close); default:
        the client's ``options.total_steps``."""
        if total_steps is None:
            total_steps = source.options.total_steps
        if not isinstance(total_steps, int) or total_steps < 0:
            raise ValueError(f"total_steps must be an int >= 0 (0 = unknown), got {total_steps!r}")
        self.source = source
        self.total_steps = total_steps
        self._ahead = None  # the pending reply of step _ahead_step, asked for one step early
        self._ahead_step = -1
        self._served_ahead = 0
        self._waited_ahead = 0

    def report(self, step: int, loss: float) -> LrReply:
        """Step ``step``'s LR, given its loss f_t; sends f_t as step t+1's report before returning."""
        if self._ahead is not None and self._ahead_step == step:
            if not self._ahead.done():
                self._waited_ahead += 1
            reply = self._ahead.result()
            self._served_ahead += 1
        else:
            # The first step, or the step after a validation step (or a step number the job skipped to:
            # the stale ask is dropped; the client times it out like any unanswered step).
            reply = self.source.report(step, loss)
        self._ahead = None
        self._ahead_step = -1
        following = step + 1
        if not self.source.validation_due(step) and (self.total_steps == 0 or following < self.total_steps):
            self._ahead = self.source.report_async(following, loss)
            self._ahead_step = following
        return reply

    def validation_due(self, step: int) -> bool:
        return self.source.validation_due(step)

    def report_validation(self, step: int, val_loss: float, hypergradient: float) -> bool:
        return self.source.report_validation(step, val_loss, hypergradient)

    @property
    def served_ahead(self) -> int:
        """Steps whose LR had been asked for ahead."""
        return self._served_ahead

    @property
    def waited_ahead(self) -> int:
        """Of those, the steps whose reply had not arrived yet when the step needed it (the job waited
        for the rest of the round trip)."""
        return self._waited_ahead

    # The rest is the client's, so that MlrsScheduler(optimizer, client=PipelinedLrSource(client)) works.

    @property
    def options(self):
        return self.source.options

    @property
    def stats(self):
        return self.source.stats

    def update_reference_loss(self, reference_loss: float) -> None:
        """Changes L0 for the following reports; the step already asked for ahead keeps the old one."""
        self.source.update_reference_loss(reference_loss)

    def report_run_result(self, validation_loss: float, validation_accuracy: Optional[float] = None,
                          diverged: bool = False) -> bool:
        return self.source.report_run_result(validation_loss, validation_accuracy, diverged)

    def close(self) -> None:
        """Drops the step asked for ahead, if any (no step trains with it), and closes the client."""
        self._ahead = None
        self._ahead_step = -1
        self.source.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
