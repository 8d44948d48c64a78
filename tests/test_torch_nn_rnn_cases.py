"""The situations PyTorch's own test_nn puts its recurrent modules in, written anew.

Each test builds the situation with torch's module and with the typed one and asks
for torch's behaviour: the same results bit for bit, or an error of torch's type
whose message contains torch's own sentence (so a test written against torch's
wording passes against typedrnn).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import torch
from torch import Tensor, nn
from torch.nn.utils import parametrizations
from torch.nn.utils.rnn import pack_padded_sequence

import typedrnn

SEQUENCE = ("RNN", "GRU", "LSTM")
CELLS = ("RNNCell", "GRUCell", "LSTMCell")


def twins(kind: str, *args: Any, **kwargs: Any) -> tuple[nn.Module, nn.Module]:
    torch.manual_seed(0)
    typed = getattr(typedrnn, kind)(*args, **kwargs)
    return typed, typedrnn.untyped(typed, copy=True)


def flat(result: Any) -> list[Tensor]:
    if isinstance(result, Tensor):
        return [result]
    if hasattr(result, "data") and hasattr(result, "batch_sizes"):
        return [result.data]
    return [tensor for item in result for tensor in flat(item)]


def assert_same(actual: Any, expected: Any) -> None:
    for got, want in zip(flat(actual), flat(expected), strict=True):
        assert got.dtype == want.dtype and torch.equal(got, want)


def assert_raises_as_torch(typed: nn.Module, plain: nn.Module, call: Callable[[nn.Module], Any]) -> None:
    with pytest.raises(Exception) as torchs:
        call(plain)
    with pytest.raises(type(torchs.value), match=re.escape(str(torchs.value))):
        call(typed)


def states(kind: str, layers: int, batch: int, hidden: int, proj: int = 0) -> Any:
    h = torch.randn(layers, batch, proj or hidden)
    return (h, torch.randn(layers, batch, hidden)) if kind == "LSTM" else h


@pytest.mark.parametrize("kind", SEQUENCE)
@pytest.mark.parametrize(
    "wrong",
    ["input size", "hidden batch", "hidden layers", "hidden size", "input rank", "hidden rank"],
)
def test_forward_argument_checks_raise_torchs_error(kind: str, wrong: str) -> None:
    typed, plain = twins(kind, 3, 5, num_layers=2)
    x = torch.randn(4, 6, 3)
    hx = states(kind, 2, 6, 5)

    def replace_state(make: Callable[[Tensor], Tensor]) -> Any:
        return (make(hx[0]), hx[1]) if kind == "LSTM" else make(hx)

    arguments = {
        "input size": (torch.randn(4, 6, 2), hx),
        "hidden batch": (x, replace_state(lambda h: torch.randn(2, 7, 5))),
        "hidden layers": (x, replace_state(lambda h: torch.randn(3, 6, 5))),
        "hidden size": (x, replace_state(lambda h: torch.randn(2, 6, 4))),
        "input rank": (torch.randn(4, 6, 3, 1), hx),
        "hidden rank": (x, replace_state(lambda h: torch.randn(6, 5))),
    }[wrong]
    assert_raises_as_torch(typed, plain, lambda module: module(*arguments))


@pytest.mark.parametrize("kind", CELLS)
@pytest.mark.parametrize("wrong", ["input size", "hidden size", "batch", "input rank"])
def test_cell_argument_checks_raise_torchs_error(kind: str, wrong: str) -> None:
    typed, plain = twins(kind, 3, 5)
    x = torch.randn(4, 3)

    def hx(batch: int, hidden: int) -> Any:
        h = torch.randn(batch, hidden)
        return (h, torch.randn(batch, hidden)) if kind == "LSTMCell" else h

    arguments = {
        "input size": (torch.randn(4, 2), hx(4, 5)),
        "hidden size": (x, hx(4, 6)),
        "batch": (x, hx(3, 5)),
        "input rank": (torch.randn(2, 4, 3), hx(4, 5)),
    }[wrong]
    assert_raises_as_torch(typed, plain, lambda module: module(*arguments))


@pytest.mark.parametrize("kind", SEQUENCE)
def test_unbatched_input_gives_the_batched_result_squeezed(kind: str) -> None:
    typed, plain = twins(kind, 3, 5, num_layers=2, bidirectional=True)
    x = torch.randn(4, 3)
    hx = states(kind, 4, 1, 5)
    unbatched_hx = tuple(h.squeeze(1) for h in hx) if kind == "LSTM" else hx.squeeze(1)
    for _ in range(2):
        assert_same(typed(x, unbatched_hx), plain(x, unbatched_hx))
    batched = typed(x.unsqueeze(1), hx)
    assert torch.allclose(typed(x, unbatched_hx)[0], batched[0].squeeze(1))


@pytest.mark.parametrize("kind", SEQUENCE)
def test_dropout_in_training_is_torchs_dropout_and_changing_it_after_a_call_takes_effect(kind: str) -> None:
    typed, plain = twins(kind, 3, 5, num_layers=3, dropout=0.5)
    x = torch.randn(4, 2, 3)
    for module in (typed, plain):
        module.train()
    for dropout in (0.5, 0.0, 1.0):
        for module in (typed, plain):
            module.dropout = dropout
        for _ in range(2):
            torch.manual_seed(1)
            expected = plain(x)
            torch.manual_seed(1)
            assert_same(typed(x), expected)


@pytest.mark.parametrize("kind", SEQUENCE)
def test_a_weight_norm_parametrization_gives_torchs_results(kind: str) -> None:
    typed, plain = twins(kind, 3, 5)
    for module in (typed, plain):
        parametrizations.weight_norm(module, "weight_hh_l0")
    x = torch.randn(4, 2, 3)
    for _ in range(2):
        assert_same(typed(x), plain(x))


@pytest.mark.parametrize("nonlinearity", ["tanh", "relu"])
def test_rnn_nonlinearity_is_torchs(nonlinearity: str) -> None:
    typed, plain = twins("RNN", 3, 5, nonlinearity=nonlinearity)
    x = torch.randn(4, 2, 3)
    for _ in range(2):
        assert_same(typed(x), plain(x))
    with pytest.raises(ValueError, match="Unknown nonlinearity"):
        typedrnn.RNN(3, 5, nonlinearity="gelu")


def test_projected_lstm_states_and_errors_are_torchs() -> None:
    typed, plain = twins("LSTM", 3, 6, proj_size=2, num_layers=2)
    x = torch.randn(4, 2, 3)
    hx = states("LSTM", 2, 2, 6, proj=2)
    for _ in range(2):
        assert_same(typed(x, hx), plain(x, hx))
    assert_raises_as_torch(typed, plain, lambda module: module(x, (torch.randn(2, 2, 6), hx[1])))
    with pytest.raises(ValueError, match="proj_size has to be smaller than hidden_size"):
        typedrnn.LSTM(3, 6, proj_size=6)


@pytest.mark.parametrize("kind", SEQUENCE)
def test_no_initial_state_is_zeros_as_in_torch(kind: str) -> None:
    typed, plain = twins(kind, 3, 5, num_layers=2)
    x = torch.randn(4, 2, 3)
    zeros = (torch.zeros(2, 2, 5), torch.zeros(2, 2, 5)) if kind == "LSTM" else torch.zeros(2, 2, 5)
    for _ in range(2):
        assert_same(typed(x), plain(x, zeros))


@pytest.mark.parametrize("kind", SEQUENCE)
def test_packed_and_padded_sequences_give_torchs_results_and_gradients(kind: str) -> None:
    typed, plain = twins(kind, 3, 5, bidirectional=True)
    padded = torch.randn(4, 3, 3)
    lengths = [4, 2, 3]
    for _ in range(2):
        results = []
        for module in (typed, plain):
            module.zero_grad()
            packed = pack_padded_sequence(padded, lengths, enforce_sorted=False)
            output, _ = module(packed)
            output.data.sum().backward()
            results.append((output, [parameter.grad.clone() for parameter in module.parameters()]))
        assert_same(results[0][0], results[1][0])
        assert all(torch.equal(a, b) for a, b in zip(results[0][1], results[1][1], strict=True))


@pytest.mark.parametrize("kind", (*SEQUENCE, *CELLS))
def test_a_state_on_another_device_than_the_input_raises_torchs_error(kind: str) -> None:
    typed, plain = twins(kind, 3, 5)
    x = torch.randn(4, 2, 3) if kind in SEQUENCE else torch.randn(2, 3)
    shape = (1, 2, 5) if kind in SEQUENCE else (2, 5)
    h = torch.zeros(shape, device="meta")
    hx = (h, torch.zeros(shape)) if kind in ("LSTM", "LSTMCell") else h
    with pytest.raises(Exception) as torchs:
        plain(x, hx)
    with pytest.raises(type(torchs.value)):
        typed(x, hx)
