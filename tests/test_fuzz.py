"""Fuzzing typed modules against torch's own: three promises, checked on random calls.

Calls are drawn at random: module kind and configuration, dtype (float32, float64,
bfloat16), batched / unbatched / packed input, states given or not. Then:

1. every correct call gives torch's exact outputs;
2. every single mutation of a correct call (one dimension ±1, a rank ±1, a layout
   swap, a wrong dtype or device, a tuple/tensor mix-up) raises ShapeError whose
   message names the mutated argument;
3. typedrnn never accepts what torch rejects: wherever torch's module raises,
   the typed module raised ShapeError first.

Correct calls also run under CPU autocast (bfloat16), in complex dtypes, and with
LSTM's hx as a NamedTuple or a list; and modules changed after a call (weights
replaced or widened, ``double()``, ``load_state_dict``, hooks, a parametrization,
``__setstate__`` of another configuration) must keep giving torch's results. torch's verdict on a
mutated call comes from a child process (:class:`TorchOracle`), since torch's
own modules can crash on a bad call. Where torch accepts a mutated call that
typedrnn rejects, the disagreement is counted by mutation, argument and module;
all of them are intended (the README lists them).

CI runs ``EXAMPLES`` examples per test; ``TYPEDRNN_LONG=1`` runs ``LONG_EXAMPLES``
(by hand: ``TYPEDRNN_LONG=1 pytest tests/test_fuzz.py -s``). The counts are printed
at the end of the module's run; ``-s`` shows them.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, NamedTuple

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

import typedrnn

LONG = os.environ.get("TYPEDRNN_LONG") == "1"
EXAMPLES = 100
LONG_EXAMPLES = 5000
VERDICT_TIMEOUT = 30.0
fuzz_settings = settings(
    max_examples=LONG_EXAMPLES if LONG else EXAMPLES, deadline=None, database=None, derandomize=not LONG
)

SEQUENCE_KINDS = ("RNN", "LSTM", "GRU")
CELL_KINDS = ("RNNCell", "LSTMCell", "GRUCell")
DTYPES = (torch.float32, torch.float64, torch.bfloat16)

COUNTS: Counter[str] = Counter()
# The first call behind each disagreement with torch, to show what it looks like.
FIRST_EXAMPLES: dict[str, str] = {}


@pytest.fixture(scope="module", autouse=True)
def report_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line("typedrnn fuzzing counts:")
        for key, count in sorted(COUNTS.items()):
            reporter.write_line(f"  {key}: {count}")
            if key in FIRST_EXAMPLES:
                reporter.write_line(f"      e.g. {FIRST_EXAMPLES[key]}")


# --------------------------------------------------------------------------------------
# Correct calls


@dataclass(frozen=True)
class Case:
    """One correct call: the module and the shapes and dtype of its arguments."""

    kind: str
    options: tuple[tuple[str, Any], ...]
    dtype: torch.dtype
    layout: str
    seq: int
    batch: int
    lead: tuple[int, ...]
    lengths: tuple[int, ...]
    with_state: bool
    seed: int

    @property
    def config(self) -> dict[str, Any]:
        return dict(self.options)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    kind = draw(st.sampled_from((*SEQUENCE_KINDS, *CELL_KINDS, "Linear")))
    input_size = draw(st.integers(1, 5))
    hidden_size = draw(st.integers(1, 5))
    options: dict[str, Any] = {"bias": draw(st.booleans())}
    if kind in SEQUENCE_KINDS:
        options |= {
            "num_layers": draw(st.integers(1, 3)),
            "batch_first": draw(st.booleans()),
            "bidirectional": draw(st.booleans()),
        }
        if kind == "LSTM" and hidden_size > 1:
            options["proj_size"] = draw(st.integers(0, hidden_size - 1))
    layouts = {"Linear": ("batched",)}.get(kind, ("batched", "unbatched", "packed") if kind in SEQUENCE_KINDS else ("batched", "unbatched"))
    layout = draw(st.sampled_from(layouts))
    seq = draw(st.integers(1, 4))
    batch = draw(st.integers(1 if layout == "packed" else 0, 3))
    lengths = tuple(draw(st.lists(st.integers(1, seq), min_size=batch, max_size=batch))) if layout == "packed" else ()
    return Case(
        kind=kind,
        options=(("input_size", input_size), ("hidden_size", hidden_size), *sorted(options.items())),
        dtype=draw(st.sampled_from(DTYPES)),
        layout=layout,
        seq=seq,
        batch=batch,
        lead=tuple(draw(st.lists(st.integers(0, 3), max_size=3))) if kind == "Linear" else (),
        lengths=lengths,
        with_state=kind != "Linear" and draw(st.booleans()),
        seed=draw(st.integers(0, 2**16)),
    )


@dataclass
class Call:
    """The arguments of one call, by name, and how to pass them."""

    input: Any
    states: dict[str, Any]
    hx: Any

    def run(self, module: nn.Module) -> Any:
        return module(self.input) if self.hx is _ABSENT else module(self.input, self.hx)


_ABSENT: Any = object()


def build(case: Case) -> tuple[nn.Module, nn.Module]:
    """The typed module and its plain torch twin, sharing parameters."""
    torch.manual_seed(case.seed)
    config = case.config
    if case.kind == "Linear":
        typed = typedrnn.Linear(config["input_size"], config["hidden_size"], bias=config["bias"])
    else:
        typed = getattr(typedrnn, case.kind)(**config)
    typed = typed.to(case.dtype)
    return typed, typedrnn.untyped(typed)


def state_shapes(case: Case) -> dict[str, tuple[int, ...]]:
    config = case.config
    hidden = config["hidden_size"]
    if case.kind in CELL_KINDS:
        lead = (case.batch,) if case.layout == "batched" else ()
        names = ("h", "c") if case.kind == "LSTMCell" else ("h",)
        return {name: (*lead, hidden) for name in names}
    layers = config["num_layers"] * (2 if config["bidirectional"] else 1)
    lead = (layers,) if case.layout == "unbatched" else (layers, case.batch)
    proj = config.get("proj_size") or hidden
    if case.kind == "LSTM":
        return {"h0": (*lead, proj), "c0": (*lead, hidden)}
    return {"h0": (*lead, hidden)}


def correct_call(case: Case) -> Call:
    generator = torch.Generator().manual_seed(case.seed)

    def randn(*shape: int) -> Tensor:
        return torch.randn(shape, generator=generator).to(case.dtype)

    features = case.config["input_size"]
    batch_first = case.config.get("batch_first", False)
    if case.kind == "Linear":
        input: Any = randn(*case.lead, features)
    elif case.layout == "unbatched":
        input = randn(case.seq, features) if case.kind in SEQUENCE_KINDS else randn(features)
    elif case.kind in CELL_KINDS:
        input = randn(case.batch, features)
    else:
        padded = randn(case.batch, case.seq, features) if batch_first else randn(case.seq, case.batch, features)
        if case.layout == "packed":
            input = pack_padded_sequence(padded, list(case.lengths), batch_first=batch_first, enforce_sorted=False)
        else:
            input = padded
    states = {name: randn(*shape) for name, shape in state_shapes(case).items()} if case.with_state else {}
    return Call(input, states, pack_hx(case, states) if case.kind != "Linear" else _ABSENT)


def pack_hx(case: Case, states: dict[str, Any]) -> Any:
    if not states:
        return None
    values = tuple(states.values())
    return values if case.kind in ("LSTM", "LSTMCell") else values[0]


def flatten(result: Any) -> list[Tensor]:
    if isinstance(result, PackedSequence):
        return [result.data, result.batch_sizes, *(t for t in (result.sorted_indices, result.unsorted_indices) if t is not None)]
    if isinstance(result, (tuple, list)):
        return [tensor for item in result for tensor in flatten(item)]
    assert isinstance(result, Tensor)
    return [result]


class TorchOracle:
    """Asks torch's own modules about calls, in a child process.

    A child, because torch's modules can crash the process on a bad call; that is
    an answer here (``crashes``), and the child is started again. The child is
    spawned, not forked, so it never inherits a lock held by another thread.
    """

    def __init__(self) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self._connection, child_end = self._context.Pipe()
        self._process = self._context.Process(target=_oracle_main, args=(child_end,), daemon=True)
        self._process.start()

    def verdict(self, module: nn.Module, call: Call) -> str:
        """``accepts``, ``rejects`` or ``crashes``: how ``module`` takes ``call``."""
        self._connection.send((module, call.input, call.hx is not _ABSENT, None if call.hx is _ABSENT else call.hx))
        if self._connection.poll(VERDICT_TIMEOUT):
            try:
                answer: str = self._connection.recv()
                return answer
            except EOFError:
                pass
        self._process.join(timeout=VERDICT_TIMEOUT)
        if self._process.is_alive():
            self.close()
            raise AssertionError(f"torch took more than {VERDICT_TIMEOUT} s on one call")
        self._start()
        return "crashes"

    def close(self) -> None:
        self._process.kill()
        self._process.join(timeout=VERDICT_TIMEOUT)


def _oracle_main(connection: Any) -> None:
    faulthandler.disable()  # a crash here is an answer, not news
    torch.set_num_threads(1)
    while True:
        module, input, has_hx, hx = connection.recv()
        try:
            module(input, hx) if has_hx else module(input)
        except Exception:
            connection.send("rejects")
        else:
            connection.send("accepts")


@pytest.fixture(scope="module")
def oracle() -> Iterator[TorchOracle]:
    started = TorchOracle()
    yield started
    started.close()


def outcome(call: Callable[[], Any]) -> Any:
    """The call's result, or the exception it raised."""
    try:
        return call()
    except Exception as error:
        return error


