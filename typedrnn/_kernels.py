"""What a checked call runs: torch's own kernels, called as torch's ``forward`` calls them.

torch's ``forward`` for the recurrent modules checks its arguments in Python before it
calls the kernel (``_VF.lstm``, ``_VF.lstm_cell`` and friends): ranks, sizes, the
dtype, and, for RNN/GRU/LSTM, whether any parameter was swapped since the last call
(``_update_flat_weights``: two ``getattr`` per weight, on every call). Once the guard
has checked a call against the whole contract, those checks only repeat it, and on a
small model they cost more than the guard does. So a call the guard vouches for goes
straight to the kernel, with the arguments torch's ``forward`` would give it, and
returns what torch's ``forward`` would return, bit for bit.

Only calls with everything in the common case take this road: plain tensors, the
module's own ``Parameter`` objects, no tracer, and a call the guard has an answer for
or, on the first call of a new key, one its quick check of the whole contract admits.
Anything else (a bad call, ``torch.compile``, ``torch.jit.trace``, a parametrization,
weights swapped by ``torch.func.functional_call``, FSDP or DataParallel, a dtype the
quick check has no plan for) runs torch's own ``forward`` after the guard's full check.

>>> import torch, typedrnn
>>> typed = typedrnn.LSTM(4, 6, num_layers=2)
>>> plain = typedrnn.untyped(typed)
>>> x = torch.randn(5, 3, 4)
>>> torch.equal(typed(x)[0], plain(x)[0])     # the first call learns the shapes
True
>>> torch.equal(typed(x)[0], plain(x)[0])     # the second recalls them
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import repeat
from operator import is_
from typing import Any, Final, NamedTuple, Union

import torch
from torch import Tensor, nn
from torch.compiler import is_compiling
from torch.nn.modules import linear as _torch_linear
from torch.nn.modules import rnn as _torch_rnn
from torch.nn.utils.rnn import PackedSequence

from typedrnn._runtime import Expected, Guard, data_of

# hx as the kernels take it: one tensor (RNN, GRU, the cells but LSTMCell), or two.
State = Union[Tensor, tuple[Tensor, ...]]
Kernel = Callable[..., Any]

# A parameter that a parametrization or a hook computes is not in ``_parameters``.
_MISSING: Final = object()


def current_flat_weights(module: nn.RNNBase) -> list[Tensor] | None:
    """The weights torch's ``forward`` would hand the kernel, when the module's cached
    list holds exactly its current parameters; ``None`` when it does not, and torch's
    own ``forward`` must refresh it (``functional_call``, parametrizations, FSDP)."""
    flat: list[Tensor] = module._flat_weights  # type: ignore[assignment]
    parameters = module._parameters.get
    if all(map(is_, map(parameters, module._flat_weights_names), flat)):
        return flat
    return None


def cell_weights(module: nn.RNNCellBase) -> tuple[Tensor, Tensor, Tensor | None, Tensor | None] | None:
    """``(weight_ih, weight_hh, bias_ih, bias_hh)`` as torch's ``forward`` reads them, when
    all four are the module's own entries (a bias may be ``None``); else ``None``."""
    get = module._parameters.get
    weight_ih, weight_hh = get("weight_ih"), get("weight_hh")
    bias_ih, bias_hh = get("bias_ih", _MISSING), get("bias_hh", _MISSING)
    if weight_ih is None or weight_hh is None or bias_ih is _MISSING or bias_hh is _MISSING:
        return None
    return weight_ih, weight_hh, bias_ih, bias_hh  # type: ignore[return-value]


# What torch's forward runs besides the kernel: the forward itself and, for RNN/GRU/
# LSTM, these helpers. The fast road skips them, so it is taken only while every one
# is torch's own: not replaced on torch's class (since typedrnn was imported), not
# overridden by a subclass (at any time), and not set on the module itself.
_SEQUENCE_HELPERS: Final = (
    "_update_flat_weights",
    "_weights_have_changed",
    "_init_flat_weights",
    "check_forward_args",
    "check_input",
    "get_expected_hidden_size",
    "get_expected_cell_size",
    "check_hidden_size",
    "permute_hidden",
)


