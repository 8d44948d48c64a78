"""The typed modules are drop-in torch modules: same results, same state, same behaviour."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import io
import pickle
import typing

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from jaxtyping import AbstractArray
from strategies import Call, build, calls
from torch import nn
from torch.nn.utils.parametrizations import weight_norm
from torch.nn.utils.rnn import PackedSequence

import typedrnn
from typedrnn import ShapeError
from typedrnn._contracts import KINDS, ModuleConfig, named_shapes
from typedrnn._runtime import Guard

SEED_CONFIGS = [
    ModuleConfig("Linear", 2, 4),
    ModuleConfig("RNN", 5, 10, num_layers=2),
    ModuleConfig("LSTM", 50, 100, num_layers=2),
    ModuleConfig("GRU", 10, 20, num_layers=2),
    ModuleConfig("LSTM", 6, 8, num_layers=2, batch_first=True, bidirectional=True, proj_size=3),
    ModuleConfig("RNNCell", 4, 5),
    ModuleConfig("LSTMCell", 4, 5),
    ModuleConfig("GRUCell", 4, 5),
]


def flat(result: object) -> list[torch.Tensor]:
    if isinstance(result, torch.Tensor):
        return [result]
    if isinstance(result, PackedSequence):
        return [result.data, result.batch_sizes]
    assert isinstance(result, tuple)
    return [tensor for item in result for tensor in flat(item)]


def assert_identical(first: object, second: object) -> None:
    first_tensors, second_tensors = flat(first), flat(second)
    assert len(first_tensors) == len(second_tensors)
    for a, b in zip(first_tensors, second_tensors, strict=True):
        assert a.dtype == b.dtype
        assert torch.equal(a, b)


@pytest.mark.parametrize("kind", KINDS)
def test_typed_class_is_a_subclass_of_the_torch_class(kind: str) -> None:
    assert issubclass(getattr(typedrnn, kind), getattr(nn, kind))


@pytest.mark.parametrize("kind", KINDS)
def test_constructor_signature_is_torchs(kind: str) -> None:
    typed, plain = getattr(typedrnn, kind), getattr(nn, kind)
    assert inspect.signature(typed) == inspect.signature(plain)


@pytest.mark.parametrize("config", SEED_CONFIGS, ids=ModuleConfig.describe)
def test_state_dict_loads_from_torch_and_back(config: ModuleConfig) -> None:
    plain = build(config, typed=False, seed=1)
    typed = build(config, typed=True, seed=2)
    typed.load_state_dict(plain.state_dict())
    assert list(typed.state_dict()) == list(plain.state_dict())
    back = build(config, typed=False, seed=3)
    back.load_state_dict(typed.state_dict())
    for name, tensor in plain.state_dict().items():
        assert torch.equal(back.state_dict()[name], tensor)


@pytest.mark.parametrize("config", SEED_CONFIGS, ids=ModuleConfig.describe)
def test_pickle_and_deepcopy_give_working_typed_modules(config: ModuleConfig) -> None:
    module = build(config, typed=True)
    call = Call(config, "batched", seq=3, batch=2, lead=(2,))
    expected = module(*call.args())
    for clone in (pickle.loads(pickle.dumps(module)), copy.deepcopy(module)):
        assert type(clone) is type(module)
        assert_identical(clone(*call.args()), expected)
        with pytest.raises(ShapeError):
            clone(torch.randn(3, 2, config.input_size + 1))


def test_torch_save_and_load_round_trip() -> None:
    lstm = typedrnn.LSTM(5, 7, num_layers=2)
    buffer = io.BytesIO()
    torch.save(lstm, buffer)
    buffer.seek(0)
    loaded = torch.load(buffer, weights_only=False)
    assert isinstance(loaded, typedrnn.LSTM)
    x = torch.randn(4, 3, 5)
    assert_identical(loaded(x), lstm(x))


def test_double_then_checks_follow_the_new_dtype() -> None:
    gru = typedrnn.GRU(4, 6)
    gru(torch.randn(3, 2, 4))
    gru.double()
    output, _ = gru(torch.randn(3, 2, 4, dtype=torch.float64))
    assert output.dtype == torch.float64
    with pytest.raises(ShapeError, match=r"the parameters are torch\.float64"):
        gru(torch.randn(3, 2, 4))
    with pytest.raises(ShapeError, match=r"h0 has dtype torch\.float32"):
        gru(torch.randn(3, 2, 4, dtype=torch.float64), torch.zeros(1, 2, 6))


def test_half_module_accepts_half_input() -> None:
    cell = typedrnn.GRUCell(4, 6).half()
    assert cell(torch.randn(2, 4, dtype=torch.half)).dtype == torch.half


def test_to_meta_then_checks_follow_the_new_device() -> None:
    lstm = typedrnn.LSTM(4, 6)
    lstm(torch.randn(3, 2, 4))
    lstm.to("meta")
    with pytest.raises(ShapeError, match="input is on device cpu, but the parameters are on meta"):
        lstm(torch.randn(3, 2, 4))


def test_parametrized_weights_are_read_through_the_parametrization() -> None:
    head = weight_norm(typedrnn.Linear(3, 4))
    cell = weight_norm(typedrnn.GRUCell(3, 4), name="weight_ih")
    assert head(torch.randn(2, 3)).shape == (2, 4)
    assert cell(torch.randn(2, 3)).shape == (2, 4)
    with pytest.raises(ShapeError, match="in_features=3"):
        head(torch.randn(2, 5))


def test_train_and_eval_behave_as_for_torch() -> None:
    plain = nn.LSTM(4, 6, num_layers=2, dropout=0.5)
    typed = typedrnn.LSTM(4, 6, num_layers=2, dropout=0.5)
    typed.load_state_dict(plain.state_dict())
    x = torch.randn(3, 2, 4)
    typed.eval(), plain.eval()
    assert_identical(typed(x), plain(x))
    typed.train(), plain.train()
    torch.manual_seed(0)
    train_typed = typed(x)
    torch.manual_seed(0)
    assert_identical(train_typed, plain(x))


def test_changing_batch_first_after_construction_changes_the_contract() -> None:
    rnn = typedrnn.RNN(4, 6)
    rnn(torch.randn(3, 2, 4), torch.zeros(1, 2, 6))
    rnn.batch_first = True
    output, _ = rnn(torch.randn(2, 3, 4), torch.zeros(1, 2, 6))
    assert output.shape == (2, 3, 6)
    with pytest.raises(ShapeError, match="batch=3"):
        rnn(torch.randn(3, 2, 4), torch.zeros(1, 2, 6))


def test_forward_annotations_state_the_contract_in_named_dimensions() -> None:
    """The jaxtyping strings on forward are _contracts.named_shapes, nothing else."""
    hints = typing.get_type_hints(typedrnn.LSTM.forward)
    contract = {
        " ".join(names)
        for layout in ("batched", "unbatched")
        for names in named_shapes(ModuleConfig("LSTM", 1, 3, proj_size=2), layout).values()
    }
    batch_first = ModuleConfig("LSTM", 1, 3, proj_size=2, batch_first=True)
    contract |= {" ".join(names) for names in named_shapes(batch_first).values()}
    annotated = {
        argument.dim_str.strip()
        for argument in _array_types(hints["input"]) + _array_types(hints["hx"]) + _array_types(hints["return"])
    }
    assert annotated == contract


@pytest.mark.parametrize("kind", ["RNNCell", "GRUCell", "LSTMCell", "Linear"])
def test_cell_and_linear_annotations_are_the_contracts(kind: str) -> None:
    hints = typing.get_type_hints(getattr(typedrnn, kind).forward)
    annotated = {argument.dim_str.strip() for hint in hints.values() for argument in _array_types(hint)}
    config = ModuleConfig(kind, 1, 2)
    contract = {
        " ".join(names) for layout in ("batched", "unbatched") for names in named_shapes(config, layout).values()
    }
    assert annotated == contract


def _array_types(hint: object) -> list[typing.Any]:
    if isinstance(hint, type) and issubclass(hint, AbstractArray):
        return [hint]
    return [found for argument in typing.get_args(hint) for found in _array_types(argument)]


# -- differential: typed == torch wherever torch accepts; ShapeError wherever it rejects --


@settings(max_examples=400)
@given(calls())
def test_typed_output_is_bit_identical_to_torch_for_every_accepted_call(call: Call) -> None:
    plain, typed = call.torch_module(), call.typed_module()
    typed.load_state_dict(plain.state_dict())
    expected = plain(*call.args())
    assert_identical(typed(*call.args()), expected)  # the first call: torch's forward
    assert_identical(typed(*call.args()), expected)  # a repeated call: torch's kernel


def _with_other_free_sizes(call: Call, data: st.DataObject) -> Call:
    """The same call with new sizes where the contract leaves them free: seq, the
    sequence lengths of a packed batch (so its total rows), Linear's leading dims."""
    seed = data.draw(st.integers(0, 2**16), label="seed")
    if call.config.kind == "Linear":
        lead = tuple(data.draw(st.lists(st.integers(0, 5), max_size=3), label="lead"))
        return dataclasses.replace(call, lead=lead, seed=seed)
    if not call.config.is_sequence:
        return dataclasses.replace(call, seed=seed)
    seq = data.draw(st.integers(1, 9), label="seq")
    lengths: list[int] = []
    if call.layout == "packed":
        others = data.draw(st.lists(st.integers(1, seq), min_size=call.batch - 1, max_size=call.batch - 1), label="lengths")
        lengths = data.draw(st.permutations([seq, *others]), label="order")
    return dataclasses.replace(call, seq=seq, lengths=list(lengths), seed=seed)


