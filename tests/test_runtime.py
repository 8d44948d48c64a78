"""The switch, thread safety, and the cache behind the fast path."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

import typedrnn
from typedrnn import ShapeError, _runtime


def test_checks_are_on_by_default() -> None:
    assert typedrnn.checks_enabled()


def test_set_checks_false_turns_every_check_off_and_true_back_on() -> None:
    gru = typedrnn.GRU(4, 6)
    bad_state = torch.zeros(1, 5, 6)
    typedrnn.set_checks(False)
    try:
        with pytest.raises(RuntimeError) as caught:
            gru(torch.randn(3, 2, 4), bad_state)
        assert not isinstance(caught.value, ShapeError)
    finally:
        typedrnn.set_checks(True)
    with pytest.raises(ShapeError):
        gru(torch.randn(3, 2, 4), bad_state)


def test_switched_off_everywhere_typed_classes_run_torchs_own_forward() -> None:
    checked_forward = typedrnn.LSTM.forward
    typedrnn.set_checks(False)
    try:
        assert typedrnn.LSTM.forward is nn.LSTM.forward
        assert typedrnn.Linear.forward is nn.Linear.forward
        with typedrnn.checks(True):
            assert typedrnn.LSTM.forward is checked_forward
            with pytest.raises(ShapeError):
                typedrnn.LSTM(4, 6)(torch.randn(3, 2, 5))
        assert typedrnn.LSTM.forward is nn.LSTM.forward
    finally:
        typedrnn.set_checks(True)
    assert typedrnn.LSTM.forward is checked_forward


def test_checks_context_manager_restores_the_previous_state() -> None:
    cell = typedrnn.LSTMCell(4, 6)
    with typedrnn.checks(False):
        assert not typedrnn.checks_enabled()
        with typedrnn.checks(True), pytest.raises(ShapeError):
            cell(torch.randn(2, 5))
        assert not typedrnn.checks_enabled()
    assert typedrnn.checks_enabled()


def test_checks_off_in_one_thread_leaves_other_threads_checking() -> None:
    gru = typedrnn.GRU(4, 6)
    seen: list[bool] = []
    inside = threading.Event()
    release = threading.Event()

    def unchecked_worker() -> None:
        with typedrnn.checks(False):
            inside.set()
            release.wait(10)

    worker = threading.Thread(target=unchecked_worker)
    worker.start()
    inside.wait(10)
    try:
        gru(torch.randn(3, 2, 5))
    except ShapeError:
        seen.append(True)
    release.set()
    worker.join(10)
    assert seen == [True]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        *((word, "False") for word in ("0", "false", "off", "no", "OFF", " No ")),
        *((word, "True") for word in ("1", "true", "on", "yes", "TRUE", "")),
    ],
)
def test_environment_variable_sets_the_initial_state(value: str, expected: str) -> None:
    code = "import typedrnn; print(typedrnn.checks_enabled())"
    environment = {**os.environ, "TYPEDRNN_CHECKS": value}
    output = subprocess.run(
        [sys.executable, "-W", "error", "-c", code], capture_output=True, text=True, env=environment, check=True
    )
    assert output.stdout.strip() == expected


def test_an_environment_value_that_is_neither_on_nor_off_warns_and_leaves_checks_on() -> None:
    code = "import typedrnn; print(typedrnn.checks_enabled())"
    environment = {**os.environ, "TYPEDRNN_CHECKS": "banana"}
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)
    assert output.stdout.strip() == "True"
    assert "UserWarning: TYPEDRNN_CHECKS='banana' is neither on nor off, so the shape checks stay on." in output.stderr
    assert "0, false, off, no" in output.stderr


def test_threads_with_different_batch_sizes_never_disturb_each_other() -> None:
    lstm = typedrnn.LSTM(4, 6, num_layers=2, batch_first=True)
    plain = nn.LSTM(4, 6, num_layers=2, batch_first=True)
    plain.load_state_dict(lstm.state_dict())
    failures: list[str] = []

    def worker(batch: int) -> None:
        for step in range(60):
            x = torch.randn(batch, 3 + step % 4, 4)
            states = (torch.zeros(2, batch, 6), torch.zeros(2, batch, 6))
            try:
                output, (h_n, _) = lstm(x, states)
                if output.shape != (batch, 3 + step % 4, 6) or h_n.shape != (2, batch, 6):
                    failures.append(f"batch {batch}: wrong shapes")
                if step % 10 == 0:
                    with pytest.raises(ShapeError, match=f"batch={batch}"):
                        lstm(x, (torch.zeros(2, batch + 1, 6), torch.zeros(2, batch + 1, 6)))
            except Exception as error:  # any error is a failure of the test
                failures.append(f"batch {batch}: {error!r}")

    threads = [threading.Thread(target=worker, args=(batch,)) for batch in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []


def test_cache_does_not_remember_a_rejected_call() -> None:
    rnn = typedrnn.RNN(4, 6)
    x = torch.randn(3, 2, 4)
    for _ in range(3):
        with pytest.raises(ShapeError):
            rnn(x, torch.zeros(1, 3, 6))
    output, _ = rnn(x, torch.zeros(1, 2, 6))
    assert output.shape == (3, 2, 6)
    for _ in range(3):
        with pytest.raises(ShapeError):
            rnn(x, torch.zeros(1, 3, 6))


def test_many_distinct_shapes_keep_being_checked() -> None:
    cell = typedrnn.GRUCell(3, 4)
    for batch in range(1, 700):
        assert cell(torch.randn(batch, 3)).shape == (batch, 4)
    with pytest.raises(ShapeError):
        cell(torch.randn(5, 3), torch.zeros(6, 4))


def test_a_thousand_sequence_lengths_share_one_answer_and_each_is_still_checked() -> None:
    rnn = typedrnn.RNN(1, 2)
    plain = typedrnn.untyped(rnn)
    h0 = torch.zeros(1, 2, 2)
    with torch.inference_mode():  # the smallest kernels there are: 500,500 steps in all
        for seq in range(1, 1001):
            output, h_n = rnn(torch.randn(seq, 2, 1), h0)
            assert output.shape == (seq, 2, 2) and h_n.shape == (1, 2, 2)
    guard = rnn._typedrnn_guard
    assert guard is not None and guard.entries == 1
    x = torch.randn(1234, 2, 1)
    assert torch.equal(rnn(x, h0)[0], plain(x, h0)[0])
    with pytest.raises(ShapeError, match="batch=2 from input"):
        rnn(torch.randn(77, 2, 1), torch.zeros(1, 3, 2))
    with pytest.raises(ShapeError, match="seq=0"):
        rnn(torch.randn(0, 2, 1), h0)
    assert guard.entries == 1


def test_row_counts_and_leading_dims_share_one_answer_for_linear() -> None:
    head = typedrnn.Linear(3, 2)
    for rows in range(1, 300):
        assert head(torch.randn(rows, 3)).shape == (rows, 2)
    head(torch.randn(4, 5, 3))
    head(torch.randn(3))
    guard = head._typedrnn_guard
    assert guard is not None and guard.entries == 1
    with pytest.raises(ShapeError, match="in_features"):
        head(torch.randn(7, 4))


def test_the_cache_is_bounded_and_forgets_the_least_recently_used_answer() -> None:
    limit = _runtime._CACHE_LIMIT
    cell = typedrnn.GRUCell(1, 1)
    for batch in range(1, limit + 301):
        cell(torch.randn(batch, 1))
        cell(torch.randn(1, 1))  # batch 1 is used all along
    guard = cell._typedrnn_guard
    assert guard is not None and guard.entries == limit
    weight = cell.weight_ih
    assert guard.recall(weight, torch.randn(1, 1), None) is not None
    assert guard.recall(weight, torch.randn(2, 1), None) is None  # the oldest, gone
    assert guard.recall(weight, torch.randn(limit + 300, 1), None) is not None
    # An evicted batch is checked again and learnt again.
    with pytest.raises(ShapeError):
        cell(torch.randn(2, 1), torch.zeros(3, 1))
    assert cell(torch.randn(2, 1)).shape == (2, 1)
    assert guard.recall(weight, torch.randn(2, 1), None) is not None
    assert guard.entries == limit


def test_answers_are_kept_per_batch_and_layout_not_per_sequence_length() -> None:
    lstm = typedrnn.LSTM(3, 4, batch_first=True)
    for seq in (1, 5, 9):
        for batch in (1, 2):
            lstm(torch.randn(batch, seq, 3))
        lstm(torch.randn(seq, 3))  # unbatched
        for lengths in ([seq], [seq, 1]):
            lstm(pack_padded_sequence(torch.randn(len(lengths), seq, 3), lengths, batch_first=True, enforce_sorted=False))
    guard = lstm._typedrnn_guard
    # batched 1 and 2, unbatched, packed with 1 and 2 sequences
    assert guard is not None and guard.entries == 5
    guard.forget()
    assert guard.entries == 0


def _first_calls() -> list[tuple[nn.Module, tuple[object, ...]]]:
    """A correct call of every kind and layout, with and without hx, each a first call."""
    packed = pack_padded_sequence(torch.randn(4, 3, 5), [4, 2, 1], enforce_sorted=False)
    state = torch.zeros(2, 3, 6)
    return [
        (typedrnn.Linear(5, 6), (torch.randn(2, 4, 5),)),
        (typedrnn.RNN(5, 6, 2), (torch.randn(4, 3, 5), state)),
        (typedrnn.GRU(5, 6, 2, batch_first=True), (torch.randn(3, 4, 5),)),
        (typedrnn.GRU(5, 6), (torch.randn(4, 5), torch.zeros(1, 6))),
        (typedrnn.GRU(5, 6, 2), (packed, state)),
        (typedrnn.LSTM(5, 6, 2), (torch.randn(4, 3, 5), (state, state))),
        (typedrnn.LSTM(5, 6, 2, proj_size=4), (packed, [torch.zeros(2, 3, 4), state])),
        (typedrnn.RNNCell(5, 6), (torch.randn(3, 5), torch.zeros(3, 6))),
        (typedrnn.GRUCell(5, 6), (torch.randn(5),)),
        (typedrnn.LSTMCell(5, 6), (torch.randn(3, 5), (torch.zeros(3, 6), torch.zeros(3, 6)))),
    ]


def _tensors(result: object) -> list[torch.Tensor]:
    """Every tensor in a module's result (a PackedSequence is a tuple too)."""
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, (tuple, list)):
        return [tensor for item in result for tensor in _tensors(item)]
    return []