class TorchCode(NamedTuple):
    """A torch class's own forward and helpers, as they were when typedrnn was imported."""

    torch_class: type[nn.Module]
    forward: Callable[..., Any]
    helper_names: tuple[str, ...]
    helpers: tuple[object, ...]
    names: frozenset[str]


def torch_code(torch_class: type[nn.Module]) -> TorchCode:
    """Take note of ``torch_class``'s forward (and, for RNN/GRU/LSTM, its helpers)."""
    helper_names = _SEQUENCE_HELPERS if issubclass(torch_class, nn.RNNBase) else ()
    return TorchCode(
        torch_class=torch_class,
        forward=torch_class.forward,
        helper_names=helper_names,
        helpers=tuple(getattr(torch_class, name, None) for name in helper_names),
        names=frozenset(("forward", *helper_names)),
    )


def runs_only_torchs_code(module: nn.Module, code: TorchCode) -> bool:
    """Whether torch's forward, on this module, would run torch's own code only. Cells
    and Linear call no helpers, and a forward set on the module bypasses typedrnn's, so
    for them only torch's class is looked at."""
    if code.torch_class.forward is not code.forward:
        return False
    if not code.helpers:
        return True
    if not all(map(is_, map(getattr, repeat(type(module)), code.helper_names, repeat(None)), code.helpers)):
        return False
    return module.__dict__.keys().isdisjoint(code.names)


# The kernels torch's forward calls, by name. torch's forward looks ``_VF`` up in the
# globals of ``torch.nn.modules.rnn`` (and Linear's ``F`` in those of
# ``torch.nn.modules.linear``) and the kernel on it, on every call; code that
# replaces either (amp-style shims, instrumentation) is honoured by torch, so the
# fast road looks them up the same way, on every call. nn.RNN picks a kernel by its
# mode and nn.RNNCell by its nonlinearity; for any other value torch's own forward
# runs and gives its own error.
LSTM_KERNEL: Final = "lstm"
GRU_KERNEL: Final = "gru"
RNN_KERNELS: Final[dict[str, str]] = {"RNN_TANH": "rnn_tanh", "RNN_RELU": "rnn_relu"}
LSTM_CELL_KERNEL: Final = "lstm_cell"
GRU_CELL_KERNEL: Final = "gru_cell"
RNN_CELL_KERNELS: Final[dict[str, str]] = {"tanh": "rnn_tanh_cell", "relu": "rnn_relu_cell"}
_RNN_GLOBALS: Final[dict[str, Any]] = vars(_torch_rnn)
_LINEAR_GLOBALS: Final[dict[str, Any]] = vars(_torch_linear)
_VFModule: Final = type(_RNN_GLOBALS["_VF"])


def rnn_kernel(name: str) -> Kernel:
    """``_VF.<name>`` as torch's forward finds it now: through whatever ``_VF`` is in
    ``torch.nn.modules.rnn``. torch's own ``_VF`` finds its kernels in a Python
    ``__getattr__`` (about 1 µs); the same lookup, done by hand, costs a dictionary
    probe: an attribute set on it first, then the kernel table it forwards to."""
    vf = _RNN_GLOBALS["_VF"]
    if type(vf) is _VFModule:
        kernel: Kernel = vf.__dict__.get(name) or getattr(vf.vf, name)
        return kernel
    replaced: Kernel = getattr(vf, name)
    return replaced


# --------------------------------------------------------------------------------------
# The checked fast road: the guard's answer for the call's key (learnt, or from the
# quick check on a new key's first call), the kernel, the results checked. Each
# returns None where the guard cannot vouch for the call; the module then takes the
# slow road (the guard's full check, torch's own forward).