@fuzz_settings
@given(case=cases())
def test_correct_calls_give_torch_exact_outputs(case: Case) -> None:
    typed, plain = build(case)
    call = correct_call(case)
    expected = outcome(lambda: call.run(plain))
    # The first call takes the slow road (the full check, then torch's forward); the
    # second, the fast one (the learnt shapes, then torch's kernel). Both must be torch's.
    for road in ("first call", "repeated call"):
        actual = outcome(lambda: call.run(typed))
        if isinstance(expected, Exception):
            COUNTS["correct calls that torch rejects (typedrnn must reject too)"] += 1
            assert isinstance(actual, typedrnn.ShapeError), f"{road}: torch rejects with {expected!r}, typedrnn gave {actual!r}"
            continue
        assert not isinstance(actual, Exception), f"{road}: false error on a call torch accepts: {actual!r}"
        assert type(actual) is type(expected)
        expected_tensors, actual_tensors = flatten(expected), flatten(actual)
        assert len(actual_tensors) == len(expected_tensors)
        for want, got in zip(expected_tensors, actual_tensors):
            assert got.dtype == want.dtype and got.shape == want.shape, road
            assert torch.equal(got, want), road
        COUNTS[f"correct calls checked against torch ({road})"] += 1


@fuzz_settings
@given(case=cases().filter(lambda case: case.dtype == torch.float32))
def test_correct_calls_under_cpu_autocast_give_torch_exact_outputs(case: Case) -> None:
    typed, plain = build(case)
    call = correct_call(case)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        expected = outcome(lambda: call.run(plain))
        outcome(lambda: call.run(typed))
        actual = outcome(lambda: call.run(typed))
    if isinstance(expected, Exception):
        # torch 2.13's oneDNN LSTM kernel fails under CPU autocast for every input:
        # no contract can foresee a kernel's gap, so torch's own error must come through.
        assert repr(actual) == repr(expected), f"torch raised {expected!r}, typedrnn gave {actual!r}"
        COUNTS["correct calls under CPU autocast where torch's kernel fails, error passed through"] += 1
        return
    assert not isinstance(actual, Exception), f"false error on a call torch accepts: {actual!r}"
    for want, got in zip(flatten(expected), flatten(actual), strict=True):
        assert got.dtype == want.dtype and torch.equal(got, want)
    COUNTS["correct calls under CPU autocast (bfloat16) checked against torch"] += 1


