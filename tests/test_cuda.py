"""Typed modules on a CUDA device: cuDNN paths, half precision, AMP, devices, no syncs.

Skipped without CUDA. Every typed module is compared with its plain torch twin
(``typedrnn.untyped``, the same parameters) on the same device, bit for bit.
The checks read only shapes, dtypes and devices (and a PackedSequence's
``batch_sizes``, which torch keeps on the CPU), so they never wait for the GPU:
``torch.cuda.set_sync_debug_mode`` proves it.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

import typedrnn

pytestmark = [
    pytest.mark.cuda,
    pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device"),
]

DEVICE = "cuda"

# kind, constructor arguments, input shape, hx shapes (None: no hx)
EVERY_MODULE: list[tuple[str, dict[str, Any], tuple[int, ...], tuple[tuple[int, ...], ...]]] = [
    ("RNN", {"num_layers": 2, "bidirectional": True}, (5, 3, 8), ((4, 3, 16),)),
    ("GRU", {"batch_first": True}, (3, 5, 8), ((1, 3, 16),)),
    ("LSTM", {"num_layers": 2, "proj_size": 4}, (5, 3, 8), ((2, 3, 4), (2, 3, 16))),
    ("RNNCell", {}, (3, 8), ((3, 16),)),
    ("GRUCell", {}, (3, 8), ((3, 16),)),
    ("LSTMCell", {}, (3, 8), ((3, 16), (3, 16))),
    ("Linear", {}, (2, 3, 8), ()),
]


def make(kind: str, options: dict[str, Any], dtype: torch.dtype = torch.float32) -> tuple[nn.Module, nn.Module]:
    torch.manual_seed(0)
    typed = getattr(typedrnn, kind)(8, 16, **options).to(DEVICE, dtype)
    return typed, typedrnn.untyped(typed)


def arguments(
    kind: str, input_shape: tuple[int, ...], hx_shapes: tuple[tuple[int, ...], ...], dtype: torch.dtype
) -> tuple[Any, ...]:
    x = torch.randn(input_shape, device=DEVICE, dtype=dtype)
    states = tuple(torch.randn(shape, device=DEVICE, dtype=dtype) for shape in hx_shapes)
    if not states:
        return (x,)
    return (x, states if kind in ("LSTM", "LSTMCell") else states[0])


def tensors(result: Any) -> list[Tensor]:
    if isinstance(result, PackedSequence):
        return [result.data, result.batch_sizes]
    if isinstance(result, (tuple, list)):
        return [tensor for item in result for tensor in tensors(item)]
    return [result]


def assert_identical(actual: Any, expected: Any) -> None:
    for got, want in zip(tensors(actual), tensors(expected), strict=True):
        assert got.device == want.device and got.dtype == want.dtype
        assert torch.equal(got, want)


@pytest.fixture(autouse=True)
def no_sync_debug() -> Iterator[None]:
    yield
    torch.cuda.set_sync_debug_mode(0)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
@pytest.mark.parametrize(("kind", "options", "input_shape", "hx_shapes"), EVERY_MODULE)
def test_every_module_gives_torch_outputs_on_the_gpu(
    kind: str,
    options: dict[str, Any],
    input_shape: tuple[int, ...],
    hx_shapes: tuple[tuple[int, ...], ...],
    dtype: torch.dtype,
) -> None:
    typed, plain = make(kind, options, dtype)
    for given_hx in (False, True):
        call = arguments(kind, input_shape, hx_shapes if given_hx else (), dtype)
        expected = plain(*call)
        assert_identical(typed(*call), expected)  # the first call: torch's forward
        assert_identical(typed(*call), expected)  # a repeated call: torch's kernel


@pytest.mark.parametrize("kind", ["RNN", "GRU", "LSTM"])
@pytest.mark.parametrize("batch_first", [False, True])
def test_packed_sequences_give_torch_outputs_on_the_gpu(kind: str, batch_first: bool) -> None:
    typed, plain = make(kind, {"batch_first": batch_first, "bidirectional": True})
    padded = torch.randn((4, 6, 8) if batch_first else (6, 4, 8), device=DEVICE)
    packed = pack_padded_sequence(padded, [6, 2, 5, 1], batch_first=batch_first, enforce_sorted=False)
    h0 = torch.randn(2, 4, 16, device=DEVICE)
    hx = (h0, torch.randn(2, 4, 16, device=DEVICE)) if kind == "LSTM" else h0
    for packed_call in ((packed,), (packed, hx)):
        expected = plain(*packed_call)
        assert_identical(typed(*packed_call), expected)
        assert_identical(typed(*packed_call), expected)


def test_a_wrong_packed_state_is_caught_on_the_gpu_before_cudnn_sees_it() -> None:
    typed, _ = make("LSTM", {})
    packed = pack_padded_sequence(torch.randn(6, 4, 8, device=DEVICE), [6, 5, 2, 1])
    h0 = torch.zeros(1, 3, 16, device=DEVICE)
    with pytest.raises(typedrnn.ShapeError, match=r"batch=4 from input\.batch_sizes"):
        typed(packed, (h0, h0))


@pytest.mark.parametrize("dtype", [torch.float16, torch.bfloat16])
@pytest.mark.parametrize(("kind", "options", "input_shape", "hx_shapes"), EVERY_MODULE)
def test_autocast_gives_torch_outputs(
    kind: str,
    options: dict[str, Any],
    input_shape: tuple[int, ...],
    hx_shapes: tuple[tuple[int, ...], ...],
    dtype: torch.dtype,
) -> None:
    typed, plain = make(kind, options)
    call = arguments(kind, input_shape, hx_shapes, torch.float32)
    with torch.autocast(DEVICE, dtype=dtype):
        expected = plain(*call)
        assert_identical(typed(*call), expected)
        assert_identical(typed(*call), expected)


def test_a_cpu_input_to_a_gpu_module_names_both_devices() -> None:
    typed, _ = make("GRU", {})
    with pytest.raises(typedrnn.ShapeError) as caught:
        typed(torch.randn(5, 3, 8))
    assert caught.value.argument == "input"
    assert "cpu" in str(caught.value) and "cuda:0" in str(caught.value)


def test_a_cpu_state_with_a_gpu_input_names_both_devices() -> None:
    typed, _ = make("LSTM", {})
    x = torch.randn(5, 3, 8, device=DEVICE)
    with pytest.raises(typedrnn.ShapeError) as caught:
        typed(x, (torch.zeros(1, 3, 16, device=DEVICE), torch.zeros(1, 3, 16)))
    assert caught.value.argument == "c0"
    assert "cpu" in str(caught.value) and "cuda:0" in str(caught.value)


@pytest.mark.parametrize(("kind", "options", "input_shape", "hx_shapes"), EVERY_MODULE)
def test_the_checks_add_no_host_device_sync(
    kind: str, options: dict[str, Any], input_shape: tuple[int, ...], hx_shapes: tuple[tuple[int, ...], ...]
) -> None:
    typed, plain = make(kind, options)
    call = arguments(kind, input_shape, hx_shapes, torch.float32)
    torch.cuda.synchronize()
    syncs = []
    for module in (plain, typed, typed):  # the typed module twice: learning the shape, then cached
        torch.cuda.set_sync_debug_mode("warn")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            module(*call)
        torch.cuda.set_sync_debug_mode(0)
        syncs.append(sum("synchroniz" in str(warning.message) for warning in caught))
    plain_syncs, learning_syncs, cached_syncs = syncs
    assert learning_syncs == plain_syncs
    assert cached_syncs == plain_syncs


def test_cells_and_linear_run_under_sync_debug_error_mode() -> None:
    for kind, options, input_shape, hx_shapes in EVERY_MODULE[3:]:
        typed, _ = make(kind, options)
        call = arguments(kind, input_shape, hx_shapes, torch.float32)
        torch.cuda.synchronize()
        torch.cuda.set_sync_debug_mode("error")
        typed(*call)
        typed(*call)
        torch.cuda.set_sync_debug_mode(0)
