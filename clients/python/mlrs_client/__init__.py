"""Python client of the mlrs learning-rate service (docs/protocol.md).

``MlrsScheduler`` (PyTorch) and ``ValidationProbe`` need torch; ``LrClient`` needs confluent-kafka;
the wire format (``mlrs_client.wire``, ``mlrs_client.partition``) needs only python3-avro.
"""

from .client import LrClient, LrReply, MlrsAttachError, PendingReply
from .options import EsEnrolment, JobOptions
from .pipelined import PipelinedLrSource

__all__ = ["LrClient", "LrReply", "MlrsAttachError", "PendingReply", "PipelinedLrSource", "EsEnrolment",
           "JobOptions", "MlrsScheduler", "ValidationProbe"]


def __getattr__(name):
    # torch loads in seconds: import it only when the PyTorch parts are used
    if name == "MlrsScheduler":
        from .scheduler import MlrsScheduler
        return MlrsScheduler
    if name == "ValidationProbe":
        from .hypergradient import ValidationProbe
        return ValidationProbe
    raise AttributeError(f"module 'mlrs_client' has no attribute {name!r}")
