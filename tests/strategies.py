"""Hypothesis strategies for random module configurations and calls that torch accepts.

A :class:`Call` is everything needed to run one forward: the configuration, the
layout, and tensors built on demand (so that each test can perturb them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from hypothesis import strategies as st
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

import typedrnn
from typedrnn._contracts import KINDS, SEQUENCE_KINDS, ModuleConfig


@dataclass
class Call:
    """One forward call that keeps the contract."""

    config: ModuleConfig
    layout: str  # "batched" | "unbatched" | "packed"
    seq: int
    batch: int
    lengths: list[int] = field(default_factory=list)
    lead: tuple[int, ...] = ()  # Linear's leading dimensions
    with_state: bool = False
    dtype: torch.dtype = torch.float32
    seed: int = 0

    def torch_module(self) -> nn.Module:
        return build(self.config, typed=False, dtype=self.dtype, seed=self.seed)

    def typed_module(self) -> nn.Module:
        return build(self.config, typed=True, dtype=self.dtype, seed=self.seed)

    def input(self) -> Tensor | PackedSequence:
        generator = torch.Generator().manual_seed(self.seed + 1)
        config = self.config

        def randn(*shape: int) -> Tensor:
            return torch.randn(*shape, generator=generator, dtype=self.dtype)

        if config.kind == "Linear":
            return randn(*self.lead, config.input_size)
        if config.is_cell:
            if self.layout == "unbatched":
                return randn(config.input_size)
            return randn(self.batch, config.input_size)
        if self.layout == "unbatched":
            return randn(self.seq, config.input_size)
        if self.layout == "packed":
            padded = randn(self.seq, self.batch, config.input_size)
            return pack_padded_sequence(padded, self.lengths, enforce_sorted=False)
        if config.batch_first:
            return randn(self.batch, self.seq, config.input_size)
        return randn(self.seq, self.batch, config.input_size)

    def state_shapes(self) -> list[tuple[int, ...]]:
        """The shapes of the tensors in hx, in hx order."""
        config = self.config
        if config.kind == "Linear":
            return []
        lead: tuple[int, ...] = () if self.layout == "unbatched" else (self.batch,)
        if config.is_cell:
            count = 2 if config.is_lstm else 1
            return [(*lead, config.hidden_size)] * count
        rows = config.num_layers * config.directions
        shapes = [(rows, *lead, config.proj)]
        if config.is_lstm:
            shapes.append((rows, *lead, config.hidden_size))
        return shapes

    def hx(self) -> Tensor | tuple[Tensor, Tensor] | None:
        if not self.with_state or self.config.kind == "Linear":
            return None
        generator = torch.Generator().manual_seed(self.seed + 2)
        states = [torch.randn(*shape, generator=generator, dtype=self.dtype) for shape in self.state_shapes()]
        if self.config.is_lstm:
            return (states[0], states[1])
        return states[0]

    def args(self) -> tuple[object, ...]:
        if self.config.kind == "Linear":
            return (self.input(),)
        return (self.input(), self.hx())


def build(config: ModuleConfig, *, typed: bool, dtype: torch.dtype = torch.float32, seed: int = 0) -> nn.Module:
    """A module of this configuration, typed or plain torch, with weights from ``seed``."""
    namespace = typedrnn if typed else nn
    cls = getattr(namespace, config.kind)
    torch.manual_seed(seed)
    if config.kind == "Linear" or config.is_cell:
        module = cls(config.input_size, config.hidden_size, bias=config.bias)
    else:
        extra = {"proj_size": config.proj_size} if config.kind == "LSTM" else {}
        module = cls(
            config.input_size,
            config.hidden_size,
            num_layers=config.num_layers,
            bias=config.bias,
            batch_first=config.batch_first,
            bidirectional=config.bidirectional,
            **extra,
        )
    return module.to(dtype)


@st.composite
def configs(draw: st.DrawFn, kinds: tuple[str, ...] = KINDS) -> ModuleConfig:
    kind = draw(st.sampled_from(kinds))
    input_size = draw(st.integers(1, 6))
    hidden_size = draw(st.integers(1, 6))
    bias = draw(st.booleans())
    if kind not in SEQUENCE_KINDS:
        return ModuleConfig(kind, input_size, hidden_size, bias=bias)
    proj_size = 0
    if kind == "LSTM" and hidden_size > 1 and draw(st.booleans()):
        proj_size = draw(st.integers(1, hidden_size - 1))
    return ModuleConfig(
        kind,
        input_size,
        hidden_size,
        num_layers=draw(st.integers(1, 3)),
        bias=bias,
        batch_first=draw(st.booleans()),
        bidirectional=draw(st.booleans()),
        proj_size=proj_size,
    )


@st.composite
def calls(draw: st.DrawFn, kinds: tuple[str, ...] = KINDS) -> Call:
    config = draw(configs(kinds))
    seed = draw(st.integers(0, 2**16))
    dtype = draw(st.sampled_from([torch.float32, torch.float64]))
    if config.kind == "Linear":
        lead = tuple(draw(st.lists(st.integers(0, 3), max_size=3)))
        return Call(config, "batched", seq=1, batch=1, lead=lead, dtype=dtype, seed=seed)
    layouts = ["batched", "unbatched", "packed"] if config.is_sequence else ["batched", "unbatched"]
    layout = draw(st.sampled_from(layouts))
    seq = draw(st.integers(1, 4))
    batch = draw(st.integers(1 if layout == "packed" else 0, 4))
    lengths: list[int] = []
    if layout == "packed":
        lengths = [seq, *draw(st.lists(st.integers(1, seq), min_size=batch - 1, max_size=batch - 1))]
        lengths = draw(st.permutations(lengths))
    return Call(
        config,
        layout,
        seq=seq,
        batch=batch,
        lengths=list(lengths),
        with_state=draw(st.booleans()),
        dtype=dtype,
        seed=seed,
    )
