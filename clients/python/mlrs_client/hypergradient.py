"""The clean-validation hypergradient of one step (docs/protocol.md, "ValidationReport").

At step t plain SGD moves the weights along d_t = g_t + λ·w_t (g_t the minibatch gradient, λ the
parameter group's weight_decay) by the LR α_t. The one-step objective asks how the clean validation
loss after that step changes with α_t:

    h = ∂L_val(w_t − α·d_t)/∂α at α = α_t = −⟨∇L_val(ŵ), d_t⟩,   ŵ = w_t − α_t·d_t.

The probe computes ŵ itself from the gradients in ``p.grad``, so it runs *before* ``optimizer.step()``
and needs nothing from the optimizer but its parameter groups. For ``torch.optim.SGD`` without momentum
ŵ is exactly the next weights. For momentum, Nesterov or adaptive optimizers, d_t is not the step they
take, and h is the hypergradient of the plain-SGD step instead (a surrogate); the scheduler warns once.
"""

from typing import Callable, Sequence

import torch


class ValidationProbe:
    """Measures L_val and h on one clean validation batch.

    ``loss_fn(model(inputs), targets)`` must return the *mean* loss over the batch, without
    regularisation terms (e.g. ``torch.nn.CrossEntropyLoss()``). The model runs in eval mode for the
    probe (no dropout noise, batch-norm running statistics); its mode is restored afterwards.
    """

    def __init__(self, model: torch.nn.Module, loss_fn: Callable, inputs, targets):
        if len(inputs) == 0:
            raise ValueError("the validation batch is empty")
        self.model = model
        self.loss_fn = loss_fn
        self.inputs = inputs
        self.targets = targets

    def loss(self) -> float:
        """L_val at the current weights."""
        with torch.no_grad(), _eval_mode(self.model):
            return float(self.loss_fn(self.model(self.inputs), self.targets))

    def hypergradient(self, param_groups: Sequence[dict], lr: float):
        """(L_val(ŵ), h) for a step of size ``lr`` along the plain-SGD directions of ``param_groups``
        (an optimizer's ``param_groups``). Weights, ``p.grad`` and the model's mode are unchanged after."""
        params, directions = sgd_directions(param_groups)
        if not params:
            raise ValueError("no parameter has a gradient: call loss.backward() before the probe")
        saved = [p.detach().clone() for p in params]
        try:
            with torch.no_grad():
                for p, d in zip(params, directions):
                    p.sub_(lr * d)
            with torch.enable_grad(), _eval_mode(self.model):
                val_loss = self.loss_fn(self.model(self.inputs), self.targets)
                grads = torch.autograd.grad(val_loss, params, allow_unused=True)
            h = torch.zeros((), dtype=torch.float64)
            for g, d in zip(grads, directions):
                if g is not None:
                    h -= torch.sum(g.detach().double() * d.double())
            return float(val_loss.detach()), float(h)
        finally:
            with torch.no_grad():
                for p, w in zip(params, saved):
                    p.copy_(w)


def sgd_directions(param_groups: Sequence[dict]):
    """The parameters with a gradient and d = grad + weight_decay·w for each (what plain SGD applies)."""
    params, directions = [], []
    for group in param_groups:
        decay = group.get("weight_decay", 0.0)
        for p in group["params"]:
            if p.grad is None:
                continue
            d = p.grad.detach()
            if decay != 0:
                d = d + decay * p.detach()
            params.append(p)
            directions.append(d.clone())
    return params, directions


class _eval_mode:
    def __init__(self, model):
        self.model = model
        self.was_training = model.training

    def __enter__(self):
        self.model.eval()

    def __exit__(self, *exc):
        self.model.train(self.was_training)
