"""Typed modules shared between threads: no false errors, no missed errors, no leaks.

A typed module keeps a cache of expected shapes per key (rank, batch, width), and the checks
switch has a process-wide and a per-thread (per-task) part. Threads here start
together on a barrier and hammer one module with different batch sizes while
others switch checks off, or feed bad calls; every join is bounded.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import torch
from torch import Tensor

import typedrnn
from typedrnn import _runtime

THREADS = 8
ROUNDS = 40
JOIN_TIMEOUT = 60.0


def run_together(workers: list[Callable[[], None]]) -> None:
    """Run every worker in its own thread, all released at once; re-raise the first failure."""
    barrier = threading.Barrier(len(workers))

    def released(worker: Callable[[], None]) -> None:
        barrier.wait(timeout=JOIN_TIMEOUT)
        worker()

    with ThreadPoolExecutor(len(workers)) as pool:
        futures = [pool.submit(released, worker) for worker in workers]
        for future in futures:
            future.result(timeout=JOIN_TIMEOUT)


def test_threads_with_different_batch_sizes_get_torch_outputs_and_no_false_errors() -> None:
    lstm = typedrnn.LSTM(6, 10, num_layers=2, batch_first=True).eval()
    plain = typedrnn.untyped(lstm)
    inputs = {batch: torch.randn(batch, 4, 6) for batch in range(1, THREADS + 1)}
    states = {batch: (torch.zeros(2, batch, 10), torch.randn(2, batch, 10)) for batch in inputs}
    with torch.no_grad():
        expected = {batch: plain(inputs[batch], states[batch]) for batch in inputs}

    def worker(batch: int) -> Callable[[], None]:
        def run() -> None:
            with torch.no_grad():
                for round in range(ROUNDS):
                    hx = states[batch] if round % 2 else None
                    output, (h_n, c_n) = lstm(inputs[batch], hx)
                    if hx is not None:
                        want_output, (want_h, want_c) = expected[batch]
                        assert torch.equal(output, want_output)
                        assert torch.equal(h_n, want_h) and torch.equal(c_n, want_c)
                    assert output.shape == (batch, 4, 10)

        return run

    run_together([worker(batch) for batch in inputs])


def test_bad_calls_in_some_threads_never_disturb_good_calls_in_others() -> None:
    cell = typedrnn.GRUCell(5, 7)
    errors: list[typedrnn.ShapeError] = []

    def good(batch: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(ROUNDS):
                assert cell(torch.randn(batch, 5), torch.zeros(batch, 7)).shape == (batch, 7)

        return run

    def bad(batch: int) -> Callable[[], None]:
        def run() -> None:
            for _ in range(ROUNDS):
                with pytest.raises(typedrnn.ShapeError, match="h expected") as caught:
                    cell(torch.randn(batch, 5), torch.zeros(batch + 1, 7))
                errors.append(caught.value)
                # The next good call in the same thread is unaffected by the error before it.
                assert cell(torch.randn(batch, 5)).shape == (batch, 7)

        return run

    run_together([good(1), bad(1), good(2), bad(2), good(3), bad(3)])
    assert len(errors) == 3 * ROUNDS
    assert all(error.argument == "h" for error in errors)


def test_checks_switched_off_in_one_thread_stay_on_in_the_others() -> None:
    linear = typedrnn.Linear(4, 3)
    wrong = torch.randn(2, 5)
    switched_off_saw: list[BaseException] = []

    def switched_off() -> None:
        for _ in range(ROUNDS):
            with typedrnn.checks(False):
                assert not typedrnn.checks_enabled()
                with pytest.raises(RuntimeError) as caught:
                    linear(wrong)
                switched_off_saw.append(caught.value)
            assert typedrnn.checks_enabled()

    def checking() -> None:
        for _ in range(ROUNDS):
            assert typedrnn.checks_enabled()
            with pytest.raises(typedrnn.ShapeError):
                linear(wrong)

    run_together([switched_off, checking, switched_off, checking])
    assert not any(isinstance(error, typedrnn.ShapeError) for error in switched_off_saw)
    assert typedrnn.checks_enabled()


def test_the_process_wide_switch_flipping_never_makes_a_good_call_fail() -> None:
    rnn = typedrnn.RNN(3, 4, batch_first=True)
    stop = threading.Event()

    def flipper() -> None:
        try:
            for round in range(ROUNDS * 5):
                typedrnn.set_checks(round % 2 == 1)
        finally:
            typedrnn.set_checks(True)
            stop.set()

    def caller(batch: int) -> Callable[[], None]:
        def run() -> None:
            x, h0 = torch.randn(batch, 2, 3), torch.zeros(1, batch, 4)
            while not stop.is_set():
                output, h_n = rnn(x, h0)
                assert output.shape == (batch, 2, 4) and h_n.shape == (1, batch, 4)

        return run

    run_together([flipper, caller(1), caller(2), caller(5)])
    assert typedrnn.checks_enabled()


def test_a_bad_shape_is_never_learned_by_the_shared_cache() -> None:
    gru = typedrnn.GRU(3, 4)
    x = torch.randn(2, 3, 3)

    def mixed(offset: int) -> Callable[[], None]:
        def run() -> None:
            for round in range(ROUNDS):
                if (round + offset) % 2:
                    with pytest.raises(typedrnn.ShapeError):
                        gru(x, torch.zeros(1, 4, 4))
                else:
                    gru(x, torch.zeros(1, 3, 4))

        return run

    run_together([mixed(0), mixed(1), mixed(0), mixed(1)])
    with pytest.raises(typedrnn.ShapeError, match="batch=3"):
        gru(x, torch.zeros(1, 4, 4))


def test_threads_evicting_each_others_answers_get_torch_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    # Eight batch sizes for a cache of three: every few calls, one thread evicts the
    # answer another has just found.
    monkeypatch.setattr(_runtime, "_CACHE_LIMIT", 3)
    torch.manual_seed(0)
    cell = typedrnn.GRUCell(3, 4)
    plain = typedrnn.untyped(cell)

    def caller(batch: int) -> Callable[[], None]:
        def run() -> None:
            for round in range(ROUNDS):
                x, h = torch.randn(batch, 3), torch.randn(batch, 4)
                assert torch.equal(cell(x, h), plain(x, h))
                if round % 10 == 0:
                    with pytest.raises(typedrnn.ShapeError):
                        cell(x, torch.randn(batch + 1, 4))

        return run

    run_together([caller(batch) for batch in range(1, 9)])
    guard = cell._typedrnn_guard
    assert guard is not None and guard.entries <= 3


def test_checks_switched_off_in_one_asyncio_task_stay_on_in_another() -> None:
    linear = typedrnn.Linear(2, 2)

    async def unchecked(started: asyncio.Event, done: asyncio.Event) -> Tensor:
        with typedrnn.checks(False):
            started.set()
            await done.wait()
            return linear(torch.randn(2))

    async def checked(started: asyncio.Event, done: asyncio.Event) -> bool:
        await started.wait()
        enabled = typedrnn.checks_enabled()
        done.set()
        return enabled

    async def both() -> tuple[Tensor, bool]:
        started, done = asyncio.Event(), asyncio.Event()
        return await asyncio.wait_for(asyncio.gather(unchecked(started, done), checked(started, done)), JOIN_TIMEOUT)

    output, enabled_elsewhere = asyncio.run(both())
    assert output.shape == (2,)
    assert enabled_elsewhere
