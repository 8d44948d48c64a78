"""DistributedDataParallel runs typed modules as it runs torch's.

Two processes, the gloo backend over loopback (127.0.0.1), spawned afresh. Every
wait is bounded: the process group has a short timeout, and the test gives up on
(and kills) a rank that has not reported within ``RANK_DEADLINE`` seconds, so a
broken collective fails the test instead of hanging CI.
"""

from __future__ import annotations

import multiprocessing
import queue
import socket
import traceback
from collections.abc import Callable
from datetime import timedelta
from types import ModuleType
from typing import Any

import pytest
import torch
import torch.distributed as dist
from torch import Tensor, nn
from torch.nn.parallel import DistributedDataParallel

import typedrnn

WORLD_SIZE = 2
STEPS = 3
RANK_DEADLINE = 90.0
COLLECTIVE_TIMEOUT = timedelta(seconds=20)

Report = dict[str, Any]


class Tagger(nn.Module):
    """An LSTM and a Linear head, the model both runs train."""

    def __init__(self, layers: ModuleType) -> None:
        super().__init__()
        self.lstm = layers.LSTM(6, 12, num_layers=2, batch_first=True)
        self.head = layers.Linear(12, 3)

    def forward(self, x: Tensor) -> Tensor:
        output, _ = self.lstm(x)
        return self.head(output)


def train(layers: ModuleType, rank: int, features: int = 6) -> dict[str, list[Any]]:
    """A few SGD steps under DDP; each rank sees its own data. Returns the final weights."""
    torch.manual_seed(0)
    model = DistributedDataParallel(Tagger(layers))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    data = torch.Generator().manual_seed(100 + rank)
    for _ in range(STEPS):
        x = torch.randn(4, 5, features, generator=data)
        target = torch.randn(4, 5, 3, generator=data)
        optimizer.zero_grad()
        nn.functional.mse_loss(model(x), target).backward()
        optimizer.step()
    return {name: value.tolist() for name, value in model.module.state_dict().items()}


def attempt(work: Callable[[], Report]) -> Report:
    """What ``work`` returned, or how it failed."""
    try:
        return work()
    except Exception as error:
        return {
            "error": type(error).__name__,
            "shape_error": isinstance(error, typedrnn.ShapeError),
            "argument": getattr(error, "argument", None),
            "message": str(error),
            "traceback": traceback.format_exc(),
        }


def _rank_main(
    worker: Callable[[int], Report], rank: int, port: int, reports: multiprocessing.Queue[Report]
) -> None:
    torch.set_num_threads(1)
    dist.init_process_group(
        "gloo",
        init_method=f"tcp://127.0.0.1:{port}",
        rank=rank,
        world_size=WORLD_SIZE,
        timeout=COLLECTIVE_TIMEOUT,
    )
    report = attempt(lambda: worker(rank))
    reports.put({"rank": rank, **report})
    dist.destroy_process_group()


def run_ranks(worker: Callable[[int], Report]) -> dict[int, Report]:
    """Run ``worker(rank)`` on every rank; each rank's report, within the deadline."""
    context = multiprocessing.get_context("spawn")
    reports: multiprocessing.Queue[Report] = context.Queue()
    port = _free_port()
    processes = [
        context.Process(target=_rank_main, args=(worker, rank, port, reports), daemon=True)
        for rank in range(WORLD_SIZE)
    ]
    for process in processes:
        process.start()
    received: dict[int, Report] = {}
    try:
        while len(received) < WORLD_SIZE:
            report = reports.get(timeout=RANK_DEADLINE)
            received[report["rank"]] = report
    except queue.Empty:
        raise AssertionError(f"ranks {set(range(WORLD_SIZE)) - set(received)} did not report in time") from None
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join(timeout=10)
    return received


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scenario(rank: int) -> Report:
    """Both runs, typed then plain; then rank 1 alone feeds a bad input, which ends the group."""
    training = attempt(lambda: {"typed": train(typedrnn, rank), "plain": train(nn, rank)})
    failure = attempt(lambda: {"typed": train(typedrnn, rank, features=6 if rank == 0 else 7)})
    return {"training": training, "failure": failure}


@pytest.fixture(scope="module")
def reports() -> dict[int, Report]:
    """One spawn of the two ranks serves every test here: starting processes is the slow part."""
    return run_ranks(scenario)


def test_replicas_end_identical_and_equal_to_the_plain_torch_run(reports: dict[int, Report]) -> None:
    first, second = reports[0]["training"], reports[1]["training"]
    for report in (first, second):
        assert "error" not in report, report.get("traceback")
    assert first["typed"] == second["typed"]
    assert first["typed"] == first["plain"]
    initial = Tagger(nn).state_dict()
    assert first["typed"]["head.weight"] != initial["head.weight"].tolist()


def test_a_shape_error_on_one_rank_fails_that_rank_cleanly(reports: dict[int, Report]) -> None:
    failed = reports[1]["failure"]
    assert failed.get("shape_error"), failed.get("traceback")
    assert failed["argument"] == "input"
    assert "input expected (batch=4, seq=5, input=6), got (4, 5, 7)" in failed["message"]
    # The healthy rank is left waiting for a peer that is gone: gloo tells it so,
    # within the collective timeout, instead of hanging.
    healthy = reports[0]["failure"]
    assert healthy.get("error") is not None and not healthy["shape_error"]
