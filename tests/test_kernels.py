"""A call the guard has seen before goes straight to torch's kernel, and gives exactly
what torch's own forward gives, whatever the module has been through.

The first call with new shapes takes the slow road (the full check, then torch's
forward); later calls take the fast one (typedrnn/_kernels.py). Each test below
makes at least two calls so that the second runs on the fast road.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import torch
from torch import Tensor, nn
from torch.func import functional_call
from torch.nn.utils import parametrize, prune
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

import typedrnn
from typedrnn import ShapeError, _kernels


def twins(kind: str, *args: Any, **kwargs: Any) -> tuple[nn.Module, nn.Module]:
    """A torch module and a typed one with the same parameters."""
    torch.manual_seed(0)
    plain = getattr(nn, kind)(*args, **kwargs)
    typed = getattr(typedrnn, kind)(*args, **kwargs)
    typed.load_state_dict(plain.state_dict())
    return plain, typed


def tensors(result: object) -> list[Tensor]:
    if isinstance(result, Tensor):
        return [result]
    if isinstance(result, PackedSequence):
        return [result.data, result.batch_sizes, *(t for t in (result.sorted_indices, result.unsorted_indices) if t is not None)]
    assert isinstance(result, tuple)
    return [tensor for item in result for tensor in tensors(item)]


def assert_same(actual: object, expected: object) -> None:
    assert type(actual) is type(expected)
    actual_tensors, expected_tensors = tensors(actual), tensors(expected)
    assert len(actual_tensors) == len(expected_tensors)
    for got, want in zip(actual_tensors, expected_tensors, strict=True):
        assert got.dtype == want.dtype and got.shape == want.shape
        assert torch.equal(got, want)


@pytest.fixture
def roads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Which road each typed call took, in order: "kernel" or "torch's forward"."""
    taken: list[str] = []
    for name in ("sequence_call", "cell_call", "linear_call"):
        original = getattr(_kernels, name)

        def spy(*args: Any, _original: Callable[..., Any] = original) -> Any:
            result = _original(*args)
            taken.append("torch's forward" if result is None else "kernel")
            return result

        monkeypatch.setattr(_kernels, name, spy)
    yield taken


CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any], Callable[[], tuple[Any, ...]]]] = [
    ("RNN", (5, 10, 2), {}, lambda: (torch.randn(6, 3, 5),)),
    ("RNN", (5, 10), {"nonlinearity": "relu", "batch_first": True}, lambda: (torch.randn(3, 6, 5), torch.randn(1, 3, 10))),
    ("GRU", (4, 6, 2), {"bidirectional": True}, lambda: (torch.randn(5, 4), torch.randn(4, 6))),
    ("LSTM", (4, 6, 2), {"proj_size": 3}, lambda: (torch.randn(5, 2, 4), (torch.randn(2, 2, 3), torch.randn(2, 2, 6)))),
    ("LSTM", (4, 6), {"batch_first": True}, lambda: (torch.randn(5, 4),)),
    ("RNNCell", (4, 6), {"nonlinearity": "relu"}, lambda: (torch.randn(3, 4), torch.randn(3, 6))),
    ("GRUCell", (4, 6), {"bias": False}, lambda: (torch.randn(4),)),
    ("LSTMCell", (4, 6), {}, lambda: (torch.randn(4), (torch.randn(6), torch.randn(6)))),
    ("Linear", (4, 6), {}, lambda: (torch.randn(2, 3, 4),)),
]


@pytest.mark.parametrize(("kind", "args", "kwargs", "arguments"), CALLS)
def test_a_correct_call_runs_torchs_kernel_without_torchs_forward_and_gives_its_result(
    kind: str, args: tuple[Any, ...], kwargs: dict[str, Any], arguments: Callable[[], tuple[Any, ...]], roads: list[str]
) -> None:
    plain, typed = twins(kind, *args, **kwargs)
    call = arguments()
    expected = plain(*call)
    for _ in range(3):
        assert_same(typed(*call), expected)
    # The first call by the quick check of the whole contract, the others by its answer.
    assert roads == ["kernel", "kernel", "kernel"]