# --------------------------------------------------------------------------------------
# Mutations


@dataclass(frozen=True)
class Mutation:
    """One way to break a correct call, and the argument the error must name."""

    family: str
    argument: str
    apply: Callable[[Call], Call]


def mutations(case: Case, call: Call) -> list[Mutation]:
    """Every single mutation that surely breaks this call's contract."""
    found: list[Mutation] = []
    found += _input_mutations(case, call)
    for name, state in call.states.items():
        found += _state_mutations(case, name, state)
    found += _mixups(case, call)
    return found


def _replace_input(new_input: Callable[[Any], Any]) -> Callable[[Call], Call]:
    return lambda call: Call(new_input(call.input), call.states, call.hx)


def _input_mutations(case: Case, call: Call) -> list[Mutation]:
    features = case.config["input_size"]
    wrong_features = features + 1 if features == 1 else features - 1
    other_dtype = torch.float64 if case.dtype != torch.float64 else torch.float32
    if case.layout == "packed":
        def refeature(packed: PackedSequence) -> PackedSequence:
            data = torch.zeros(packed.data.shape[0], wrong_features, dtype=packed.data.dtype)
            return PackedSequence(data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)

        def retype(packed: PackedSequence) -> PackedSequence:
            return PackedSequence(packed.data.to(other_dtype), packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)

        return [Mutation("dim±1", "input", _replace_input(refeature)), Mutation("dtype", "input", _replace_input(retype))]

    def widen(x: Tensor) -> Tensor:
        return torch.zeros(*x.shape[:-1], wrong_features, dtype=x.dtype)

    found = [
        Mutation("dim±1", "input", _replace_input(widen)),
        Mutation("dtype", "input", _replace_input(lambda x: x.to(other_dtype))),
        Mutation("dtype", "input", _replace_input(lambda x: x.to(torch.int64))),
        Mutation("device", "input", _replace_input(lambda x: x.to("meta"))),
    ]
    x = call.input
    if case.kind == "Linear":
        found.append(Mutation("rank±1", "input", _replace_input(lambda x: torch.zeros((), dtype=x.dtype))))
    elif x.dim() in (1, 2) and (case.layout == "unbatched"):
        found.append(Mutation("rank±1", "input", _replace_input(lambda x: x[0] if x.shape[0] else x.sum(0))))
    else:
        found.append(Mutation("rank±1", "input", _replace_input(lambda x: x.unsqueeze(0))))
    if x.dim() >= 2 and x.shape[0] != x.shape[-1]:
        found.append(Mutation("layout swap", "input", _replace_input(lambda x: x.transpose(0, -1))))
    return found


