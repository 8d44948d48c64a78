"""Drop-in fidelity: wherever torch's modules work, typed modules work the same.

Each test takes something real code does with torch's modules and checks that the
typed module gives torch's result bit for bit, or raises where torch raises (the
same exception type, and torch's own sentence in the ShapeError).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import torch
import torch.fx
from torch import Tensor, nn
from torch.nn.modules import linear as torch_linear
from torch.nn.modules import rnn as torch_rnn

import typedrnn

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _unpatched() -> Iterator[None]:
    typedrnn.unpatch()
    yield
    typedrnn.unpatch()


def flat(result: Any) -> list[Tensor]:
    if isinstance(result, Tensor):
        return [result.unbind() if result.is_nested else result]  # type: ignore[list-item]
    return [tensor for item in result for tensor in flat(item)]


def assert_same(actual: Any, expected: Any) -> None:
    actual_tensors, expected_tensors = flat(actual), flat(expected)
    assert len(actual_tensors) == len(expected_tensors)
    for got, want in zip(actual_tensors, expected_tensors):
        if isinstance(got, tuple):
            assert all(torch.equal(a, b) for a, b in zip(got, want, strict=True))
        else:
            assert got.dtype == want.dtype and torch.equal(got, want)


def twins(kind: str, *args: Any, **kwargs: Any) -> tuple[nn.Module, nn.Module]:
    """A typed module and torch's, with the same parameters (copies)."""
    torch.manual_seed(0)
    typed = getattr(typedrnn, kind)(*args, **kwargs)
    return typed, typedrnn.untyped(typed, copy=True)


# -- 1. a replaced _VF or F -----------------------------------------------------------


