"""The size algebra: sizes written as names, and what can be proved about them.

A claim that two symbolic sizes differ must hold for every value the symbols can
take; the properties at the end substitute random values (within the bounds) and
ask torch, on meta tensors, whether the module really rejects the call.
"""

from __future__ import annotations

import warnings

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from typedrnn._contracts import ModuleConfig, Problem, TensorArg, TupleArg, check_call
from typedrnn._contracts.sizes import Poly, code, compare, divide, lower_bound, opaque, symbol

nhid, nlayers, batch = symbol("nhid"), symbol("nlayers"), symbol("batch")


# --------------------------------------------------------------------------------------
# Normal forms


def test_equal_polynomials_have_one_normal_form() -> None:
    assert nhid + nhid == 2 * nhid
    assert (nhid + 1) * (nhid - 1) == nhid * nhid - 1
    assert nlayers * 2 * nhid == 2 * (nhid * nlayers)
    assert hash(nhid * 2) == hash(2 * nhid)


def test_a_constant_polynomial_is_an_int() -> None:
    assert nhid - nhid == 0
    assert isinstance((nhid + 3) - nhid, int)
    assert (2 * nhid) // 2 == nhid


def test_what_the_algebra_cannot_express_becomes_an_opaque_symbol() -> None:
    half = nhid // 2
    assert isinstance(half, Poly)
    assert str(half) == "nhid // 2"
    assert half == nhid // 2
    assert half * 2 != nhid


def test_symbols_read_as_written_in_messages_and_code() -> None:
    layers_dirs = 2 * nlayers
    assert str(layers_dirs) == "2·nlayers"
    assert code(layers_dirs) == "2 * nlayers"
    assert str(nhid + 1) == "nhid + 1"
    assert str(symbol("scope:args.nhid", "args.nhid") * 2) == "2·args.nhid"


def test_identity_is_the_key_and_not_the_text() -> None:
    assert symbol("Model.__init__:nhid", "nhid") != symbol("main:nhid", "nhid")
    assert symbol("k", "one text") == symbol("k", "another")


def test_exact_division_by_a_term() -> None:
    assert divide(nlayers * batch * nhid, nhid) == nlayers * batch
    assert divide(6 * nhid, 3) == 2 * nhid
    assert divide(nhid + 1, nhid) is None
    assert divide(12, 5) is None


# --------------------------------------------------------------------------------------
# Agree, disagree, unknown


def test_equal_normal_forms_agree_whatever_the_bounds() -> None:
    assert compare(nhid * 2, nhid + nhid, {}) == "equal"


def test_double_and_single_width_differ_only_when_the_width_is_at_least_one() -> None:
    assert compare(2 * nhid, nhid, {"nhid": 1}) == "differ"
    # 2·0 == 0: a width that may be zero proves nothing.
    assert compare(2 * nhid, nhid, {"nhid": 0}) == "unknown"
    assert compare(2 * nhid, nhid, {}) == "unknown"


def test_two_different_names_are_unknown_not_different() -> None:
    assert compare(nhid, nlayers, {"nhid": 1, "nlayers": 1}) == "unknown"


def test_a_difference_that_can_vanish_is_unknown() -> None:
    # nhid² - nhid is 0 at nhid = 1.
    assert compare(nhid * nhid, nhid, {"nhid": 1}) == "unknown"
    assert compare(nhid * nhid, nhid, {"nhid": 2}) == "differ"


def test_an_offset_differs_with_no_bound_at_all() -> None:
    assert compare(nhid + 1, nhid, {}) == "differ"


def test_an_opaque_symbol_without_a_bound_proves_nothing() -> None:
    half = opaque("nhid // 2")
    assert compare(2 * half, nhid, {"nhid": 1}) == "unknown"


def test_lower_bounds_of_sums_and_products() -> None:
    assert lower_bound(2 * nhid - 1, {"nhid": 1}) == 1
    assert lower_bound(nhid * nlayers, {"nhid": 1, "nlayers": 2}) == 2
    assert lower_bound(nhid - nlayers, {"nhid": 1, "nlayers": 1}) is None


# --------------------------------------------------------------------------------------
# The contracts over the algebra


def test_an_lstm_with_symbolic_sizes_states_its_shapes_in_them() -> None:
    lstm = ModuleConfig("LSTM", symbol("ninp"), nhid, nlayers, bidirectional=True)
    assert lstm.describe() == "LSTM(ninp, nhid, num_layers=nlayers, bidirectional=True)"
    assert lstm.fixed_dims()["layers_dirs"] == 2 * nlayers
    assert lstm.fixed_dims()["dirs_out"] == 2 * nhid