# A first call, then calls with other sizes where the contract leaves them free (seq,
# a packed input's total rows, Linear's leading dims): the same key, one answer.
FREE_SIZES: list[tuple[str, tuple[Any, ...], dict[str, Any], list[Callable[[], tuple[Any, ...]]]]] = [
    ("GRU", (4, 6, 2), {}, [lambda: (torch.randn(5, 3, 4),), lambda: (torch.randn(9, 3, 4),), lambda: (torch.randn(1, 3, 4),)]),
    ("LSTM", (4, 6), {"batch_first": True}, [
        lambda: (torch.randn(3, 5, 4), (torch.randn(1, 3, 6), torch.randn(1, 3, 6))),
        lambda: (torch.randn(3, 11, 4), (torch.randn(1, 3, 6), torch.randn(1, 3, 6))),
        lambda: (torch.randn(3, 2, 4),),
    ]),
    ("RNN", (4, 6), {"bidirectional": True}, [lambda: (torch.randn(5, 4),), lambda: (torch.randn(8, 4), torch.randn(2, 6)), lambda: (torch.randn(1, 4),)]),
    ("GRU", (3, 5), {}, [
        lambda: (pack_padded_sequence(torch.randn(6, 3, 3), [6, 4, 2]),),
        lambda: (pack_padded_sequence(torch.randn(9, 3, 3), [1, 9, 9], enforce_sorted=False),),
        lambda: (pack_padded_sequence(torch.randn(2, 3, 3), [2, 2, 1]), torch.randn(1, 3, 5)),
    ]),
    ("Linear", (4, 6), {}, [lambda: (torch.randn(2, 4),), lambda: (torch.randn(7, 4),), lambda: (torch.randn(2, 3, 5, 4),), lambda: (torch.randn(4),)]),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "args", "kwargs", "arguments"), FREE_SIZES)
def test_calls_with_new_free_sizes_after_a_learnt_one_share_its_answer_and_give_torchs_result(
    kind: str, args: tuple[Any, ...], kwargs: dict[str, Any], arguments: list[Callable[[], tuple[Any, ...]]], roads: list[str]
) -> None:
    plain, typed = twins(kind, *args, **kwargs)
    for make in arguments:
        call = make()
        assert_same(typed(*call), plain(*call))
    assert roads == ["kernel"] * len(arguments)
    guard = typed._typedrnn_guard
    assert guard is not None and guard.entries == 1


@pytest.mark.parametrize("batch_first", [False, True])
def test_a_learnt_key_still_rejects_seq_0_and_states_of_another_batch(batch_first: bool) -> None:
    lstm = typedrnn.LSTM(4, 6, batch_first=batch_first)

    def input(seq: int) -> Tensor:
        return torch.randn(3, seq, 4) if batch_first else torch.randn(seq, 3, 4)

    states = (torch.zeros(1, 3, 6), torch.zeros(1, 3, 6))
    lstm(input(5), states), lstm(input(5), states)
    with pytest.raises(ShapeError, match="seq=0"):
        lstm(input(0), states)
    with pytest.raises(ShapeError, match="seq=0"):
        lstm(input(0))
    with pytest.raises(ShapeError, match=r"c0 expected \(layers×dirs=1, batch=3, hidden=6\), got \(1, 4, 6\)"):
        lstm(input(8), (torch.zeros(1, 3, 6), torch.zeros(1, 4, 6)))
    with pytest.raises(ShapeError, match="dtype"):
        lstm(input(8).double(), states)


@pytest.mark.parametrize("enforce_sorted", [False, True])
@pytest.mark.parametrize("kind", ["RNN", "GRU", "LSTM"])
def test_packed_sequences_on_the_fast_road_are_permuted_as_torch_permutes_them(kind: str, enforce_sorted: bool) -> None:
    plain, typed = twins(kind, 3, 5, 2, bidirectional=True)
    lengths = [6, 4, 2] if enforce_sorted else [2, 6, 4]
    packed = pack_padded_sequence(torch.randn(6, 3, 3), lengths, enforce_sorted=enforce_sorted)
    state = torch.randn(4, 3, 5)
    hx = (state, torch.randn(4, 3, 5)) if kind == "LSTM" else state
    for arguments in ((packed,), (packed, hx)):
        for _ in range(2):
            assert_same(typed(*arguments), plain(*arguments))


@pytest.mark.parametrize("kind", ["LSTM", "LSTMCell", "Linear"])
def test_gradients_through_the_fast_road_are_torchs(kind: str) -> None:
    plain, typed = twins(kind, 4, 6)
    x = torch.randn(3, 4) if kind != "LSTM" else torch.randn(5, 3, 4)
    for module in (plain, typed, typed):
        module.zero_grad()
        result = module(x)
        tensors(result)[0].sum().backward()
    for (name, want), (_, got) in zip(plain.named_parameters(), typed.named_parameters(), strict=True):
        assert got.grad is not None and want.grad is not None
        assert torch.equal(got.grad, want.grad), name


def test_dropout_in_training_draws_the_same_random_numbers_as_torch() -> None:
    plain, typed = twins("LSTM", 4, 6, 3, dropout=0.5)
    x = torch.randn(5, 2, 4)
    for _ in range(3):
        torch.manual_seed(7)
        expected = plain(x)
        torch.manual_seed(7)
        assert_same(typed(x), expected)