class _CountingKernels:
    """What amp-style shims and instrumentation put in place of ``_VF`` or ``F``."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        kernel = getattr(self.real, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            result = kernel(*args, **kwargs)
            return result * 2 if isinstance(result, Tensor) else tuple(part * 2 for part in result)

        return counted


@pytest.mark.parametrize(
    ("kind", "namespace", "name", "x"),
    [
        ("LSTM", torch_rnn, "_VF", torch.randn(5, 3, 4)),
        ("GRUCell", torch_rnn, "_VF", torch.randn(3, 4)),
        ("Linear", torch_linear, "F", torch.randn(3, 4)),
    ],
)
def test_a_replaced_vf_or_f_is_used_on_every_call_as_by_torch(
    monkeypatch: pytest.MonkeyPatch, kind: str, namespace: Any, name: str, x: Tensor
) -> None:
    typed, plain = twins(kind, 4, 6)
    typed(x)  # the guard learns the shapes: the next calls take the kernel road
    shim = _CountingKernels(getattr(namespace, name))
    monkeypatch.setattr(namespace, name, shim)
    for _ in range(2):
        assert_same(typed(x), plain(x))
    assert len(shim.calls) == 4


# -- 2. torch.fx ------------------------------------------------------------------------


class _Tagger(nn.Module):
    def __init__(self, nn_namespace: Any) -> None:
        super().__init__()
        self.rnn = nn_namespace.LSTM(4, 6)
        self.head = nn_namespace.Linear(6, 3)

    def forward(self, x: Tensor) -> Tensor:
        output, _ = self.rnn(x)
        return self.head(output)  # type: ignore[no-any-return]


@pytest.mark.parametrize("checks", [True, False])
@pytest.mark.parametrize("how", ["typedrnn", "patch"])
def test_fx_symbolic_trace_keeps_typed_modules_as_leaves_like_torchs(how: str, checks: bool) -> None:
    torch.manual_seed(0)
    plain = _Tagger(nn)
    with typedrnn.patched() if how == "patch" else typedrnn.checks(True):
        torch.manual_seed(0)
        typed = _Tagger(typedrnn if how == "typedrnn" else nn)
    assert isinstance(typed.rnn, typedrnn.LSTM)
    with typedrnn.checks(checks):
        traced = torch.fx.symbolic_trace(typed)
    expected = torch.fx.symbolic_trace(plain)
    assert [(node.op, node.target) for node in traced.graph.nodes] == [
        (node.op, node.target) for node in expected.graph.nodes
    ]
    x = torch.randn(5, 2, 4)
    assert_same(traced(x), expected(x))
    with pytest.raises(typedrnn.ShapeError):
        traced(torch.randn(5, 2, 7))


# -- 3. quantize_dynamic ------------------------------------------------------------------


@pytest.mark.parametrize("how", ["typedrnn", "patch"])
def test_quantize_dynamic_swaps_typed_linear_and_lstm_as_torchs(how: str) -> None:
    from torch.ao.quantization import quantize_dynamic  # noqa: PLC0415 - deprecated in torch, imported here only

    torch.manual_seed(0)
    plain = _Tagger(nn)
    with typedrnn.patched() if how == "patch" else typedrnn.checks(True):
        torch.manual_seed(0)
        typed = _Tagger(typedrnn if how == "typedrnn" else nn)
    # Under the patch, torch's default spec names the stand-ins; built by name, the
    # typed classes are named in the spec, as a subclass of a torch class would be.
    spec = {typedrnn.LSTM, typedrnn.Linear} if how == "typedrnn" else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = quantize_dynamic(plain, {nn.LSTM, nn.Linear})
        with typedrnn.patched() if how == "patch" else typedrnn.checks(True):
            quantized = quantize_dynamic(typed, spec)
        x = torch.randn(5, 2, 4)
        assert [type(module) for module in quantized.children()] == [type(module) for module in expected.children()]
        assert type(quantized.head).__module__.startswith("torch.ao.nn.quantized.dynamic")
        assert_same(quantized(x), expected(x))


# -- 4. complex and integer dtypes --------------------------------------------------------


@pytest.mark.parametrize("kind", ["Linear", "RNNCell", "LSTMCell", "GRUCell", "RNN", "LSTM", "GRU"])
def test_complex_modules_compute_what_torch_computes(kind: str) -> None:
    typed, plain = twins(kind, 3, 4, dtype=torch.cdouble)
    x = torch.randn(5, 2, 3, dtype=torch.cdouble)
    x = x[0] if kind == "Linear" or kind.endswith("Cell") else x
    for _ in range(2):
        assert_same(typed(x), plain(x))


@pytest.mark.parametrize("kind", ["Linear", "RNNCell"])
def test_integer_modules_compute_what_torch_computes(kind: str) -> None:
    typed, plain = twins(kind, 3, 4)
    for module in (typed, plain):
        for name, parameter in list(module.named_parameters()):
            generator = torch.Generator().manual_seed(1)
            setattr(module, name, nn.Parameter(torch.randint(-3, 4, parameter.shape, generator=generator), requires_grad=False))
    x = torch.randint(-3, 4, (2, 3))
    for _ in range(2):
        assert_same(typed(x), plain(x))


def test_an_integer_input_to_a_floating_module_is_refused_where_torch_refuses() -> None:
    typed, plain = twins("GRU", 3, 4)
    x = torch.randint(0, 5, (5, 2, 3))
    with pytest.raises(ValueError) as torchs:
        plain(x)
    with pytest.raises(typedrnn.ShapeError, match="expected a floating dtype") as caught:
        typed(x)
    assert caught.value.torch_says == str(torchs.value)


# -- 5. hx as a NamedTuple or a list ---------------------------------------------------------


class State(NamedTuple):
    h: Tensor
    c: Tensor


@pytest.mark.parametrize("container", [State, lambda h, c: [h, c]], ids=["NamedTuple", "list"])
@pytest.mark.parametrize("kind", ["LSTM", "LSTMCell"])
def test_lstm_hx_as_a_namedtuple_or_a_list_gives_torchs_result(kind: str, container: Any) -> None:
    typed, plain = twins(kind, 3, 4)
    x = torch.randn(5, 2, 3) if kind == "LSTM" else torch.randn(2, 3)
    shape = (1, 2, 4) if kind == "LSTM" else (2, 4)
    hx = container(torch.randn(shape), torch.randn(shape))
    for _ in range(2):
        assert_same(typed(x, hx), plain(x, hx))
    with pytest.raises(typedrnn.ShapeError, match=r"c0? expected"):
        typed(x, container(hx[0], torch.randn(*shape[:-1], 5)))


# -- 6. replaced weights ------------------------------------------------------------------------


def test_a_linear_with_replaced_weights_gives_torchs_wider_result() -> None:
    typed, plain = twins("Linear", 4, 3)
    x = torch.randn(2, 4)
    typed(x)
    for module in (typed, plain):
        torch.manual_seed(1)
        module.weight = nn.Parameter(torch.randn(9, 4))
        module.bias = nn.Parameter(torch.randn(9))
    for _ in range(2):
        assert_same(typed(x), plain(x))
    assert typed(x).shape == (2, 9)


def test_a_cell_with_a_replaced_input_weight_takes_the_new_width() -> None:
    typed, plain = twins("GRUCell", 4, 3)
    typed(torch.randn(2, 4))
    for module in (typed, plain):
        torch.manual_seed(1)
        module.weight_ih = nn.Parameter(torch.randn(9, 6))
    x = torch.randn(2, 6)
    for _ in range(2):
        assert_same(typed(x), plain(x))
    with pytest.raises(RuntimeError) as torchs:
        plain(torch.randn(2, 4))
    with pytest.raises(typedrnn.ShapeError) as caught:
        typed(torch.randn(2, 4))
    assert caught.value.torch_says == str(torchs.value)


def test_a_weight_replaced_in_place_with_another_shape_is_noticed_on_the_kernel_road() -> None:
    typed, plain = twins("Linear", 4, 3)
    x = torch.randn(2, 4)
    typed(x), typed(x)
    for module in (typed, plain):
        with torch.no_grad():
            module.weight.data = torch.ones(5, 4)
            module.bias.data = torch.zeros(5)
    assert_same(typed(x), plain(x))


# -- 7. __setstate__ --------------------------------------------------------------------------


def test_setstate_after_a_call_gives_the_new_configuration() -> None:
    typed, plain = twins("LSTM", 4, 6)
    typed(torch.randn(2, 1, 4))
    torch.manual_seed(2)
    state = nn.LSTM(3, 6).__getstate__()
    typed.__setstate__(dict(state))
    plain.__setstate__(dict(state))
    x = torch.randn(2, 1, 3)
    for _ in range(2):
        assert_same(typed(x), plain(x))


# -- 8. nested tensors ----------------------------------------------------------------------------


def test_a_strided_nested_tensor_into_linear_gives_torchs_result_or_a_shape_error() -> None:
    typed, plain = twins("Linear", 3, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        good = torch.nested.nested_tensor([torch.randn(2, 3), torch.randn(4, 3)])
        bad = torch.nested.nested_tensor([torch.randn(2, 4), torch.randn(4, 4)])
    for _ in range(2):
        assert_same(typed(good), plain(good))
    with pytest.raises(RuntimeError) as torchs:
        plain(bad)
    with pytest.raises(typedrnn.ShapeError, match=r"dimension 2 \(in_features\) is 4") as caught:
        typed(bad)
    assert caught.value.torch_says == str(torchs.value)


# -- 9. torch.save under typedrnn run, torch.load(weights_only=True) ---------------------------------


def test_a_model_saved_under_the_patch_loads_with_weights_only_and_torchs_classes() -> None:
    typedrnn.patch()
    torch.manual_seed(0)
    model = nn.Sequential(nn.LSTM(4, 6))
    head = nn.Linear(6, 3)
    buffer = io.BytesIO()
    torch.save({"rnn": model, "head": head}, buffer)
    typedrnn.unpatch()
    buffer.seek(0)
    with torch.serialization.safe_globals([nn.Sequential, nn.LSTM, nn.Linear]):
        loaded = torch.load(buffer, weights_only=True)
    assert type(loaded["rnn"][0]) is torch_rnn.LSTM and type(loaded["head"]) is torch_linear.Linear
    x = torch.randn(5, 2, 4)
    assert_same(loaded["rnn"](x), model(x))
    features = torch.randn(2, 6)
    assert_same(loaded["head"](features), head(features))


# -- 12. torch's own sentence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "args", "call"),
    [
        ("LSTM", (10, 20), (torch.randn(5, 3, 11),)),
        ("GRU", (10, 20), (torch.randn(5, 3, 10), torch.zeros(1, 4, 20))),
        ("RNN", (10, 20), (torch.randn(2, 5, 3, 10),)),
        ("LSTM", (10, 20), (torch.randn(5, 3, 10), (torch.zeros(1, 3, 20), torch.zeros(3, 20)))),
        ("Linear", (4, 2), (torch.randn(5, 3),)),
        ("RNNCell", (4, 2), (torch.randn(5, 3),)),
        ("GRUCell", (4, 2), (torch.randn(5, 4), torch.zeros(6, 2))),
        ("LSTMCell", (4, 2), (torch.randn(5, 4), (torch.zeros(5, 2), torch.zeros(5, 3)))),
        ("LSTMCell", (4, 2), (torch.randn(5, 4, 1),)),
        ("GRU", (3, 4), (torch.randn(5, 2, 3).double(),)),
    ],
)
def test_shape_errors_carry_torchs_own_sentence_where_torch_raises(kind: str, args: tuple[int, ...], call: tuple[Any, ...]) -> None:
    typed, plain = twins(kind, *args)
    with pytest.raises(Exception) as torchs:
        plain(*call)
    with pytest.raises(typedrnn.ShapeError) as caught:
        typed(*call)
    assert isinstance(caught.value, type(torchs.value))
    assert f"\n  torch: {torchs.value}" in str(caught.value)


def test_no_torch_line_where_torch_accepts_the_call() -> None:
    cell = typedrnn.LSTMCell(3, 4)
    h = torch.zeros(2, 4)
    with pytest.raises(typedrnn.ShapeError) as caught:
        cell(torch.randn(2, 3), (h, h.double()))  # torch promotes c
    assert caught.value.torch_says is None and "torch:" not in str(caught.value)


# -- 13. typedrnn run on real setups -------------------------------------------------------------------


_SPAWNING_SCRIPT = """\
import os, sys
import torch
import torch.multiprocessing as mp
from torch import nn