def test_building_an_rnn_bounds_its_sizes_by_one_and_a_linear_by_zero() -> None:
    assert ModuleConfig("GRU", symbol("ninp"), nhid, nlayers).size_bounds() == {"ninp": 1, "nhid": 1, "nlayers": 1}
    assert ModuleConfig("Linear", nhid, symbol("ntoken")).size_bounds() == {"nhid": 0, "ntoken": 0}


def test_a_head_sized_for_one_direction_is_provably_wrong() -> None:
    head = ModuleConfig("Linear", nhid, symbol("ntoken"))
    problem = check_call(head, TensorArg((None, None, 2 * nhid)), None, lower={"nhid": 1})
    assert isinstance(problem, Problem)
    assert "in_features=nhid), got (?, ?, 2·nhid)" in problem.summary
    assert problem.hint is not None and "Linear(2 * nhid, ntoken)" in problem.hint


def test_states_missing_the_bidirectional_rows_are_provably_wrong() -> None:
    lstm = ModuleConfig("LSTM", symbol("ninp"), nhid, nlayers, bidirectional=True)
    state = TensorArg((nlayers, batch, nhid))
    problem = check_call(lstm, TensorArg((None, batch, symbol("ninp"))), TupleArg((state, state)))
    assert isinstance(problem, Problem)
    assert problem.argument == "h0"
    assert problem.dimension == "layers_dirs"


def test_sizes_that_might_agree_are_never_reported() -> None:
    lstm = ModuleConfig("LSTM", symbol("emb"), symbol("hidden"))
    verdict = check_call(lstm, TensorArg((None, None, symbol("other"))), None)
    assert not isinstance(verdict, Problem)


# --------------------------------------------------------------------------------------
# Properties: a disagreement claimed for symbols holds for every value, as torch says


_sizes = st.integers(min_value=1, max_value=6)


def _torch_rejects(kind: str, hidden: int, layers: int, bidirectional: bool, h0_rows: int, width: int) -> bool:
    module = getattr(torch.nn, kind)(3, hidden, layers, bidirectional=bidirectional, device="meta")
    x = torch.empty(4, 2, 3, device="meta")
    h0 = torch.empty(h0_rows, 2, width, device="meta")
    hx = (h0, torch.empty(h0_rows, 2, hidden, device="meta")) if kind == "LSTM" else h0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            module(x, hx)
        except RuntimeError:
            return True
    return False


_rows = st.sampled_from([(1, 0), (2, 0), (1, 1), (2, 1), (0, 1)])


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["RNN", "GRU", "LSTM"]),
    bidirectional=st.booleans(),
    rows=_rows,
    widths=st.sampled_from([(1, 0), (2, 0), (1, 1)]),
    hidden=_sizes,
    layers=_sizes,
)
def test_a_state_the_algebra_rejects_is_rejected_by_torch_for_every_value(
    kind: str,
    bidirectional: bool,
    rows: tuple[int, int],
    widths: tuple[int, int],
    hidden: int,
    layers: int,
) -> None:
    # h0 rows a·nlayers + b and width c·nhid + d, against the contract's own shapes.
    h = symbol("hidden")
    n = symbol("layers")
    config = ModuleConfig(kind, 3, h, n, bidirectional=bidirectional)
    state = TensorArg((rows[0] * n + rows[1], 2, widths[0] * h + widths[1]))
    hx = TupleArg((state, TensorArg((rows[0] * n + rows[1], 2, h)))) if kind == "LSTM" else state
    verdict = check_call(config, TensorArg((4, 2, 3)), hx)
    if isinstance(verdict, Problem):
        h0_rows = rows[0] * layers + rows[1]
        width = widths[0] * hidden + widths[1]
        assert _torch_rejects(kind, hidden, layers, bidirectional, h0_rows, width), verdict.message()


@settings(max_examples=60, deadline=None)
@given(
    factor=st.integers(min_value=1, max_value=3),
    offset=st.integers(min_value=-2, max_value=2),
    head_factor=st.integers(min_value=1, max_value=3),
    width=_sizes,
)
def test_a_head_the_algebra_rejects_is_rejected_by_torch_for_every_width(
    factor: int, offset: int, head_factor: int, width: int
) -> None:
    w = symbol("width")
    arriving = factor * w + offset
    config = ModuleConfig("Linear", head_factor * w, 5)
    verdict = check_call(config, TensorArg((7, arriving)), None, lower={"width": 1})
    if isinstance(verdict, Problem) and factor * width + offset >= 0:
        linear = torch.nn.Linear(head_factor * width, 5, device="meta")
        with pytest.raises(RuntimeError):
            linear(torch.empty(7, factor * width + offset, device="meta"))
