"""TorchScript, torch.jit.trace, torch.export and ONNX take models with typed modules.

- ``torch.export`` (strict or not, static or dynamic batch) and both ONNX exporters
  trace through the checks: the exported graph holds torch's ops only, and a bad
  example input raises ShapeError before the tracer goes anywhere.
- ``torch.jit.trace`` records torch's ops; the checks run on the example call.
- ``torch.jit.script`` cannot compile the checks, so a typed module hands it the
  plain torch module with the same parameters (``__prepare_scriptable__``). Like
  every module that does this, torch swaps it into the model being scripted; to
  keep that model typed, script ``typedrnn.untyped(model)``.
- ``typedrnn.untyped`` is the explicit way back to torch's classes, for a module
  or a whole model, with shared or copied parameters.
"""

from __future__ import annotations

import copy
import io
import operator
import warnings
from collections.abc import Iterator
from types import ModuleType

import pytest
import torch
from torch import Tensor, nn

import typedrnn


class Tagger(nn.Module):
    """A bidirectional LSTM and a Linear head on every step."""

    def __init__(self, layers: ModuleType) -> None:
        super().__init__()
        self.lstm = layers.LSTM(8, 16, batch_first=True, bidirectional=True)
        self.head = layers.Linear(32, 4)

    def forward(self, x: Tensor, hx: tuple[Tensor, Tensor] | None = None) -> Tensor:
        output, _ = self.lstm(x, hx)
        return self.head(output)


class Stepper(nn.Module):
    """An LSTMCell loop over time and a Linear head on the last state."""

    def __init__(self, layers: ModuleType) -> None:
        super().__init__()
        self.cell = layers.LSTMCell(8, 16)
        self.head = layers.Linear(16, 4)

    def forward(self, x: Tensor) -> Tensor:
        h = torch.zeros(x.shape[1], 16)
        c = torch.zeros(x.shape[1], 16)
        for step in x.unbind(0):
            h, c = self.cell(step, (h, c))
        return self.head(h)


def twins(model: type[nn.Module]) -> tuple[nn.Module, nn.Module]:
    """The model built from torch.nn and from typedrnn, with the same weights."""
    torch.manual_seed(0)
    plain = model(nn)
    torch.manual_seed(0)
    typed = model(typedrnn)
    return plain.eval(), typed.eval()


def typed_children(model: nn.Module) -> list[str]:
    return [name for name, module in model.named_modules() if type(module).__module__.startswith("typedrnn")]