def _replace_state(case: Case, name: str, new_state: Callable[[Tensor], Any]) -> Callable[[Call], Call]:
    def apply(call: Call) -> Call:
        states = {**call.states, name: new_state(call.states[name])}
        return Call(call.input, states, pack_hx(case, states))

    return apply


def _state_mutations(case: Case, name: str, state: Tensor) -> list[Mutation]:
    found = []
    for dim, size in enumerate(state.shape):
        for step in (-1, 1):
            if size + step >= 0:
                shape = list(state.shape)
                shape[dim] = size + step
                found.append(
                    Mutation("dim±1", name, _replace_state(case, name, lambda s, shape=shape: s.new_zeros(shape)))
                )
    found.append(Mutation("rank±1", name, _replace_state(case, name, lambda s: s.unsqueeze(0))))
    if state.dim() >= 2:
        found.append(Mutation("rank±1", name, _replace_state(case, name, lambda s: s.flatten(0, 1))))
        if state.shape[0] != state.shape[1]:
            found.append(Mutation("layout swap", name, _replace_state(case, name, lambda s: s.transpose(0, 1))))
    other_dtype = torch.float64 if case.dtype != torch.float64 else torch.float32
    found.append(Mutation("dtype", name, _replace_state(case, name, lambda s: s.to(other_dtype))))
    found.append(Mutation("device", name, _replace_state(case, name, lambda s: s.to("meta"))))
    return found


def _mixups(case: Case, call: Call) -> list[Mutation]:
    found = [Mutation("tuple/tensor mix-up", "input", _replace_input(lambda x: (x,)))]
    if not call.states:
        return found
    values = list(call.states.values())
    if case.kind in ("LSTM", "LSTMCell"):
        found.append(Mutation("tuple/tensor mix-up", "hx", lambda call: Call(call.input, call.states, values[0])))
        found.append(Mutation("tuple/tensor mix-up", "hx", lambda call: Call(call.input, call.states, [*values, values[0]])))
    else:
        found.append(Mutation("tuple/tensor mix-up", "hx", lambda call: Call(call.input, call.states, (values[0], values[0]))))
        found.append(Mutation("tuple/tensor mix-up", "hx", lambda call: Call(call.input, call.states, (values[0],))))
    return found


@fuzz_settings
@given(case=cases(), data=st.data())
def test_mutated_calls_raise_shape_error_naming_the_argument(
    oracle: TorchOracle, case: Case, data: st.DataObject
) -> None:
    typed, plain = build(case)
    call = correct_call(case)
    mutation = data.draw(st.sampled_from(mutations(case, call)), label="mutation")
    broken = mutation.apply(call)
    verdict = oracle.verdict(plain, broken)
    with pytest.raises(typedrnn.ShapeError) as caught:
        broken.run(typed)
    error = caught.value
    assert error.argument == mutation.argument, str(error)
    assert mutation.argument in str(error).split("\n", 1)[0], str(error)
    # Once the correct call's shapes are learnt, the fast road must refuse the broken
    # call just the same.
    if not isinstance(outcome(lambda: call.run(typed)), Exception):
        with pytest.raises(typedrnn.ShapeError) as caught_again:
            broken.run(typed)
        assert str(caught_again.value) == str(error)
    COUNTS[f"mutated calls rejected, naming the argument ({mutation.family})"] += 1
    if verdict == "rejects":
        COUNTS["torch-rejected calls that typedrnn also rejects"] += 1
    elif verdict == "crashes":
        COUNTS[f"torch crashes the process, typedrnn rejects: {mutation.family} on {mutation.argument} of {case.kind} ({case.layout})"] += 1
    else:
        key = f"intended: typedrnn rejects, torch accepts: {mutation.family} on {mutation.argument} of {case.kind} ({case.layout})"
        COUNTS[key] += 1
        FIRST_EXAMPLES.setdefault(key, f"{case.kind}({case.config}) {case.dtype}, {str(error).splitlines()[0]}")