@settings(max_examples=300)
@given(calls(), st.data())
def test_a_call_with_new_free_sizes_after_a_learnt_one_is_bit_identical_to_torch(call: Call, data: st.DataObject) -> None:
    plain, typed = call.torch_module(), call.typed_module()
    typed.load_state_dict(plain.state_dict())
    typed(*call.args())
    later = _with_other_free_sizes(call, data)
    for _ in range(2):
        assert_identical(typed(*later.args()), plain(*later.args()))
    guard = typed._typedrnn_guard
    assert guard is not None and guard.entries == 1
    if call.config.is_sequence and call.layout != "packed":
        with pytest.raises(ShapeError, match="seq=0"):
            typed(*dataclasses.replace(call, seq=0).args())


@settings(max_examples=400)
@given(calls(), st.data())
def test_the_quick_check_admits_only_what_the_full_contract_accepts_with_the_same_answer(
    call: Call, data: st.DataObject
) -> None:
    typed = call.typed_module()
    weight = typed._typedrnn_weight()
    guard = Guard(typed._typedrnn_config(), weight.shape)
    args = call.args()
    input, hx = args[0], args[1] if len(args) > 1 else None
    # Every correct call is admitted, with the contract's own answer.
    assert guard.admit(weight, input, hx) == guard.explain(typed, weight, input, hx)
    _, mutated = _mutate(call, data)
    input, hx = mutated[0], mutated[1] if len(mutated) > 1 else None
    admitted = guard.admit(weight, input, hx)
    try:
        explained = guard.explain(typed, weight, input, hx)
    except ShapeError:
        assert admitted is None
    else:
        assert admitted in (None, explained)