def test_the_first_call_of_a_new_key_that_keeps_the_contract_builds_no_descriptions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The full check (beartype, the described arguments, check_call's words) is for a
    # call the quick check cannot vouch for; a correct call never needs it.
    full_checks: list[str] = []
    check_call = _runtime._contracts.check_call

    def counted(config: _runtime.ModuleConfig, *args: object, **kwargs: object) -> object:
        full_checks.append(config.describe())
        return check_call(config, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_runtime._contracts, "check_call", counted)
    for typed, args in _first_calls():
        plain = typedrnn.untyped(typed)
        guard = typed._guard()  # type: ignore[operator]
        for _ in range(2):
            guard.forget()
            result = typed(*args)
            assert guard.entries == 1
            expected = _tensors(plain(*args))
            assert len(_tensors(result)) == len(expected)
            assert all(map(torch.equal, _tensors(result), expected))
    assert full_checks == []
    # The count sees the full check where it runs: a call that breaks the contract.
    with pytest.raises(ShapeError):
        typedrnn.GRU(5, 6)(torch.randn(4, 3, 5), torch.zeros(1, 2, 6))
    assert full_checks == ["GRU(5, 6)"]


def test_the_first_call_of_a_new_packed_key_reads_batch_sizes_once_beyond_the_fast_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reads: list[int] = []
    first_batch_size = _runtime._first_batch_size

    def counted(batch_sizes: torch.Tensor) -> int:
        reads.append(first_batch_size(batch_sizes))
        return reads[-1]

    monkeypatch.setattr(_runtime, "_first_batch_size", counted)
    gru = typedrnn.GRU(5, 6)
    packed = pack_padded_sequence(torch.randn(4, 3, 5), [4, 2, 1], enforce_sorted=False)
    gru(packed)
    # One read for the fast check's cache lookup, one for the slow road's: none to keep the answer.
    assert reads == [3, 3]
    gru(packed)
    assert reads == [3, 3, 3]


def test_shape_error_survives_pickling_with_its_fields() -> None:
    with pytest.raises(ShapeError) as caught:
        typedrnn.Linear(3, 4)(torch.randn(2, 5))
    clone = pickle.loads(pickle.dumps(caught.value))
    assert str(clone) == str(caught.value)
    assert clone.dimension == "in_features"
    assert (clone.expected, clone.actual, clone.dimension_index) == ((2, 3), (2, 5), 1)


class _Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.rnn = nn.LSTM(50, 100, num_layers=2, batch_first=True)

    def forward(self, x: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor]) -> object:
        return self.rnn(x, state)