def test_calls_that_crash_or_fool_torch_are_rejected_before_any_kernel_runs() -> None:
    """Found by this fuzzer, with hidden_size=1: torch 2.13 segfaults on the first call
    and silently accepts a 4-D c0 on the second."""
    with pytest.raises(typedrnn.ShapeError, match=r"h expected 1 dimension \(hidden=1\), got 2-D \(1, 1\)"):
        typedrnn.LSTMCell(3, 1)(torch.randn(3), (torch.zeros(1, 1), torch.zeros(1)))
    packed = pack_padded_sequence(torch.randn(3, 1, 3), [3])
    with pytest.raises(typedrnn.ShapeError, match="c0 expected 3 dimensions"):
        typedrnn.LSTM(3, 1)(packed, (torch.zeros(1, 1, 1), torch.zeros(1, 1, 1, 1)))


# --------------------------------------------------------------------------------------
# Abuse: other containers for hx, other dtypes, modules changed after a call


class LSTMState(NamedTuple):
    h: Tensor
    c: Tensor


def assert_same_outcome(typed_outcome: Any, plain_outcome: Any, what: str) -> None:
    """torch's result bit for bit, or an error where torch raised one (of its type)."""
    if isinstance(plain_outcome, Exception):
        assert isinstance(typed_outcome, Exception), f"{what}: torch raised {plain_outcome!r}, typedrnn returned"
        assert isinstance(typed_outcome, type(plain_outcome)), f"{what}: {typed_outcome!r} is not a {type(plain_outcome)}"
        return
    assert not isinstance(typed_outcome, Exception), f"{what}: false error {typed_outcome!r}"
    assert type(typed_outcome) is type(plain_outcome)
    for want, got in zip(flatten(plain_outcome), flatten(typed_outcome), strict=True):
        assert got.dtype == want.dtype and got.shape == want.shape and torch.equal(got, want), what


@fuzz_settings
@given(case=cases().filter(lambda case: case.kind in ("LSTM", "LSTMCell") and case.with_state), container=st.sampled_from(("NamedTuple", "list")))
def test_lstm_hx_in_a_namedtuple_or_a_list_gives_torch_exact_outputs(case: Case, container: str) -> None:
    typed, plain = build(case)
    call = correct_call(case)
    h, c = call.hx
    hx = LSTMState(h, c) if container == "NamedTuple" else [h, c]
    for road in ("first call", "repeated call"):
        assert_same_outcome(outcome(lambda: typed(call.input, hx)), outcome(lambda: plain(call.input, hx)), road)
    COUNTS[f"correct calls with hx as a {container}, identical to torch"] += 1


