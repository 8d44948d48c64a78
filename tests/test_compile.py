"""torch.compile takes typed modules wherever it takes torch's.

What Dynamo does with recurrent modules: it refuses to trace ``nn.RNN``, ``nn.GRU``
and ``nn.LSTM`` (and so their typed subclasses) unless
``torch._dynamo.config.allow_rnn`` is set. Without it the compiled function runs
the RNN eagerly and compiles what is around it; with it the RNN becomes one
``aten`` op in the graph. Cells and ``Linear`` are always traced.

What typedrnn does about it: nothing special. Its checks are traced like any
other Python: they read only shapes, dtypes and devices, so Dynamo evaluates them
while it traces, guards on the same shapes it guards on anyway, and leaves nothing
of them in the compiled graph. A bad input raises ShapeError under compile as in
eager. These tests hold typed models to their torch.nn twins: same outputs, same
gradients, no more graph breaks and no more recompiles.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest
import torch
import torch._dynamo
from torch import Tensor, nn

import typedrnn


class Tagger(nn.Module):
    """A sequence model: LSTM, then a Linear head on every step."""

    def __init__(self, layers: ModuleType) -> None:
        super().__init__()
        self.lstm = layers.LSTM(8, 16, batch_first=True)
        self.head = layers.Linear(16, 4)

    def forward(self, x: Tensor, hx: tuple[Tensor, Tensor] | None = None) -> Tensor:
        output, _ = self.lstm(x * 2, hx)
        return self.head(output)


class Stepper(nn.Module):
    """A model that loops over time with a GRUCell, then a Linear head."""

    def __init__(self, layers: ModuleType) -> None:
        super().__init__()
        self.cell = layers.GRUCell(8, 16)
        self.head = layers.Linear(16, 4)

    def forward(self, x: Tensor, h: Tensor | None = None) -> Tensor:
        for step in x:
            h = self.cell(step, h)
        assert h is not None
        return self.head(h)


Model = Callable[[ModuleType], nn.Module]


def twins(model: Model) -> tuple[nn.Module, nn.Module]:
    """The model built from torch.nn and from typedrnn, with the same weights."""
    torch.manual_seed(0)
    plain = model(nn)
    torch.manual_seed(0)
    typed = model(typedrnn)
    return plain, typed


def example(model: Model, batch: int = 3) -> Tensor:
    """An input of the right shape: (batch, 5, 8) for Tagger, (3, batch, 8) for Stepper."""
    return torch.randn(batch, 5, 8) if model is Tagger else torch.randn(3, batch, 8)


class GraphCounter:
    """A torch.compile backend that runs each graph as captured and keeps them."""

    def __init__(self) -> None:
        self.graphs: list[torch.fx.GraphModule] = []

    def __call__(self, graph: torch.fx.GraphModule, example_inputs: list[Any]) -> Callable[..., Any]:
        self.graphs.append(graph)
        return graph.forward

    def calls(self) -> list[object]:
        """What the graphs call: torch functions and ops, in order."""
        return [
            node.target for graph in self.graphs for node in graph.graph.nodes if node.op == "call_function"
        ]


@pytest.fixture(autouse=True)
def fresh_dynamo() -> Iterator[None]:
    torch._dynamo.reset()
    yield
    torch._dynamo.reset()


@pytest.mark.parametrize("model", [Tagger, Stepper])
def test_a_compiled_training_step_gives_eager_outputs_and_gradients(model: Model) -> None:
    plain, typed = twins(model)
    compiled = torch.compile(typed, backend="aot_eager")
    x = example(model)
    compiled_output = compiled(x)
    eager_output = plain(x)
    # Compiled code may decompose a cell into other kernels and round differently from
    # eager torch; compiling the plain model the same way must give the same bits.
    torch.testing.assert_close(compiled_output, eager_output)
    assert torch.equal(compiled_output, torch.compile(plain, backend="aot_eager")(x))
    compiled_output.square().sum().backward()
    eager_output.square().sum().backward()
    for (name, typed_parameter), plain_parameter in zip(typed.named_parameters(), plain.parameters()):
        assert typed_parameter.grad is not None and plain_parameter.grad is not None, name
        torch.testing.assert_close(typed_parameter.grad, plain_parameter.grad, msg=name)


def test_with_allow_rnn_the_lstm_is_traced_into_the_graph_and_matches_eager() -> None:
    plain, typed = twins(Tagger)
    counter = GraphCounter()
    x = example(Tagger)
    with torch._dynamo.config.patch(allow_rnn=True), torch.no_grad():
        compiled_output = torch.compile(typed, backend=counter, fullgraph=True)(x)
        aot_output = torch.compile(typed, backend="aot_eager", fullgraph=True)(x)
        eager_output = plain(x)
    assert torch.lstm in counter.calls()
    assert torch.equal(compiled_output, eager_output)
    assert torch.equal(aot_output, eager_output)


def test_without_allow_rnn_dynamo_leaves_the_lstm_to_eager() -> None:
    _, typed = twins(Tagger)
    counter = GraphCounter()
    torch.compile(typed, backend=counter)(example(Tagger))
    assert torch.lstm not in counter.calls()
    assert torch._C._nn.linear in counter.calls()


def _inductor_available() -> bool:
    """Inductor compiles C++ on the CPU; without a compiler it cannot run here."""
    return shutil.which("c++") is not None or shutil.which("g++") is not None


@pytest.mark.skipif(not _inductor_available(), reason="inductor needs a C++ compiler on the CPU")
@pytest.mark.parametrize("model", [Tagger, Stepper])
def test_inductor_gives_the_outputs_of_eager(model: Model) -> None:
    plain, typed = twins(model)
    x = example(model)
    with torch._dynamo.config.patch(allow_rnn=True), torch.no_grad():
        compiled_output = torch.compile(typed, backend="inductor")(x)
        eager_output = plain(x)
    # Inductor fuses and reorders float arithmetic: equal to rounding, not to the bit.
    torch.testing.assert_close(compiled_output, eager_output, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("allow_rnn", [False, True])
@pytest.mark.parametrize("model", [Tagger, Stepper])
def test_typed_modules_add_no_graph_breaks(model: Model, allow_rnn: bool) -> None:
    plain, typed = twins(model)
    x = example(model)
    with torch._dynamo.config.patch(allow_rnn=allow_rnn), torch.no_grad():
        plain_explained = torch._dynamo.explain(plain)(x)
        torch._dynamo.reset()
        typed_explained = torch._dynamo.explain(typed)(x)
    # explain reports -1 when Dynamo skipped the whole frame (torch.nn's LSTM without allow_rnn).
    assert typed_explained.graph_break_count <= max(plain_explained.graph_break_count, 0)
    assert typed_explained.break_reasons == []


@pytest.mark.parametrize("model", [Tagger, Stepper])
def test_new_batch_sizes_recompile_no_more_often_than_torch(model: Model) -> None:
    plain, typed = twins(model)
    inputs = [example(model, batch) for batch in (3, 3, 4, 5, 6)]
    counts = []
    for module in (plain, typed):
        torch._dynamo.reset()
        counter = GraphCounter()
        compiled = torch.compile(module, backend=counter)
        with torch._dynamo.config.patch(allow_rnn=True), torch.no_grad():
            for x in inputs:
                compiled(x)
        counts.append(len(counter.graphs))
    plain_graphs, typed_graphs = counts
    assert typed_graphs == plain_graphs
    # After one recompile Dynamo marks the batch dynamic: the checks must not pin it.
    assert typed_graphs == 2


def test_a_bad_state_raises_shape_error_under_compile() -> None:
    _, typed = twins(Tagger)
    compiled = torch.compile(typed, backend=GraphCounter())
    x = example(Tagger, batch=3)
    compiled(x)
    wrong_batch = (torch.zeros(1, 5, 16), torch.zeros(1, 5, 16))
    with pytest.raises(typedrnn.ShapeError, match=r"h0 expected \(layers×dirs=1, batch=3, hidden=16\)"):
        compiled(x, wrong_batch)


def test_a_bad_state_raises_shape_error_when_dynamo_traces_the_lstm() -> None:
    _, typed = twins(Tagger)
    with torch._dynamo.config.patch(allow_rnn=True), torch.no_grad():
        compiled = torch.compile(typed, backend=GraphCounter())
        with pytest.raises(typedrnn.ShapeError, match="c0 expected"):
            compiled(example(Tagger), (torch.zeros(1, 3, 16), torch.zeros(2, 3, 16)))


def test_a_bad_cell_input_raises_shape_error_under_compile() -> None:
    _, typed = twins(Stepper)
    compiled = torch.compile(typed, backend=GraphCounter())
    compiled(example(Stepper))
    with pytest.raises(typedrnn.ShapeError, match="input expected") as caught:
        compiled(torch.randn(3, 3, 7))
    assert caught.value.argument == "input"


def test_set_checks_false_reaches_code_compiled_with_checks_on() -> None:
    _, typed = twins(Stepper)
    compiled = torch.compile(typed, backend=GraphCounter())
    x = example(Stepper)
    compiled(x)
    bad_state = torch.zeros(4, 16)
    try:
        typedrnn.set_checks(False)
        with pytest.raises(RuntimeError) as caught:
            compiled(x, bad_state)
        assert not isinstance(caught.value, typedrnn.ShapeError)
    finally:
        typedrnn.set_checks(True)
    with pytest.raises(typedrnn.ShapeError, match="h expected"):
        compiled(x, bad_state)


def test_a_fresh_typed_module_compiles_once_for_a_repeated_input() -> None:
    """Tracing must not store anything on the module: the next call would recompile."""
    _, typed = twins(Stepper)
    counter = GraphCounter()
    compiled = torch.compile(typed, backend=counter, fullgraph=True)
    x = example(Stepper)
    compiled(x)
    compiled(x)
    assert len(counter.graphs) == 1