def sequence_call(
    module: nn.RNNBase, guard: Guard, code: TorchCode, kernel_name: str | None, input: Any, hx: Any
) -> tuple[Tensor | PackedSequence, State] | None:
    """``RNN/GRU/LSTM.forward(input, hx)``, checked, when the guard can vouch for this call."""
    __tracebackhide__ = True
    if is_compiling() or kernel_name is None:
        return None
    weights = current_flat_weights(module)
    if weights is None:
        return None
    expected, new = vouch(guard, weights[0], input, hx)
    if expected is None or not runs_only_torchs_code(module, code):
        return None
    kernel = rnn_kernel(kernel_name)
    output, hidden = result = run_sequence(module, kernel, weights, input, hx, expected)
    shapes = (data_of(output).shape, *state_shapes(hidden))
    promised = expected.results(data_of(input).shape)
    if shapes != promised:
        guard.broken_promise(promised, shapes)
    if new:
        guard.keep(expected)
    return result


def cell_call(
    module: nn.RNNCellBase, guard: Guard, code: TorchCode, kernel_name: str | None, input: Any, hx: Any
) -> State | None:
    """``RNNCell/GRUCell/LSTMCell.forward(input, hx)``, checked, when the guard can vouch for this call."""
    __tracebackhide__ = True
    # runs_only_torchs_code, inlined: a cell's forward calls no helpers.
    if is_compiling() or kernel_name is None or not isinstance(input, Tensor) or code.torch_class.forward is not code.forward:
        return None
    weights = cell_weights(module)
    if weights is None:
        return None
    expected, new = vouch(guard, weights[0], input, hx)
    if expected is None:
        return None
    kernel = rnn_kernel(kernel_name)
    if hx is not None and expected.layout == "batched":
        result: State = kernel(input, hx, *weights)
    else:
        result = run_cell(kernel, weights, input, hx, expected)
    shapes = state_shapes(result)
    promised = expected.results(input.shape)
    if shapes != promised:
        guard.broken_promise(promised, shapes)
    if new:
        guard.keep(expected)
    return result


def linear_call(module: nn.Linear, guard: Guard, code: TorchCode, input: Any) -> Tensor | None:
    """``Linear.forward(input)``, checked, when the guard can vouch for this call."""
    __tracebackhide__ = True
    # runs_only_torchs_code, inlined: Linear's forward calls no helpers.
    if is_compiling() or not isinstance(input, Tensor) or code.torch_class.forward is not code.forward:
        return None
    parameters = module._parameters
    weight = parameters.get("weight")
    bias = parameters.get("bias", _MISSING)
    if weight is None or bias is _MISSING:
        return None
    expected, new = vouch(guard, weight, input, None)
    if expected is None:
        return None
    output: Tensor = _LINEAR_GLOBALS["F"].linear(input, weight, bias)
    promised = expected.results(input.shape)
    if (output.shape,) != promised:
        guard.broken_promise(promised, (output.shape,))
    if new:
        guard.keep(expected)
    return output


def vouch(guard: Guard, weight: Tensor, input: Any, hx: Any) -> tuple[Expected | None, bool]:
    """Whether the guard vouches for this call: the answer it learnt for the call's key,
    or, for the first call of a new key, the quick check of the whole contract
    (:meth:`Guard.admit`). Returns the call's expected shapes (None: take the slow road)
    and whether they are new, to be kept once the kernel's results have kept the promise.

    The quick check accepts only what the contract accepts, which holds every check
    torch's ``forward`` makes before its kernel, so a correct first call runs the
    kernel as a repeated one does; the slow road is for calls the quick check cannot
    vouch for (a wrong call, a dtype or layout it has no plan for, a tracer's sizes)
    and for a guard that may be stale: the module drops its guard when a configuration
    attribute or a parameter is assigned, and a weight put in its parameter dict by hand
    is told by its shape, where the slow road builds the guard anew.
    """
    expected = guard.recall(weight, input, hx)
    if expected is not None:
        return expected, False
    if weight.shape != guard.weight_shape or torch.jit.is_tracing():  # type: ignore[attr-defined,no-untyped-call]
        # (torch.jit.trace's sizes may be tensors: no answer is learnt from them.)
        return None, False
    return guard.admit(weight, input, hx), True