@fuzz_settings
@given(case=cases(), dtype=st.sampled_from((torch.complex64, torch.complex128)))
def test_correct_calls_in_complex_dtypes_give_torch_exact_outputs(case: Case, dtype: torch.dtype) -> None:
    case = replace(case, dtype=dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Module.to(complex) warns that it is new
        typed, plain = build(case)
    call = correct_call(case)
    for road in ("first call", "repeated call"):
        assert_same_outcome(outcome(lambda: call.run(typed)), outcome(lambda: call.run(plain)), road)
    COUNTS[f"correct calls in {dtype}, identical to torch"] += 1


def _replace_weights(module: nn.Module) -> None:
    """New parameters of the same shapes (a checkpoint loaded by assignment)."""
    for name, parameter in list(module.named_parameters(recurse=False)):
        setattr(module, name, nn.Parameter(parameter.detach() * 0.5 + 0.25))


def _widen_input_weight(module: nn.Module) -> None:
    """A replaced weight of another input width. Linear and the cells follow their
    weights; RNN/GRU/LSTM check input_size, so there torch's kernel raises."""
    name = "weight" if isinstance(module, nn.Linear) else "weight_ih_l0" if isinstance(module, nn.RNNBase) else "weight_ih"
    weight = getattr(module, name)
    setattr(module, name, nn.Parameter(torch.cat([weight.detach(), weight.detach()[:, :1]], dim=1)))


def _double(module: nn.Module) -> None:
    module.double()


def _load_other_state(module: nn.Module) -> None:
    module.load_state_dict({key: value * 2 for key, value in module.state_dict().items()})


def _forward_hook(module: nn.Module) -> None:
    module.register_forward_hook(lambda m, args, output: output)
    module.register_forward_pre_hook(lambda m, args: args)


def _parametrize(module: nn.Module) -> None:
    from torch.nn.utils import parametrize  # noqa: PLC0415 - only this scenario needs it

    class Doubled(nn.Module):
        def forward(self, weight: Tensor) -> Tensor:
            return weight * 2

    name = next(name for name, _ in module.named_parameters() if name.startswith("weight"))
    parametrize.register_parametrization(module, name, Doubled())


def _setstate_of_another(module: nn.Module) -> None:
    """torch's own tests load old state this way: a module of another input size."""
    kind = type(module).__name__
    torch.manual_seed(7)
    if isinstance(module, nn.Linear):
        other: nn.Module = nn.Linear(module.in_features + 1, module.out_features, bias=module.bias is not None)
    elif isinstance(module, nn.RNNBase):
        config = {key: getattr(module, key) for key in ("num_layers", "bias", "batch_first", "bidirectional")}
        if kind == "LSTM":
            config["proj_size"] = module.proj_size
        other = getattr(nn, kind)(module.input_size + 1, module.hidden_size, **config)
    else:
        other = getattr(nn, kind)(module.input_size + 1, module.hidden_size, bias=module.bias)  # type: ignore[arg-type]
    module.__setstate__(dict(other.to(next(module.parameters()).dtype).__getstate__()))


CHANGES: dict[str, Callable[[nn.Module], None]] = {
    "weights replaced": _replace_weights,
    "weight of another input width": _widen_input_weight,
    "double()": _double,
    "load_state_dict": _load_other_state,
    "hooks": _forward_hook,
    "parametrization": _parametrize,
    "__setstate__ of another input size": _setstate_of_another,
}


def _widened_call(case: Case, call: Call) -> Call:
    """The call with one more input feature (after a change of the input width)."""
    def widen(x: Tensor) -> Tensor:
        return torch.cat([x, x[..., :1]], dim=-1)

    if isinstance(call.input, PackedSequence):
        data = widen(call.input.data)
        return Call(PackedSequence(data, *call.input[1:]), call.states, call.hx)
    return Call(widen(call.input), call.states, call.hx)


@pytest.mark.parametrize("change", sorted(CHANGES))
@fuzz_settings
@given(case=cases())
def test_modules_changed_after_a_call_give_torch_exact_results(case: Case, change: str) -> None:
    typed, plain = build(case)
    plain = typedrnn.untyped(typed, copy=True)
    call = correct_call(case)
    call.run(typed), call.run(typed)  # the guard has learnt this call, on both roads
    for module in (typed, plain):
        CHANGES[change](module)
    calls = [call]
    follows_weights = case.kind not in SEQUENCE_KINDS or change != "weight of another input width"
    if follows_weights and change in ("weight of another input width", "__setstate__ of another input size"):
        # The old width is refused now, on both roads, even where torch's packed path
        # lets it through (it checks no input size there; see the README).
        for road in ("first call after the change", "repeated call"):
            with pytest.raises(typedrnn.ShapeError) as caught:
                call.run(typed)
            assert caught.value.argument == "input", road
        calls = [_widened_call(case, call)]
    if change == "double()":
        calls = [Call(*(_to_double(part) for part in (call.input, call.states, call.hx)))]
    for new_call in calls:
        for road in ("first call after the change", "repeated call"):
            assert_same_outcome(outcome(partial(new_call.run, typed)), outcome(partial(new_call.run, plain)), f"{change}, {road}")
    COUNTS[f"modules changed after a call ({change}), identical to torch"] += 1


def _to_double(value: Any) -> Any:
    if isinstance(value, PackedSequence):
        return PackedSequence(value.data.double(), *value[1:])
    if isinstance(value, Tensor):
        return value.double()
    if isinstance(value, dict):
        return {key: _to_double(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(_to_double(item) for item in value)
    return value