def _mutate(call: Call, data: st.DataObject) -> tuple[str, tuple[object, ...]]:
    """One random shape mistake in a correct call: which argument, and the new args."""
    args = list(call.args())
    tensors: list[tuple[str, int | None]] = []
    tensors.append(("input", None))
    if len(args) > 1 and args[1] is not None:
        tensors += [("hx", 0), ("hx", 1)] if isinstance(args[1], tuple) else [("hx", None)]
    where, index = data.draw(st.sampled_from(tensors))
    slot = 0 if where == "input" else 1
    tensor = args[slot] if index is None else args[slot][index]  # type: ignore[index]
    if isinstance(tensor, PackedSequence):
        packed = tensor
        grown = torch.randn(packed.data.shape[0], packed.data.shape[1] + 1, dtype=packed.data.dtype)
        changed_data = data.draw(st.sampled_from([grown, packed.data.unsqueeze(0), packed.data[:, 0]]))
        args[0] = PackedSequence(changed_data, packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices)
        return "input", tuple(args)
    mistake = data.draw(st.sampled_from(["grow", "shrink", "unsqueeze", "squeeze", "transpose"]))
    shape = list(tensor.shape)
    if mistake in ("grow", "shrink") and shape:
        position = data.draw(st.integers(0, len(shape) - 1))
        shape[position] = max(0, shape[position] + (1 if mistake == "grow" else -1))
        changed = torch.randn(tuple(shape), dtype=tensor.dtype)
    elif mistake == "unsqueeze":
        changed = tensor.unsqueeze(0)
    elif mistake == "squeeze" and shape:
        changed = torch.randn(tuple(shape[1:]), dtype=tensor.dtype)
    elif mistake == "transpose" and len(shape) >= 2:
        changed = tensor.transpose(0, 1)
    else:
        changed = tensor.unsqueeze(-1)
    if index is None:
        args[slot] = changed
    else:
        pair = list(args[slot])  # type: ignore[call-overload]
        pair[index] = changed
        args[slot] = tuple(pair)
    name = "input" if where == "input" else _state_name(call, index)
    return name, tuple(args)


