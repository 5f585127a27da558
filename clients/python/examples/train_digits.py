#!/usr/bin/python3
"""A complete PyTorch job whose every step trains with the LR served by mlrs.

A small MLP on scikit-learn's digits (8x8 images, 10 classes; data/sklearn/digits.csv.gz, installed by
scripts/setup-data.sh), plain SGD with weight decay. Run with an agent reachable at --bootstrap:

    /usr/bin/python3 clients/python/examples/train_digits.py --bootstrap localhost:9092 --job-id digits-1

--mode LEARN also sends a clean-validation hypergradient every --validate-every steps. --out DIR writes
steps.csv (per step: the loss sent, the LR received, the learner version, whether it was a fallback) and
summary.properties, which the integration test compares with the agent's cell computed offline.
"""

import argparse
import gzip
import logging
import math
import os
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from mlrs_client import EsEnrolment, MlrsScheduler, ValidationProbe  # noqa: E402


def load_digits(path: Path):
    with gzip.open(path, "rt") as lines:
        rows = [[float(v) for v in line.split(",")] for line in lines if line.strip()]
    data = torch.tensor(rows, dtype=torch.float32)
    return data[:, :-1] / 16.0, data[:, -1].long()


def main():
    repo = Path(__file__).resolve().parents[3]
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--job-id", required=True)
    parser.add_argument("--topic-prefix", default="")
    parser.add_argument("--learner", default="default")
    parser.add_argument("--mode", choices=("FROZEN", "LEARN"), default="FROZEN")
    parser.add_argument("--validate-every", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr-max", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--es-task", help="enrol in fleet meta-training under this task key (with --es-side)")
    parser.add_argument("--es-side", choices=("PLUS", "MINUS"), default="PLUS")
    parser.add_argument("--run-result", action="store_true", help="send a RunResult after the last step")
    parser.add_argument("--data", type=Path,
                        default=Path(os.environ.get("MLRS_DATA", repo / "data")) / "sklearn" / "digits.csv.gz")
    parser.add_argument("--out", type=Path, help="folder for steps.csv and summary.properties")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    torch.manual_seed(args.seed)
    features, labels = load_digits(args.data)
    order = torch.randperm(len(labels))
    train, val = order[:1500], order[1500:]
    x_train, y_train, x_val, y_val = features[train], labels[train], features[val], labels[val]

    model = torch.nn.Sequential(torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, weight_decay=1e-4)
    with torch.no_grad():
        reference_loss = float(loss_fn(model(x_train), y_train))  # L0: mean loss of the fresh model

    validation = ValidationProbe(model, loss_fn, x_val, y_val) if args.mode == "LEARN" else None
    es = EsEnrolment(args.es_task, args.seed, args.es_side) if args.es_task else None
    rows = []
    with MlrsScheduler(optimizer, job_id=args.job_id, bootstrap=args.bootstrap, learner=args.learner,
                       mode=args.mode, total_steps=args.steps, num_classes=10, reference_loss=reference_loss,
                       lr_max=args.lr_max, validation=validation, validate_every=args.validate_every, es=es,
                       topic_prefix=args.topic_prefix) as sched:
        step = 0
        while step < args.steps:
            for batch in torch.randperm(len(y_train)).split(args.batch_size):
                if step == args.steps:
                    break
                optimizer.zero_grad()
                loss = loss_fn(model(x_train[batch]), y_train[batch])
                loss.backward()
                lr = sched.step(loss)
                optimizer.step()
                reply = sched.last_reply
                rows.append((step, float(loss.detach()), lr, reply.learner_version, reply.fallback))
                step += 1
        with torch.no_grad():
            val_loss = float(loss_fn(model(x_val), y_val))
            accuracy = float((model(x_val).argmax(1) == y_val).float().mean())
        delivered = sched.report_run_result(val_loss, accuracy) if args.run_result else False
        stats = sched.stats
    trips = sorted(stats.round_trips_s) or [math.nan]
    median_ms = 1000 * trips[len(trips) // 2]
    print(f"job {args.job_id}: {args.steps} steps, validation loss {val_loss:.4f}, accuracy {accuracy:.3f}, "
          f"{stats.fallbacks} fallback(s), {stats.validations_sent} validation report(s), "
          f"median LR round trip {median_ms:.1f} ms", flush=True)

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        with open(args.out / "steps.csv", "w") as out:
            out.write("step,loss,lr,learner_version,fallback\n")
            for step, loss, lr, version, fallback in rows:
                out.write(f"{step},{loss!r},{lr!r},{version},{str(fallback).lower()}\n")
        with open(args.out / "summary.properties", "w") as out:
            out.write(f"reference_loss={reference_loss!r}\nnum_classes=10\nlr_max={args.lr_max!r}\n"
                      f"validation_loss={val_loss!r}\nvalidation_accuracy={accuracy!r}\n"
                      f"fallbacks={stats.fallbacks}\nvalidations_sent={stats.validations_sent}\n"
                      f"validations_skipped={stats.validations_skipped}\nmedian_round_trip_ms={median_ms!r}\n"
                      f"run_result_delivered={str(delivered).lower()}\n")


if __name__ == "__main__":
    main()