class _Seq2Seq(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        with typedrnn.patched():
            self.encoder = _Encoder()

    def forward(self, x: torch.Tensor, state: tuple[torch.Tensor, torch.Tensor]) -> object:
        return self.encoder(x, state)


def test_shape_error_carries_the_facts_as_objects_and_tuples() -> None:
    model = _Seq2Seq()
    h0 = torch.zeros(3, 2, 100)
    with pytest.raises(ShapeError) as caught:
        model(torch.randn(3, 10, 50), (h0, h0))
    error = caught.value
    assert error.module is model.encoder.rnn
    assert error.model is model
    assert error.module_path == "encoder.rnn"
    assert error.module_description == "LSTM(50, 100, num_layers=2, batch_first=True)"
    assert error.argument == "h0"
    assert error.expected == (2, 3, 100)
    assert error.expected_names == ("layers_dirs", "batch", "hidden")
    assert error.actual == (3, 2, 100)
    assert (error.dimension, error.dimension_index) == ("layers_dirs", 0)
    assert error.expected_text == "(layers×dirs=2, batch=3, hidden=100)"
    assert error.actual_text == "(3, 2, 100)"
    assert str(error).endswith("\n  where: encoder.rnn in _Seq2Seq")


def test_shape_error_of_a_module_called_on_its_own_names_no_place_in_a_model() -> None:
    gru = typedrnn.GRU(10, 20)
    with pytest.raises(ShapeError) as caught:
        gru(torch.randn(2, 5, 3, 10))
    error = caught.value
    assert (error.module, error.model, error.module_path) == (gru, None, None)
    assert "where:" not in str(error)
    # A rank problem: the expected shape has unbound sizes, and no one dimension disagrees.
    assert (error.dimension, error.dimension_index) == ("rank", None)
    assert error.expected == (None, None, 10)
    assert error.actual == (2, 5, 3, 10)


def test_shape_error_of_linear_expands_the_leading_batch_dimensions() -> None:
    with pytest.raises(ShapeError) as caught:
        typedrnn.Linear(20, 4)(torch.randn(4, 3, 40))
    error = caught.value
    assert (error.expected, error.actual) == ((4, 3, 20), (4, 3, 40))
    assert error.expected_names == ("*batch", "*batch", "in_features")
    assert error.dimension_index == 2


def test_shape_error_about_a_dtype_has_no_shapes_but_keeps_the_words() -> None:
    lstm = typedrnn.LSTM(10, 20)
    h0 = torch.zeros(1, 3, 20, dtype=torch.float64)
    with pytest.raises(ShapeError) as caught:
        lstm(torch.randn(5, 3, 10), (h0, h0))
    error = caught.value
    assert (error.expected, error.actual, error.dimension) == (None, None, "dtype")
    assert (error.expected_text, error.actual_text) == ("torch.float32", "torch.float64")


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_module_rejects_cpu_state_naming_both_devices() -> None:
    lstm = typedrnn.LSTM(4, 6).cuda()
    x = torch.randn(3, 2, 4, device="cuda")
    with pytest.raises(ShapeError, match="h0 is on device cpu, but input is on cuda:0"):
        lstm(x, (torch.zeros(1, 2, 6), torch.zeros(1, 2, 6, device="cuda")))
    output, _ = lstm(x)
    assert output.device.type == "cuda"