def _state_name(call: Call, index: int | None) -> str:
    if call.config.is_sequence:
        return "c0" if index == 1 else "h0"
    return "c" if index == 1 else "h"


@settings(max_examples=400)
@given(calls(), st.data())
def test_every_call_torch_rejects_raises_shape_error_and_the_rest_match(call: Call, data: st.DataObject) -> None:
    name, args = _mutate(call, data)
    plain, typed = call.torch_module(), call.typed_module()
    typed.load_state_dict(plain.state_dict())
    if _crashes_torch(call, args):
        with pytest.raises(ShapeError):
            typed(*args)
        return
    try:
        expected = plain(*args)
    except Exception:
        with pytest.raises(ShapeError):
            typed(*args)
        return
    try:
        actual = typed(*args)
    except ShapeError as error:
        # typedrnn is stricter than torch only where torch would compute something the
        # contract forbids; the message must name the argument that broke it.
        assert error.argument in (name, "hx", "input"), str(error)
        assert _torch_accepts_silently(call, name, args), f"unexpected rejection: {error}"
        return
    assert_identical(actual, expected)


def _crashes_torch(call: Call, args: tuple[object, ...]) -> bool:
    """Calls that crash torch 2.13's process (segmentation fault) instead of raising:

    - a packed call whose input data or states have another shape than the contract's
      (torch checks almost nothing on the packed path), e.g. LSTM(4, 1) with h0 (2, 3, 1);
    - a cell given a 1-D input and a 2-D state: torch reshapes the state to 3-D, and
      GRUCell(5, 1) / LSTMCell(5, 1) then crash.
    """
    states = args[1] if len(args) > 1 and isinstance(args[1], tuple) else args[1:]
    if call.layout == "packed":
        shapes = [tuple(state.shape) for state in states if isinstance(state, torch.Tensor)]
        packed = args[0]
        assert isinstance(packed, PackedSequence)
        data_ok = tuple(packed.data.shape[1:]) == (call.config.input_size,)
        return not data_ok or (bool(shapes) and shapes != call.state_shapes())
    if not call.config.is_cell or not isinstance(args[0], torch.Tensor) or args[0].dim() != 1:
        return False
    return any(isinstance(state, torch.Tensor) and state.dim() == 2 for state in states)


def test_cell_with_unbatched_input_and_batched_state_is_stopped_before_torch_crashes() -> None:
    with pytest.raises(ShapeError, match="input is unbatched"):
        typedrnn.GRUCell(5, 1)(torch.randn(5), torch.randn(1, 1))
    with pytest.raises(ShapeError, match="input is unbatched"):
        typedrnn.LSTMCell(5, 1)(torch.randn(5), (torch.randn(1, 1), torch.randn(1, 1)))


def _torch_accepts_silently(call: Call, name: str, args: tuple[object, ...]) -> bool:
    """Where torch computes without complaint but breaks SPEC.md's contract."""
    if call.layout == "packed":
        return True  # torch validates almost nothing on the packed path
    if call.config.kind == "Linear":
        return False
    return name != "input"