def worker(rank):
    import typedrnn
    print(rank, isinstance(nn.LSTM(3, 4), typedrnn.LSTM), any("_child_startup" in p for p in sys.path), flush=True)

if __name__ == "__main__":
    if "LOCAL_RANK" in os.environ:
        worker(int(os.environ["LOCAL_RANK"]))
    else:
        mp.spawn(worker, nprocs=2)
"""


def _typedrnn_run(*arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key not in ("TYPEDRNN_RUN", "PYTHONPATH")}
    return subprocess.run(
        [sys.executable, "-m", "typedrnn", "run", *arguments],
        capture_output=True, text=True, timeout=300, env=environment, check=False,
    )  # fmt: skip


@pytest.mark.parametrize("launcher", ["spawn", "torchrun"])
def test_typedrnn_run_types_the_processes_a_ddp_script_starts(tmp_path: Path, launcher: str) -> None:
    script = tmp_path / "train.py"
    script.write_text(_SPAWNING_SCRIPT)
    if launcher == "spawn":
        result = _typedrnn_run(str(script))
    else:
        torchrun = textwrap.dedent("""\
            import sys
            from torch.distributed.run import main
            sys.exit(main())
        """)
        (tmp_path / "torchrun.py").write_text(torchrun)
        result = _typedrnn_run(str(tmp_path / "torchrun.py"), "--nproc-per-node=2", "--master-port=0", str(script))
    assert result.returncode == 0, result.stderr
    lines = sorted(line for line in result.stdout.splitlines() if line[:1] in "01")
    assert lines == ["0 True False", "1 True False"]
