"""The PyTorch side: an LR scheduler that asks the service for every step's learning rate.

    sched = MlrsScheduler(optimizer, job_id="run-42", bootstrap="broker:9092", learner="default",
                          total_steps=steps, num_classes=10, reference_loss=initial_mean_loss)
    for x, y in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        sched.step(loss)      # reports f_t, sets the LR served for step t on every parameter group
        optimizer.step()      # trains step t with it

Unlike PyTorch's epoch schedulers, ``step(loss)`` comes *before* ``optimizer.step()``: the service's LR
for step t is a function of that step's loss f_t, taken at the weights the step updates.
``ask_ahead=True`` asks for step t+1's LR with f_t while step t trains (:class:`PipelinedLrSource`).
"""

import logging
import math
from typing import Optional

import torch

from .client import LrClient, LrReply
from .hypergradient import ValidationProbe
from .options import EsEnrolment, JobOptions
from .pipelined import PipelinedLrSource

log = logging.getLogger("mlrs_client")


class MlrsScheduler:
    """Serves every training step's LR from the mlrs service; never stalls a job.

    A reply that does not come within ``reply_timeout`` seconds (``first_reply_timeout`` for the first
    one, while the agent may still warm up) or a rejected report gives the fallback LR: the last served
    LR, or ``fallback_lr`` (default: the optimizer's LR when the scheduler is built) before the first.
    Each fallback is logged (first and every 100th as a warning) and visible in :attr:`last_reply`
    (``fallback``, ``reason``) and :attr:`stats`.

    Learning (mode LEARN, the one-step meta-objective): give ``validation`` (a :class:`ValidationProbe`
    on a clean validation batch); every ``validate_every``-th step the scheduler measures the
    hypergradient of the served LR and sends it. Fleet meta-training: give ``es`` (an
    :class:`EsEnrolment`) and call :meth:`report_run_result` after the last step; ``validation`` is then
    optional. Either makes the mode LEARN unless ``mode`` says otherwise.

    Asking one step ahead (``ask_ahead=True``, opt-in): step t+1's report leaves with f_t as soon as
    :meth:`step` has step t's LR, so the reply is there when step t+1 starts; the learner then sees each
    loss one step late (:class:`PipelinedLrSource`, docs/protocol.md). Give ``total_steps`` with it.

    Every parameter group gets the served LR. Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, optimizer: torch.optim.Optimizer, job_id: Optional[str] = None,
                 bootstrap: Optional[str] = None, *, learner: str = "default", mode: Optional[str] = None,
                 total_steps: int = 0, num_classes: int = 0, reference_loss: float = 0.0,
                 gamma: Optional[float] = None, lr_min: float = 0.0, lr_max: float = 10.0,
                 validation: Optional[ValidationProbe] = None, validate_every: int = 300,
                 es: Optional[EsEnrolment] = None, fallback_lr: Optional[float] = None,
                 reply_timeout: float = 5.0, first_reply_timeout: float = 30.0, topic_prefix: str = "",
                 kafka_config: Optional[dict] = None, client: Optional[LrClient] = None,
                 ask_ahead: bool = False):
        """``client``: an attached :class:`LrClient` (or a :class:`PipelinedLrSource` over one) to use
        instead of attaching one from the other arguments (then only ``optimizer``, ``validation`` and
        ``ask_ahead`` are read)."""
        self.optimizer = optimizer
        self.validation = validation
        if client is None:
            if job_id is None or bootstrap is None:
                raise ValueError("give job_id and bootstrap (or an attached client)")
            if mode is None:
                mode = "LEARN" if validation is not None or es is not None else "FROZEN"
            if mode == "LEARN" and validation is None:
                if es is None:
                    raise ValueError(f"job {job_id} is a LEARN job: give validation=ValidationProbe(...) for its "
                                     "hypergradients, or es=EsEnrolment(...) for fleet meta-training")
                validate_every = 0  # fleet-only: no one-step validation reports
            if fallback_lr is None:
                fallback_lr = min(max(float(optimizer.param_groups[0]["lr"]), lr_min), lr_max)
            options = JobOptions(job_id, learner=learner, mode=mode, num_classes=num_classes,
                                 reference_loss=reference_loss, gamma=gamma, lr_min=lr_min, lr_max=lr_max,
                                 total_steps=total_steps, validate_every=validate_every,
                                 reply_timeout=reply_timeout, first_reply_timeout=first_reply_timeout,
                                 initial_fallback_lr=fallback_lr, es=es)
            client = LrClient.attach(bootstrap, options, topic_prefix, kafka_config)
        elif client.options.mode == "LEARN" and client.options.validate_every > 0 and validation is None:
            raise ValueError("the client validates (mode LEARN, validate_every > 0): give validation=...")
        if ask_ahead and not isinstance(client, PipelinedLrSource):
            client = PipelinedLrSource(client)
        self.client = client
        self.last_reply: Optional[LrReply] = None
        self._next_step = 0
        if validation is not None and client.options.mode == "LEARN":
            _warn_when_not_plain_sgd(optimizer)

    @property
    def stats(self):
        """Counts of replies, fallbacks, timeouts, validations (see :class:`mlrs_client.client.ClientStats`)."""
        return self.client.stats

    @property
    def next_step(self) -> int:
        """The number the next :meth:`step` reports (0 first)."""
        return self._next_step

    def step(self, loss) -> float:
        """Reports this step's minibatch loss (a tensor or a number, before the update), sets the LR the
        service serves for it on every parameter group and returns it. On a validation step of a LEARN
        job it also sends the hypergradient; call it after ``loss.backward()``."""
        value = float(loss.detach()) if torch.is_tensor(loss) else float(loss)
        step = self._next_step
        self._next_step += 1
        reply = self.client.report(step, value)
        self.last_reply = reply
        for group in self.optimizer.param_groups:
            group["lr"] = reply.lr
        if self.client.validation_due(step):
            self._validate(step, reply)
        return reply.lr

    def get_last_lr(self):
        """The LR of each parameter group after the last :meth:`step` (PyTorch's scheduler API)."""
        return [group["lr"] for group in self.optimizer.param_groups]

    def report_run_result(self, validation_loss: float, validation_accuracy: Optional[float] = None,
                          diverged: bool = False) -> bool:
        """After the last step: the final clean validation loss (and accuracy in [0, 1]), or diverged=True
        when training stopped on a non-finite loss. Returns whether the RunResult was delivered."""
        return self.client.report_run_result(validation_loss, validation_accuracy, diverged)

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def state_dict(self) -> dict:
        return {"next_step": self._next_step}

    def load_state_dict(self, state: dict) -> None:
        """Continues step numbering after a checkpoint (the job id must be the same run's)."""
        self._next_step = int(state["next_step"])

    def _validate(self, step: int, reply: LrReply) -> None:
        if reply.fallback:
            self.client.report_validation(step, math.nan, math.nan)  # skipped and counted: no served LR
            return
        val_loss, hypergradient = self.validation.hypergradient(self.optimizer.param_groups, reply.lr)
        self.client.report_validation(step, val_loss, hypergradient)


def _warn_when_not_plain_sgd(optimizer):
    plain = type(optimizer) is torch.optim.SGD and all(
        group.get("momentum", 0) == 0 and not group.get("nesterov", False) for group in optimizer.param_groups)
    if not plain:
        log.warning("mlrs: %s is not plain SGD (no momentum): the hypergradients are those of the plain-SGD "
                    "step w - lr * (grad + weight_decay * w), an approximation of this optimizer's step",
                    type(optimizer).__name__)