@pytest.fixture(autouse=True)
def quiet_tracers() -> Iterator[None]:
    """The tracers' deprecation and tracer warnings are torch's business, not these tests'."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# --------------------------------------------------------------------------------------
# typedrnn.untyped

EVERY_MODULE = [
    ("RNN", (8, 16), (5, 3, 8)),
    ("LSTM", (8, 16), (5, 3, 8)),
    ("GRU", (8, 16), (5, 3, 8)),
    ("RNNCell", (8, 16), (3, 8)),
    ("LSTMCell", (8, 16), (3, 8)),
    ("GRUCell", (8, 16), (3, 8)),
    ("Linear", (8, 16), (3, 8)),
]


@pytest.mark.parametrize(("kind", "arguments", "input_shape"), EVERY_MODULE)
def test_untyped_gives_the_torch_class_with_the_same_parameters_and_outputs(
    kind: str, arguments: tuple[int, int], input_shape: tuple[int, ...]
) -> None:
    typed = getattr(typedrnn, kind)(*arguments)
    plain = typedrnn.untyped(typed)
    assert type(plain) is getattr(nn, kind)
    assert all(a is b for a, b in zip(plain.parameters(), typed.parameters()))
    assert plain.state_dict().keys() == typed.state_dict().keys()
    x = torch.randn(input_shape)
    assert repr(plain(x)) == repr(typed(x))


def test_untyped_converts_a_model_tree_and_leaves_the_model_typed() -> None:
    _, typed = twins(Tagger)
    plain = typedrnn.untyped(typed)
    assert type(plain) is Tagger and plain is not typed
    assert typed_children(plain) == []
    assert typed_children(typed) == ["lstm", "head"]
    x = torch.randn(3, 5, 8)
    assert torch.equal(plain(x), typed(x))


def test_untyped_shares_parameters_so_training_one_trains_the_other() -> None:
    _, typed = twins(Tagger)
    plain = typedrnn.untyped(typed)
    optimizer = torch.optim.SGD(plain.parameters(), lr=0.5)
    plain(torch.randn(3, 5, 8)).sum().backward()
    optimizer.step()
    assert torch.equal(typed.lstm.weight_ih_l0, plain.lstm.weight_ih_l0)
    assert typed.lstm.weight_ih_l0.grad is not None
    x = torch.randn(3, 5, 8)
    assert torch.equal(plain(x), typed(x))


def test_untyped_with_copy_gives_independent_parameters() -> None:
    _, typed = twins(Tagger)
    before = copy.deepcopy(typed.state_dict())
    plain = typedrnn.untyped(typed, copy=True)
    with torch.no_grad():
        for parameter in plain.parameters():
            parameter.add_(1.0)
    assert all(torch.equal(before[key], value) for key, value in typed.state_dict().items())
    assert typed_children(plain) == []


def test_untyped_keeps_hooks_training_mode_and_shared_submodules() -> None:
    lstm = typedrnn.LSTM(8, 16)
    calls: list[str] = []
    lstm.register_forward_hook(lambda module, args, output: calls.append(type(module).__module__))
    model = nn.ModuleDict({"first": lstm, "again": lstm}).train(False)
    plain = typedrnn.untyped(model)
    assert plain["first"] is plain["again"]
    assert not plain["first"].training
    plain["first"](torch.randn(2, 1, 8))
    assert calls == ["torch.nn.modules.rnn"]


def test_untyped_modules_do_not_check() -> None:
    plain = typedrnn.untyped(typedrnn.Linear(8, 16))
    with pytest.raises(RuntimeError) as caught:
        plain(torch.randn(3, 7))
    assert not isinstance(caught.value, typedrnn.ShapeError)


def test_untyped_refuses_a_subclass_of_a_typed_module_rather_than_drop_its_code() -> None:
    class Scaled(typedrnn.Linear):
        def forward(self, input: Tensor) -> Tensor:
            return super().forward(input) * 2

    with pytest.raises(TypeError, match="Scaled"):
        typedrnn.untyped(nn.Sequential(Scaled(2, 2)))


# --------------------------------------------------------------------------------------
# TorchScript


@pytest.mark.parametrize("model", [Tagger, Stepper])
def test_torch_jit_script_compiles_a_model_with_typed_modules(model: type[nn.Module]) -> None:
    plain, typed = twins(model)
    scripted = torch.jit.script(typedrnn.untyped(typed))
    x = torch.randn(5, 3, 8)
    assert torch.equal(scripted(x), plain(x))
    assert typed_children(typed) != []


def test_scripting_the_typed_model_itself_works_and_swaps_in_torch_modules() -> None:
    plain, typed = twins(Tagger)
    scripted = torch.jit.script(typed)
    x = torch.randn(3, 5, 8)
    assert torch.equal(scripted(x), plain(x))
    # torch.jit.script puts what __prepare_scriptable__ returns into the model it was given.
    assert typed_children(typed) == []
    assert torch.equal(typed(x), plain(x))


@pytest.mark.parametrize(("kind", "arguments", "input_shape"), EVERY_MODULE[3:])
def test_cells_and_linear_script_on_their_own(
    kind: str, arguments: tuple[int, int], input_shape: tuple[int, ...]
) -> None:
    typed = getattr(typedrnn, kind)(*arguments)
    scripted = torch.jit.script(typed)
    x = torch.randn(input_shape)
    assert repr(scripted(x)) == repr(typed(x))


# --------------------------------------------------------------------------------------
# torch.jit.trace


def test_torch_jit_trace_records_torch_ops_and_matches_eager() -> None:
    plain, typed = twins(Tagger)
    x = torch.randn(3, 5, 8)
    traced = torch.jit.trace(typed, (x,))
    graph = str(traced.inlined_graph)
    assert "aten::lstm" in graph and "prim::PythonOp" not in graph
    assert torch.equal(traced(x), plain(x))


def test_torch_jit_trace_of_a_bad_example_raises_shape_error() -> None:
    _, typed = twins(Tagger)
    bad = (torch.zeros(2, 5, 16), torch.zeros(2, 5, 16))
    with pytest.raises(typedrnn.ShapeError, match="h0 expected"):
        torch.jit.trace(typed, (torch.randn(3, 5, 8), bad))


# --------------------------------------------------------------------------------------
# torch.export


@pytest.mark.parametrize("strict", [False, True])
def test_torch_export_with_a_dynamic_batch_gives_torch_ops_and_eager_outputs(strict: bool) -> None:
    plain, typed = twins(Tagger)
    batch = torch.export.Dim("batch", min=1, max=64)
    exported = torch.export.export(
        typed, (torch.randn(3, 5, 8),), dynamic_shapes={"x": {0: batch}}, strict=strict
    )
    calls = [node.target for node in exported.graph.nodes if node.op == "call_function"]
    assert torch.ops.aten.lstm.input in calls
    assert all(isinstance(target, torch._ops.OpOverload) or target is operator.getitem for target in calls)
    for size in (1, 7):
        x = torch.randn(size, 5, 8)
        assert torch.equal(exported.module()(x), plain(x))


def test_torch_export_of_a_bad_example_raises_shape_error() -> None:
    _, typed = twins(Tagger)
    bad = (torch.zeros(2, 3, 32), torch.zeros(2, 3, 16))
    with pytest.raises(typedrnn.ShapeError, match=r"h0 expected \(layers×dirs=2, batch=3, hidden=16\), got \(2, 3, 32\)") as caught:
        torch.export.export(typed, (torch.randn(3, 5, 8), bad))
    assert caught.value.argument == "h0"


# --------------------------------------------------------------------------------------
# ONNX


def _run_onnx(model_bytes: bytes, x: Tensor) -> Tensor:
    import onnx  # noqa: PLC0415 - in the test extra; only these tests need it
    from onnx.reference import ReferenceEvaluator  # noqa: PLC0415

    model = onnx.load_from_string(model_bytes)
    assert "LSTM" in [node.op_type for node in model.graph.node]
    (output,) = ReferenceEvaluator(model).run(None, {model.graph.input[0].name: x.numpy()})
    return torch.from_numpy(output)


def test_onnx_export_with_the_dynamo_exporter_runs_like_eager() -> None:
    plain, typed = twins(Tagger)
    program = torch.onnx.export(
        typed, (torch.randn(3, 5, 8),), dynamo=True, dynamic_shapes={"x": {0: "batch"}}
    )
    assert program is not None
    x = torch.randn(4, 5, 8)
    with torch.no_grad():
        torch.testing.assert_close(_run_onnx(program.model_proto.SerializeToString(), x), plain(x))


def test_onnx_export_with_the_torchscript_exporter_runs_like_eager() -> None:
    plain, typed = twins(Tagger)
    buffer = io.BytesIO()
    torch.onnx.export(
        typed, (torch.randn(3, 5, 8),), buffer, dynamo=False, input_names=["x"], dynamic_axes={"x": {0: "batch"}}
    )
    x = torch.randn(4, 5, 8)
    with torch.no_grad():
        torch.testing.assert_close(_run_onnx(buffer.getvalue(), x), plain(x))