def state_shapes(state: State) -> tuple[torch.Size, ...]:
    """The shapes of one state tensor, or of a pair (h, c)."""
    return (state.shape,) if isinstance(state, Tensor) else (state[0].shape, state[1].shape)


# --------------------------------------------------------------------------------------
# torch's forward, after its checks


def run_sequence(
    module: nn.RNNBase,
    kernel: Kernel,
    weights: list[Tensor],
    input: Tensor | PackedSequence,
    hx: State | None,
    expected: Expected,
) -> tuple[Tensor | PackedSequence, State]:
    """What ``RNN/GRU/LSTM.forward(input, hx)`` returns, for a call the guard checked."""
    if expected.layout == "packed":
        data, batch_sizes, sorted_indices, unsorted_indices = input
        if hx is None:
            hx = _zeros(expected.states, data)
        elif sorted_indices is not None:
            hx = _permute(hx, sorted_indices)
        result = kernel(
            data, batch_sizes, hx, weights, module.bias, module.num_layers,
            module.dropout, module.training, module.bidirectional,
        )  # fmt: skip
        hidden = _hidden(result)
        if unsorted_indices is not None:
            hidden = _permute(hidden, unsorted_indices)
        return PackedSequence(result[0], batch_sizes, sorted_indices, unsorted_indices), hidden
    assert isinstance(input, Tensor)
    if hx is None:
        hx = _zeros(expected.states, input)
    batched = expected.layout == "batched"
    if not batched:
        batch_dim = 0 if module.batch_first else 1
        input = input.unsqueeze(batch_dim)
        hx = hx.unsqueeze(1) if isinstance(hx, Tensor) else tuple(state.unsqueeze(1) for state in hx)
    result = kernel(
        input, hx, weights, module.bias, module.num_layers,
        module.dropout, module.training, module.bidirectional, module.batch_first,
    )  # fmt: skip
    output, hidden = result[0], _hidden(result)
    if batched:
        return output, hidden
    squeezed = hidden.squeeze(1) if isinstance(hidden, Tensor) else tuple(state.squeeze(1) for state in hidden)
    return output.squeeze(batch_dim), squeezed


def run_cell(
    kernel: Kernel,
    weights: tuple[Tensor, Tensor, Tensor | None, Tensor | None],
    input: Tensor,
    hx: State | None,
    expected: Expected,
) -> State:
    """What ``RNNCell/GRUCell/LSTMCell.forward(input, hx)`` returns, for a checked call."""
    if hx is None:
        zeros = torch.zeros(expected.states[0], dtype=input.dtype, device=input.device)
        hx = (zeros, zeros) if len(expected.states) == 2 else zeros
    if expected.layout == "batched":
        result: State = kernel(input, hx, *weights)
        return result
    input = input.unsqueeze(0)
    hx = hx.unsqueeze(0) if isinstance(hx, Tensor) else (hx[0].unsqueeze(0), hx[1].unsqueeze(0))
    result = kernel(input, hx, *weights)
    return result.squeeze(0) if isinstance(result, Tensor) else (result[0].squeeze(0), result[1].squeeze(0))


def _hidden(result: tuple[Tensor, ...]) -> State:
    """The states in a sequence kernel's result: h_n, or (h_n, c_n) for LSTM."""
    return result[1] if len(result) == 2 else result[1:]


def _zeros(shapes: Sequence[tuple[int, ...]], like: Tensor) -> State:
    """The zero states torch's ``forward`` makes when hx is None."""
    zeros = tuple(torch.zeros(shape, dtype=like.dtype, device=like.device) for shape in shapes)
    return zeros[0] if len(zeros) == 1 else zeros


def _permute(hx: State, permutation: Tensor) -> State:
    """hx reordered along its batch dimension, as torch's ``permute_hidden`` does."""
    if isinstance(hx, Tensor):
        return hx.index_select(1, permutation)
    return tuple(state.index_select(1, permutation) for state in hx)