@pytest.mark.parametrize("kind", ["GRU", "GRUCell", "Linear"])
def test_functional_call_runs_with_the_given_parameters_and_leaves_the_module_alone(kind: str) -> None:
    plain, typed = twins(kind, 4, 6)
    x = torch.randn(5, 3, 4) if kind == "GRU" else torch.randn(3, 4)
    typed(x), typed(x)
    other = {name: torch.randn_like(value) for name, value in plain.named_parameters()}
    for _ in range(2):
        assert_same(functional_call(typed, other, (x,)), functional_call(plain, other, (x,)))
    assert_same(typed(x), plain(x))


def test_a_parametrized_recurrent_weight_is_computed_on_every_call() -> None:
    class Doubled(nn.Module):
        def forward(self, weight: Tensor) -> Tensor:
            return weight * 2

    plain, typed = twins("LSTM", 4, 6)
    for module in (plain, typed):
        parametrize.register_parametrization(module, "weight_hh_l0", Doubled())
    x = torch.randn(5, 3, 4)
    for _ in range(2):
        assert_same(typed(x), plain(x))
    with torch.no_grad():
        for module in (plain, typed):
            module.parametrizations.weight_hh_l0.original.mul_(3)
    assert_same(typed(x), plain(x))


def test_a_weight_assigned_after_the_first_call_is_the_one_used() -> None:
    plain, typed = twins("GRU", 4, 6)
    x = torch.randn(5, 3, 4)
    typed(x), typed(x)
    replacement = nn.Parameter(torch.randn(18, 6))
    plain.weight_hh_l0 = replacement
    typed.weight_hh_l0 = replacement
    assert_same(typed(x), plain(x))


def test_jit_trace_after_eager_calls_records_torchs_forward_with_a_free_batch() -> None:
    plain, typed = twins("LSTM", 4, 6)
    x = torch.randn(5, 2, 4)
    typed(x), typed(x)
    with pytest.warns(torch.jit.TracerWarning):
        traced = torch.jit.trace(typed, (x,), check_trace=False)
    wider = torch.randn(5, 7, 4)
    assert_same(traced(wider), plain(wider))


def test_a_nonlinearity_torch_does_not_know_gets_torchs_own_error() -> None:
    cell = typedrnn.RNNCell(4, 6)
    x = torch.randn(3, 4)
    cell(x), cell(x)
    cell.nonlinearity = "gelu"
    with pytest.raises(RuntimeError, match="Unknown nonlinearity: gelu"):
        cell(x)


def test_results_that_break_the_contract_are_reported_as_a_typedrnn_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    lstm = typedrnn.LSTM(4, 6)
    x = torch.randn(5, 3, 4)
    lstm(torch.randn(2, 3, 4))  # learns the key (batch 3, input 4); seq is free
    real_kernel = torch._VF.lstm

    def kernel_with_a_short_output(*args: Any) -> tuple[Tensor, ...]:
        output, h_n, c_n = real_kernel(*args)
        return output[:-1], h_n, c_n

    # The fast road finds the kernel on torch's _VF on every call, as torch's forward does.
    monkeypatch.setattr(torch._VF, "lstm", kernel_with_a_short_output, raising=False)
    with pytest.raises(ShapeError, match=r"torch returned output \(4, 3, 6\).*but the contract promised output \(5, 3, 6\)") as caught:
        lstm(x)
    assert caught.value.argument == "output"
    assert "typedrnn bug" in str(caught.value)


def test_a_pruned_weight_is_the_pruned_one_on_every_call() -> None:
    plain, typed = twins("LSTM", 4, 6, 2)
    for module in (plain, typed):
        prune.l1_unstructured(module, "weight_ih_l1", amount=0.5)
    x = torch.randn(5, 3, 4)
    for _ in range(2):
        assert_same(typed(x), plain(x))


def _doubling_permute_hidden(self: nn.Module, hx: Tensor, permutation: Tensor | None) -> Tensor:
    """A permute_hidden that doubles the states on their way in and out."""
    return hx * 2 if permutation is None else nn.GRU.permute_hidden(self, hx, permutation)  # type: ignore[arg-type]


def _gru_with_doubling(typed: nn.Module) -> Tensor:
    """What torch's GRU forward gives when permute_hidden doubles: h_n from 2·h0, doubled."""
    plain, _ = twins("GRU", 4, 6)
    plain.load_state_dict(typed.state_dict())
    x, h0 = torch.randn(5, 3, 4, generator=torch.Generator().manual_seed(1)), torch.ones(1, 3, 6)
    _, h_n = plain(x, h0 * 2)
    expected: Tensor = h_n * 2
    for _ in range(2):
        assert torch.equal(typed(x, h0)[1], expected)
    return expected


