"""How one training job attaches to the service. Every StepReport repeats these options."""

import math
from dataclasses import dataclass
from typing import Callable, Optional

MODES = ("LEARN", "FROZEN")
SIDES = ("PLUS", "MINUS")

# (step, last served LR or NaN when none yet) -> LR
FallbackSchedule = Callable[[int, float], float]


@dataclass(frozen=True)
class EsEnrolment:
    """Enrolment in fleet meta-training (StepReport.es): two jobs with equal task_key and seed and
    opposite sides form an antithetic pair; each reports its final clean validation loss with
    ``report_run_result`` after its last step."""
    task_key: str
    seed: int
    side: str

    def __post_init__(self):
        if not isinstance(self.task_key, str) or not self.task_key.strip():
            raise ValueError("task_key must be a non-blank string naming the task (dataset, model, steps, ...)")
        if not isinstance(self.seed, int):
            raise ValueError(f"seed must be an int, got {self.seed!r}")
        if self.side not in SIDES:
            raise ValueError(f"side must be one of {SIDES}, got {self.side!r}")

    def to_record(self) -> dict:
        return {"taskKey": self.task_key, "seed": self.seed, "side": self.side}


@dataclass(frozen=True)
class JobOptions:
    """Defaults and checks follow the Java client's JobOptions.

    Give either ``gamma`` or ``num_classes`` >= 2 with a finite ``reference_loss`` > 0 (the mean training
    loss of the fresh model), and either ``initial_fallback_lr`` or a ``fallback`` schedule: the LR the
    job trains with while the service gives none. Timeouts are in seconds. ``validate_every`` = 0 means
    a LEARN job never sends ValidationReports (e.g. one that only takes part in fleet meta-training).
    """
    job_id: str
    learner: str = "default"
    mode: str = "FROZEN"
    num_classes: int = 0
    reference_loss: float = 0.0
    gamma: Optional[float] = None
    lr_min: float = 0.0
    lr_max: float = 10.0
    total_steps: int = 0
    validate_every: int = 300
    reply_timeout: float = 5.0
    first_reply_timeout: float = 30.0
    initial_fallback_lr: Optional[float] = None
    fallback: Optional[FallbackSchedule] = None
    es: Optional[EsEnrolment] = None

    def __post_init__(self):
        if not isinstance(self.job_id, str) or not self.job_id.strip():
            raise ValueError("job_id must be a non-blank string (unique per training run)")
        if not isinstance(self.learner, str) or not self.learner.strip():
            raise ValueError('learner must be a non-blank name, e.g. "default"')
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {self.mode!r}")
        self._check_scale()
        self._check_lr_range()
        if self.total_steps < 0:
            raise ValueError(f"total_steps must be >= 0 (0 = unknown), got {self.total_steps}")
        if self.validate_every < 0:
            raise ValueError(f"validate_every must be >= 0 (0 = never), got {self.validate_every}")
        for name in ("reply_timeout", "first_reply_timeout"):
            value = getattr(self, name)
            if not _finite(value) or value <= 0:
                raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
        self._check_fallback()
        if self.es is not None:
            if not isinstance(self.es, EsEnrolment):
                raise ValueError(f"es must be an EsEnrolment, got {self.es!r}")
            if self.mode != "LEARN":
                raise ValueError("a job enrolled in fleet meta-training (es) must run in mode LEARN")

    def _check_scale(self):
        if self.gamma is not None:
            if not _finite(self.gamma) or self.gamma <= 0:
                raise ValueError(f"gamma must be a finite number > 0 when given, got {self.gamma!r}")
            if self.num_classes < 0 or not _finite(self.reference_loss) or self.reference_loss < 0:
                raise ValueError("num_classes and reference_loss must be >= 0")
            return
        if self.num_classes < 2:
            raise ValueError(f"num_classes must be >= 2 unless gamma is given, got {self.num_classes!r}")
        if not _finite(self.reference_loss) or self.reference_loss <= 0:
            raise ValueError("reference_loss (mean training loss of the fresh model) must be finite and > 0 "
                             f"unless gamma is given, got {self.reference_loss!r}")

    def _check_lr_range(self):
        if not _finite(self.lr_min) or self.lr_min < 0:
            raise ValueError(f"lr_min must be a finite number >= 0, got {self.lr_min!r}")
        if not _finite(self.lr_max) or self.lr_max <= 0:
            raise ValueError(f"lr_max must be a finite number > 0, got {self.lr_max!r}")
        if self.lr_max < self.lr_min:
            raise ValueError(f"lr_max ({self.lr_max}) must be >= lr_min ({self.lr_min})")

    def _check_fallback(self):
        given = self.initial_fallback_lr is not None
        if given and self.fallback is not None:
            raise ValueError("give either initial_fallback_lr or fallback, not both")
        if not given and self.fallback is None:
            raise ValueError("set initial_fallback_lr (or fallback): the LR the job trains with until the "
                             "service has served one")
        if given and (not _finite(self.initial_fallback_lr)
                      or not self.lr_min <= self.initial_fallback_lr <= self.lr_max):
            raise ValueError(f"initial_fallback_lr must be finite and within [lr_min, lr_max] = "
                             f"[{self.lr_min}, {self.lr_max}], got {self.initial_fallback_lr!r}")

    def validation_due(self, step: int) -> bool:
        """LEARN jobs validate the steps with (step + 1) % validate_every == 0."""
        return self.mode == "LEARN" and self.validate_every > 0 and (step + 1) % self.validate_every == 0

    def fallback_lr(self, step: int, last_served_lr: float) -> float:
        """The fallback LR clamped to [lr_min, lr_max]; lr_min when the schedule gives no finite number."""
        if self.fallback is not None:
            lr = self.fallback(step, last_served_lr)
        else:
            lr = self.initial_fallback_lr if math.isnan(last_served_lr) else last_served_lr
        if not _finite(lr):
            return self.lr_min
        return min(self.lr_max, max(self.lr_min, lr))


def _finite(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
