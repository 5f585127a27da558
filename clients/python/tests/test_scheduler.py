import unittest

import torch

from mlrs_client import JobOptions, LrClient, MlrsScheduler

from .fakes import FakeTransport, decision
from .test_hypergradient import small_problem


def client(transport, **overrides):
    values = dict(job_id="torch-job", num_classes=3, reference_loss=1.1, initial_fallback_lr=0.05,
                  reply_timeout=0.05, first_reply_timeout=0.05)
    values.update(overrides)
    return LrClient(JobOptions(**values), transport)


class Scheduler(unittest.TestCase):

    def test_sets_the_served_lr_on_every_group_before_the_optimizer_step(self):
        model = torch.nn.Linear(3, 2)
        optimizer = torch.optim.SGD([{"params": [model.weight]}, {"params": [model.bias], "lr": 0.9}], lr=0.01)
        served = iter([0.25, 0.125])
        transport = FakeTransport(lambda s: decision(s, lr=next(served)))
        sched = MlrsScheduler(optimizer, client=client(transport))
        self.assertEqual(0.25, sched.step(torch.tensor(1.5)))
        self.assertEqual([0.25, 0.25], sched.get_last_lr())
        self.assertEqual(0.125, sched.step(1.25))
        self.assertEqual([0, 1], [r["step"] for r in transport.records("steps")])
        self.assertEqual([1.5, 1.25], [r["loss"] for r in transport.records("steps")])
        self.assertEqual({"next_step": 2}, sched.state_dict())

    def test_asking_ahead_trains_each_step_with_its_own_lr_and_sends_each_loss_one_step_late(self):
        optimizer = torch.optim.SGD(torch.nn.Linear(3, 2).parameters(), lr=0.01)
        transport = FakeTransport(lambda s: decision(s, lr=(s["step"] + 1) / 8))
        sched = MlrsScheduler(optimizer, client=client(transport, total_steps=3), ask_ahead=True)
        self.assertEqual([0.125, 0.25, 0.375], [sched.step(loss) for loss in (1.5, 1.25, 1.0)])
        self.assertEqual([0, 1, 2], [r["step"] for r in transport.records("steps")])
        self.assertEqual([1.5, 1.5, 1.25], [r["loss"] for r in transport.records("steps")])
        self.assertEqual(2, sched.client.served_ahead)
        sched.close()
        self.assertTrue(transport.closed)

    def test_falls_back_and_says_so(self):
        optimizer = torch.optim.SGD(torch.nn.Linear(3, 2).parameters(), lr=0.01)
        sched = MlrsScheduler(optimizer, client=client(FakeTransport(lambda s: None)))
        with self.assertLogs("mlrs_client", "WARNING"):
            lr = sched.step(1.0)
        self.assertEqual(0.05, lr)
        self.assertTrue(sched.last_reply.fallback)
        self.assertEqual(1, sched.stats.fallbacks)

    def test_learn_job_sends_the_probes_hypergradient_of_the_served_lr_on_validation_steps(self):
        _, _, optimizer, probe = small_problem(weight_decay=0.01)
        transport = FakeTransport(lambda s: decision(s, lr=0.2))
        sched = MlrsScheduler(optimizer, validation=probe,
                              client=client(transport, mode="LEARN", validate_every=2))
        sched.step(1.0)
        self.assertEqual([], transport.records("validation"))
        expected_loss, expected_h = probe.hypergradient(optimizer.param_groups, 0.2)
        sched.step(1.0)
        self.assertEqual([{"job": "torch-job", "step": 1, "valLoss": expected_loss, "hypergradient": expected_h}],
                         transport.records("validation"))

    def test_learn_job_without_validation_is_refused(self):
        optimizer = torch.optim.SGD(torch.nn.Linear(3, 2).parameters(), lr=0.01)
        with self.assertRaisesRegex(ValueError, "validation"):
            MlrsScheduler(optimizer, client=client(FakeTransport(), mode="LEARN", validate_every=2))
        with self.assertRaisesRegex(ValueError, "LEARN job"):
            MlrsScheduler(optimizer, job_id="j", bootstrap="localhost:1", mode="LEARN", num_classes=3,
                          reference_loss=1.1)

    def test_warns_when_the_optimizer_is_not_plain_sgd(self):
        model, _, _, probe = small_problem()
        adam = torch.optim.Adam(model.parameters(), lr=0.01)
        with self.assertLogs("mlrs_client", "WARNING") as logs:
            MlrsScheduler(adam, validation=probe, client=client(FakeTransport(), mode="LEARN", validate_every=2))
        self.assertIn("not plain SGD", logs.output[0])


if __name__ == "__main__":
    unittest.main()