def test_a_subclass_that_overrides_a_helper_of_torchs_forward_has_it_called(roads: list[str]) -> None:
    class Doubling(typedrnn.GRU):
        permute_hidden = _doubling_permute_hidden

    _gru_with_doubling(Doubling(4, 6))
    assert roads == ["torch's forward", "torch's forward"]


def test_a_helper_set_on_the_module_or_its_class_later_is_called(roads: list[str]) -> None:
    on_the_module = typedrnn.GRU(4, 6)
    on_the_module.permute_hidden = types.MethodType(_doubling_permute_hidden, on_the_module)
    _gru_with_doubling(on_the_module)

    class Later(typedrnn.GRU):
        pass

    later = Later(4, 6)
    later(torch.randn(5, 3, 4)), later(torch.randn(5, 3, 4))
    Later.permute_hidden = _doubling_permute_hidden  # type: ignore[method-assign]
    _gru_with_doubling(later)
    assert roads[-2:] == ["torch's forward", "torch's forward"]


@pytest.mark.parametrize("kind", ["LSTM", "LSTMCell", "Linear"])
def test_torchs_forward_replaced_at_run_time_is_the_one_that_runs(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, typed = twins(kind, 4, 6)
    x = torch.randn(5, 3, 4) if kind == "LSTM" else torch.randn(3, 4)
    typed(x), typed(x)
    torch_class = getattr(nn, kind)
    original = torch_class.forward
    calls: list[int] = []

    def counted(self: nn.Module, *args: Any) -> Any:
        calls.append(1)
        return original(self, *args)

    monkeypatch.setattr(torch_class, "forward", counted)
    assert_same(typed(x), plain(x))
    assert len(calls) == 2


def test_a_call_torchs_forward_refused_is_refused_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a call that completed teaches the guard its shapes: a call the contract
    allows but torch refuses is refused, with torch's error, every time."""
    refusals: list[int] = []

    def refuse(*args: Any) -> None:
        refusals.append(1)
        raise RuntimeError("refused by torch")

    monkeypatch.setattr(torch._VF, "lstm", refuse, raising=False)
    lstm = typedrnn.LSTM(4, 6)
    for _ in range(2):
        with pytest.raises(RuntimeError, match="refused by torch"):
            lstm(torch.randn(5, 3, 4))
    assert len(refusals) == 2


def test_modules_built_under_the_patch_take_the_kernel_road_too(roads: list[str]) -> None:
    with typedrnn.patched():
        lstm, head = nn.LSTM(4, 6), nn.Linear(6, 2)
        x = torch.randn(5, 3, 4)
        for _ in range(2):
            head(lstm(x)[0])
    assert roads == ["kernel", "kernel", "kernel", "kernel"]


@pytest.mark.filterwarnings("ignore:Complex modules are a new feature")
@pytest.mark.parametrize(("dtype", "first_road"), [(torch.float64, "kernel"), (torch.complex64, "torch's forward")])
def test_the_quick_check_vouches_for_floating_dtypes_and_leaves_the_others_to_the_full_check(
    dtype: torch.dtype, first_road: str, roads: list[str]
) -> None:
    # Linear computes in complex numbers (and integers) too: the quick check plans for
    # floating dtypes only, so a first call in another has the full check and torch's
    # forward, and its answer, once learnt, is recalled like any other.
    plain, typed = twins("Linear", 4, 6)
    plain, typed = plain.to(dtype), typed.to(dtype)
    x = torch.randn(3, 4, dtype=dtype)
    for _ in range(2):
        assert_same(typed(x), plain(x))
    assert roads == [first_road, "kernel"]


def test_the_first_call_of_a_new_key_is_learnt_only_once_its_results_kept_the_contract(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gru = typedrnn.GRU(4, 6)
    real_kernel = torch._VF.gru

    def kernel_with_a_short_output(*args: Any) -> tuple[Tensor, ...]:
        output, h_n = real_kernel(*args)
        return output[:-1], h_n

    monkeypatch.setattr(torch._VF, "gru", kernel_with_a_short_output, raising=False)
    with pytest.raises(ShapeError, match="typedrnn bug"):
        gru(torch.randn(5, 3, 4))
    guard = gru._typedrnn_guard
    assert guard is not None and guard.entries == 0


def test_a_weight_put_in_the_parameter_dict_by_hand_gives_the_first_call_of_a_new_key_its_contract() -> None:
    plain, typed = twins("GRUCell", 4, 6)
    typed(torch.randn(3, 4))
    wider = nn.Parameter(torch.randn(18, 5))
    for module in (plain, typed):
        module._parameters["weight_ih"] = wider
    x = torch.randn(2, 5)
    assert_same(typed(x), plain(x))
    with pytest.raises(ShapeError, match="input"):
        typed(torch.randn(7, 4))
