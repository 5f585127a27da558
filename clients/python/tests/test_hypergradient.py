"""The probe's hypergradient against finite differences of the validation loss along the SGD step."""

import unittest

import torch

from mlrs_client.hypergradient import ValidationProbe, sgd_directions


def small_problem(weight_decay=0.0, dtype=torch.float64):
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(5, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3)).to(dtype)
    loss_fn = torch.nn.CrossEntropyLoss()
    x, y = torch.randn(16, 5, dtype=dtype), torch.randint(0, 3, (16,))
    x_val, y_val = torch.randn(12, 5, dtype=dtype), torch.randint(0, 3, (12,))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=weight_decay)
    optimizer.zero_grad()
    loss_fn(model(x), y).backward()
    return model, loss_fn, optimizer, ValidationProbe(model, loss_fn, x_val, y_val)


def validation_loss_after(model, probe, param_groups, lr):
    """L_val(w - lr * d), computed independently of the probe."""
    params, directions = sgd_directions(param_groups)
    saved = [p.detach().clone() for p in params]
    with torch.no_grad():
        for p, d in zip(params, directions):
            p.add_(d, alpha=-lr)
        loss = float(probe.loss_fn(model(probe.inputs), probe.targets))
        for p, w in zip(params, saved):
            p.copy_(w)
    return loss


class Hypergradient(unittest.TestCase):

    def test_matches_central_finite_differences_with_and_without_weight_decay(self):
        for weight_decay in (0.0, 0.05):
            model, _, optimizer, probe = small_problem(weight_decay)
            lr, eps = 0.3, 1e-5
            val_loss, h = probe.hypergradient(optimizer.param_groups, lr)
            plus = validation_loss_after(model, probe, optimizer.param_groups, lr + eps)
            minus = validation_loss_after(model, probe, optimizer.param_groups, lr - eps)
            numeric = (plus - minus) / (2 * eps)
            with self.subTest(weight_decay=weight_decay):
                self.assertAlmostEqual(numeric, h, delta=1e-7 * max(1.0, abs(numeric)))
                self.assertAlmostEqual(validation_loss_after(model, probe, optimizer.param_groups, lr), val_loss,
                                       places=12)
                self.assertNotEqual(0.0, h)

    def test_weight_decay_changes_the_direction(self):
        _, _, plain, probe_plain = small_problem(0.0)
        _, _, decayed, probe_decayed = small_problem(0.5)
        self.assertNotAlmostEqual(probe_plain.hypergradient(plain.param_groups, 0.3)[1],
                                  probe_decayed.hypergradient(decayed.param_groups, 0.3)[1], places=6)

    def test_lookahead_of_plain_sgd_is_the_next_weights(self):
        model, _, optimizer, probe = small_problem(0.05)
        lr = 0.3
        expected = validation_loss_after(model, probe, optimizer.param_groups, lr)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        self.assertAlmostEqual(expected, probe.loss(), places=12)

    def test_leaves_weights_gradients_and_mode_unchanged(self):
        model, _, optimizer, probe = small_problem(0.05)
        model.train()
        weights = [p.detach().clone() for p in model.parameters()]
        grads = [p.grad.clone() for p in model.parameters()]
        probe.hypergradient(optimizer.param_groups, 0.3)
        self.assertTrue(model.training)
        for p, w, g in zip(model.parameters(), weights, grads):
            self.assertTrue(torch.equal(w, p.detach()))
            self.assertTrue(torch.equal(g, p.grad))

    def test_needs_gradients(self):
        model, _, optimizer, probe = small_problem()
        optimizer.zero_grad(set_to_none=True)
        with self.assertRaisesRegex(ValueError, "backward"):
            probe.hypergradient(optimizer.param_groups, 0.1)


if __name__ == "__main__":
    unittest.main()
