"""What the checks cost: bare torch vs typedrnn (on, off) vs a hand-written
jaxtyping + beartype wrapper, measured side by side in one process.

    python benchmarks/overhead.py [--device cuda] [--seconds 10]

Each configuration is sampled for ``--seconds``: one sample runs every variant once
(a call, or a 100-step cell loop), in an order shuffled per sample, so the machine's
drifts hit all variants of a sample alike; "typedrnn off" is sampled against bare
torch with the checks switched off throughout. It prints the median time per call
and, per variant, the median over samples of (variant - bare) in µs, its standard
error (± µs, from the spread of the samples: on a shared machine the noise can
exceed the overhead being measured), the median ratio variant / bare, and whether the
overhead meets its target: "met", "not measurably above it" (within two standard
errors), for "off" "not measurably above an empty subclass" (what it costs beyond an
empty subclass of the torch class, measured in the same samples, is within two standard
errors of the target), or "MISSED".

The targets: checks on ≤ 5 µs over bare for the sequence modules and ≤ 3 µs per
step for the cells and Linear; checks off ≤ 0.5 µs. With checks on, a call the
guard has seen before goes straight to torch's kernel and skips the Python checks
of torch's own forward (typedrnn/_kernels.py), so "on" can be faster than bare.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from beartype import beartype
from jaxtyping import Float, jaxtyped
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence

import typedrnn

# -- the hand-written wrappers that users write today ---------------------------------


class HandLinear(nn.Linear):
    @jaxtyped(typechecker=beartype)
    def forward(self, input: Float[Tensor, "*batch {self.in_features}"]) -> Float[Tensor, "*batch {self.out_features}"]:
        return super().forward(input)


class _HandSingleState(nn.Module):
    """The wrapper users write for RNN and GRU (one state tensor), as a mixin."""

    @jaxtyped(typechecker=beartype)
    def forward(
        self,
        input: Float[Tensor, "seq batch {self.input_size}"],
        hx: Float[Tensor, "{self.num_layers} batch {self.hidden_size}"] | None = None,
    ) -> tuple[Float[Tensor, "seq batch {self.hidden_size}"], Float[Tensor, "{self.num_layers} batch {self.hidden_size}"]]:
        return super().forward(input, hx)  # type: ignore[no-any-return]


class HandRNN(_HandSingleState, nn.RNN):
    pass


class HandGRU(_HandSingleState, nn.GRU):
    pass


class HandLSTM(nn.LSTM):
    @jaxtyped(typechecker=beartype)
    def forward(  # type: ignore[override]
        self,
        input: Float[Tensor, "seq batch {self.input_size}"],
        hx: tuple[
            Float[Tensor, "{self.num_layers} batch {self.hidden_size}"],
            Float[Tensor, "{self.num_layers} batch {self.hidden_size}"],
        ]
        | None = None,
    ) -> tuple[
        Float[Tensor, "seq batch {self.hidden_size}"],
        tuple[
            Float[Tensor, "{self.num_layers} batch {self.hidden_size}"],
            Float[Tensor, "{self.num_layers} batch {self.hidden_size}"],
        ],
    ]:
        return super().forward(input, hx)  # type: ignore[no-any-return]


class HandBidirectionalBatchFirstLSTM(nn.LSTM):
    @jaxtyped(typechecker=beartype)
    def forward(  # type: ignore[override]
        self,
        input: Float[Tensor, "batch seq {self.input_size}"],
        hx: tuple[
            Float[Tensor, "{self.num_layers*2} batch {self.hidden_size}"],
            Float[Tensor, "{self.num_layers*2} batch {self.hidden_size}"],
        ],
    ) -> tuple[
        Float[Tensor, "batch seq {self.hidden_size*2}"],
        tuple[
            Float[Tensor, "{self.num_layers*2} batch {self.hidden_size}"],
            Float[Tensor, "{self.num_layers*2} batch {self.hidden_size}"],
        ],
    ]:
        return super().forward(input, hx)  # type: ignore[no-any-return]


class HandLSTMCell(nn.LSTMCell):
    @jaxtyped(typechecker=beartype)
    def forward(
        self,
        input: Float[Tensor, "batch {self.input_size}"],
        hx: tuple[Float[Tensor, "batch {self.hidden_size}"], Float[Tensor, "batch {self.hidden_size}"]] | None = None,
    ) -> tuple[Float[Tensor, "batch {self.hidden_size}"], Float[Tensor, "batch {self.hidden_size}"]]:
        return super().forward(input, hx)


class HandGRUCell(nn.GRUCell):
    @jaxtyped(typechecker=beartype)
    def forward(
        self, input: Float[Tensor, "batch {self.input_size}"], hx: Float[Tensor, "batch {self.hidden_size}"] | None = None
    ) -> Float[Tensor, "batch {self.hidden_size}"]:
        return super().forward(input, hx)


# -- the configurations -----------------------------------------------------------------


@dataclass
class Case:
    name: str
    run: dict[str, Callable[[], object]]  # variant -> one call (or one 100-step loop)
    steps: int = 1  # calls per run, to report per-call numbers
    target_on: float = 5.0  # µs over bare torch with checks on: 5 for sequence modules, 3 for cells and Linear
    # A varying-shape workload: moves every variant on to the next call's arguments, once per sample.
    advance: Callable[[], None] | None = None
    # Run before a variant's call, untimed (FIRST_CALL's module forgets its answers there).
    prepare: dict[str, Callable[[], None]] = field(default_factory=dict)
    warmup: int = 20  # runs of each variant before sampling


# With checks off, typedrnn must cost no measurable time over bare torch.
TARGET_OFF = 0.5
# A subclass of the torch class that adds nothing (``class LSTM(nn.LSTM): pass``),
# sharing bare torch's parameters. What it costs over bare torch is the floor for
# "typedrnn off": the noise of this machine, plus what any subclass of a torch module
# pays here (the interpreter's per-class caches, shared with the torch class, in an
# interleaved run). Typed modules are such subclasses by design.
SUBCLASS = "an empty subclass"
# A typed module that has forgotten every answer before each call: what the first call
# of a new (batch, width) costs: the quick check of the whole contract, the kernel, and
# learning the answer.
FIRST_CALL = "typedrnn first call"
# The first call's target: µs over bare torch on the first call of a new (batch, width).
TARGET_FIRST = 10.0


def _variants(
    plain_cls: type[nn.Module],
    typed_cls: type[nn.Module],
    hand_cls: type[nn.Module] | None,
    args: tuple[object, ...],
    kwargs: dict[str, object],
    call_args: tuple[object, ...],
    device: str,
) -> dict[str, Callable[[], object]]:
    # All variants share one set of parameter tensors, so that they run their kernels
    # on the same memory: only their Python differs.
    torch.manual_seed(0)
    typed = typed_cls(*args, **kwargs).to(device)
    plain = typedrnn.untyped(typed)
    assert type(plain) is plain_cls
    empty = _sharing(type(plain_cls.__name__, (plain_cls,), {}), typed, args, kwargs, device)
    run: dict[str, Callable[[], object]] = {
        "bare torch": lambda: plain(*call_args),
        "typedrnn on": lambda: typed(*call_args),
        SUBCLASS: lambda: empty(*call_args),
        "typedrnn off": lambda: typed(*call_args),
    }
    if hand_cls is not None:
        hand = _sharing(hand_cls, typed, args, kwargs, device)
        run["jaxtyping+beartype"] = lambda: hand(*call_args)
    return run


def _sharing(
    cls: type[nn.Module], source: nn.Module, args: tuple[object, ...], kwargs: dict[str, object], device: str
) -> nn.Module:
    """A ``cls`` module holding ``source``'s parameter tensors."""
    module = cls(*args, **kwargs).to(device)
    for name, parameter in source.named_parameters():
        setattr(module, name, parameter)
    return module


class Workload:
    """The calls of a varying-shape workload, drawn in advance; every variant makes the
    current one, and each sample moves on to the next (cycling)."""

    def __init__(self, calls: list[tuple[object, ...]]) -> None:
        self.calls = calls
        self.index = 0
        self.args = calls[0]

    def advance(self) -> None:
        self.index = (self.index + 1) % len(self.calls)
        self.args = self.calls[self.index]


def _varying(
    name: str,
    plain_cls: type[nn.Module],
    typed_cls: type[nn.Module],
    hand_cls: type[nn.Module] | None,
    args: tuple[object, ...],
    kwargs: dict[str, object],
    calls: list[tuple[object, ...]],
    device: str,
) -> Case:
    """A varying-shape workload: every variant, plus FIRST_CALL, over the same calls, sample by sample."""
    work = Workload(calls)
    torch.manual_seed(0)
    typed = typed_cls(*args, **kwargs).to(device)
    plain = typedrnn.untyped(typed)
    assert type(plain) is plain_cls
    empty = _sharing(type(plain_cls.__name__, (plain_cls,), {}), typed, args, kwargs, device)
    first = _sharing(typed_cls, typed, args, kwargs, device)
    run: dict[str, Callable[[], object]] = {
        "bare torch": lambda: plain(*work.args),
        "typedrnn on": lambda: typed(*work.args),
        FIRST_CALL: lambda: first(*work.args),
        SUBCLASS: lambda: empty(*work.args),
        "typedrnn off": lambda: typed(*work.args),
    }
    if hand_cls is not None:
        hand = _sharing(hand_cls, typed, args, kwargs, device)
        run["jaxtyping+beartype"] = lambda: hand(*work.args)
    # After the warm-up, one pass over every call, each variant has seen every shape:
    # the steady state of a training run past its first epoch.
    return Case(
        name,
        run,
        advance=work.advance,
        prepare={FIRST_CALL: lambda: first._guard().forget()},  # type: ignore[operator]
        warmup=len(calls),
    )


def varying_cases(device: str) -> list[Case]:
    """Shapes that change from call to call, as in real training and serving."""
    draw = random.Random(0)

    def randn(*shape: int) -> Tensor:
        return torch.randn(*shape, device=device)

    def sequences(features: int, batches: tuple[int, ...], count: int, states: Callable[[int], object] | None) -> list[tuple[object, ...]]:
        found: list[tuple[object, ...]] = []
        for _ in range(count):
            seq, batch = draw.randint(1, 400), draw.choice(batches)
            x = randn(seq, batch, features)
            found.append((x,) if states is None else (x, states(batch)))
        return found

    batches = (1, 4, 16, 32)
    rows = randn(2000, 8)
    cell_inputs, cell_states, cell_cells = randn(1500, 8), randn(1500, 16), randn(1500, 16)
    cell_batches = list(range(1, 1501))
    draw.shuffle(cell_batches)
    row_counts = list(range(1, 2001))
    draw.shuffle(row_counts)
    packed: list[tuple[object, ...]] = []
    for _ in range(120):
        lengths = [draw.randint(1, 50) for _ in range(draw.randint(1, 8))]
        padded = randn(max(lengths), len(lengths), 16)
        packed.append((pack_padded_sequence(padded, lengths, enforce_sorted=False),))
    return [
        _varying(
            "RNN(5, 10, 2), seq 1..400, batch 1/4/16/32",
            nn.RNN, typedrnn.RNN, HandRNN, (5, 10, 2), {},
            sequences(5, batches, 120, None), device,
        ),
        _varying(
            "GRU(8, 16) + h0, seq 1..400, batch 1/4/16/32",
            nn.GRU, typedrnn.GRU, HandGRU, (8, 16), {},
            sequences(8, batches, 120, lambda batch: torch.zeros(1, batch, 16, device=device)), device,
        ),
        _varying(
            "LSTM(16, 32) + (h0, c0), seq 1..400, batch 1/4/16/32",
            nn.LSTM, typedrnn.LSTM, HandLSTM, (16, 32), {},
            sequences(16, batches, 120, lambda batch: (torch.zeros(1, batch, 32, device=device),) * 2), device,
        ),
        _varying(
            "Linear(8, 8) on (1..2000, 8)",
            nn.Linear, typedrnn.Linear, HandLinear, (8, 8), {},
            [(rows[:count],) for count in row_counts], device,
        ),
        _varying(
            "GRUCell(8, 16) + h, batch 1..1500",
            nn.GRUCell, typedrnn.GRUCell, HandGRUCell, (8, 16), {},
            [(cell_inputs[:batch], cell_states[:batch]) for batch in cell_batches], device,
        ),
        _varying(
            "LSTMCell(8, 16) + (h, c), batch 1..1500",
            nn.LSTMCell, typedrnn.LSTMCell, HandLSTMCell, (8, 16), {},
            [(cell_inputs[:batch], (cell_states[:batch], cell_cells[:batch])) for batch in cell_batches], device,
        ),
        _varying(
            "GRU(16, 32) on random PackedSequences (1..8 sequences of 1..50 steps)",
            nn.GRU, typedrnn.GRU, None, (16, 32), {}, packed, device,
        ),
    ]  # fmt: skip


def cases(device: str) -> list[Case]:
    def randn(*shape: int) -> Tensor:
        return torch.randn(*shape, device=device)

    found = [
        Case(
            "Linear(2, 4) on (5, 2)",
            _variants(nn.Linear, typedrnn.Linear, HandLinear, (2, 4), {}, (randn(5, 2),), device),
            target_on=3.0,
        ),
        Case("RNN(5, 10, 2) on (6, 3, 5)", _variants(nn.RNN, typedrnn.RNN, HandRNN, (5, 10, 2), {}, (randn(6, 3, 5),), device)),
        Case(
            "LSTM(50, 100, 2) on (10, 3, 50)",
            _variants(nn.LSTM, typedrnn.LSTM, HandLSTM, (50, 100, 2), {}, (randn(10, 3, 50),), device),
        ),
        Case("GRU(10, 20, 2) on (3, 32, 10)", _variants(nn.GRU, typedrnn.GRU, HandGRU, (10, 20, 2), {}, (randn(3, 32, 10),), device)),
        Case(
            "LSTM(16, 32, 2, bidirectional, batch_first) + (h0, c0) on (4, 12, 16)",
            _variants(
                nn.LSTM,
                typedrnn.LSTM,
                HandBidirectionalBatchFirstLSTM,
                (16, 32, 2),
                {"bidirectional": True, "batch_first": True},
                (randn(4, 12, 16), (randn(4, 4, 32), randn(4, 4, 32))),
                device,
            ),
        ),
    ]
    packed: PackedSequence = pack_padded_sequence(randn(12, 4, 16), [12, 9, 7, 3], enforce_sorted=False)
    found.append(
        Case("GRU(16, 32) on a PackedSequence of 4", _variants(nn.GRU, typedrnn.GRU, None, (16, 32), {}, (packed,), device))
    )
    cells = _variants(nn.LSTMCell, typedrnn.LSTMCell, HandLSTMCell, (10, 20), {}, (), device)
    inputs = randn(100, 3, 10)
    loops: dict[str, Callable[[], object]] = {}
    for variant in cells:
        module = _module_of(cells[variant])
        loops[variant] = _cell_loop(module, inputs)
    found.append(Case("LSTMCell(10, 20), a 100-step loop on (3, 10)", loops, steps=100, target_on=3.0))
    return found


def _module_of(call: Callable[[], object]) -> nn.Module:
    """The module a variant's closure calls (its first free variable)."""
    closure = call.__closure__
    assert closure is not None
    for cell in closure:
        if isinstance(cell.cell_contents, nn.Module):
            return cell.cell_contents
    raise AssertionError("no module in closure")


def _cell_loop(cell: nn.Module, inputs: Tensor) -> Callable[[], object]:
    def loop() -> object:
        h, c = cell(inputs[0])
        for t in range(1, inputs.shape[0]):
            h, c = cell(inputs[t], (h, c))
        return h

    return loop


# -- measuring ---------------------------------------------------------------------------


# Pairs of (variant's time, bare torch's time in the same sample), in µs per call.
Samples = dict[str, list[tuple[float, float]]]


def measure(case: Case, seconds: float, device: str) -> Samples:
    """Sample every variant against bare torch, for ``seconds`` in all.

    One sample runs each variant once, in an order shuffled per sample, so that
    drifts in the machine's speed (a neighbour's load, the CPU's clock) hit all
    variants of a sample alike. The checks stay switched on for the first half and
    off for the second (bare torch vs an empty subclass and "typedrnn off"): switching them
    swaps the typed classes' forward, and the call after a switch pays a slower
    lookup that a real program pays once.
    """
    for _ in range(case.warmup):  # warm up, fill the typed modules' caches
        for run in case.run.values():
            run()
        if case.advance is not None:
            case.advance()
    samples: Samples = {}
    checked = [variant for variant in case.run if variant not in ("typedrnn off", SUBCLASS)]
    samples |= _sample(case, checked, seconds / 2, device)
    typedrnn.set_checks(False)
    try:
        unchecked = _sample(case, ["bare torch", SUBCLASS, "typedrnn off"], seconds / 2, device)
    finally:
        typedrnn.set_checks(True)
    samples[SUBCLASS] = unchecked[SUBCLASS]
    samples["typedrnn off"] = unchecked["typedrnn off"]
    return samples


def _sample(case: Case, variants: list[str], seconds: float, device: str) -> Samples:
    times: dict[str, list[float]] = {variant: [] for variant in variants}
    order = list(variants)
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if case.advance is not None:
            case.advance()
        random.shuffle(order)
        for variant in order:
            run = case.run[variant]
            prepare = case.prepare.get(variant)
            if prepare is not None:
                prepare()
            _sync(device)
            start = time.perf_counter_ns()
            run()
            _sync(device)
            times[variant].append((time.perf_counter_ns() - start) / 1000 / case.steps)
    bare = times["bare torch"]
    return {variant: list(zip(values, bare, strict=True)) for variant, values in times.items()}


def _sync(device: str) -> None:
    if device.startswith("cuda"):
        torch.cuda.synchronize()


def report(case: Case, samples: Samples) -> None:
    per = "per step" if case.steps > 1 else "per call"
    print(f"\n{case.name}   ({per}, {len(samples['bare torch'])} samples with checks on, "
          f"{len(samples['typedrnn off'])} off)")
    print(f"  {'variant':<20} {'median µs':>10} {'overhead µs':>12} {'± µs':>7} {'ratio':>7}  target")
    beyond_subclass = [
        off - subclass for (off, _), (subclass, _) in zip(samples["typedrnn off"], samples[SUBCLASS], strict=True)
    ]
    for variant, pairs in samples.items():
        differences = [time - bare for time, bare in pairs]
        ratio = statistics.median(time / bare for time, bare in pairs)
        median = statistics.median(time for time, _ in pairs)
        if variant == "bare torch":
            print(f"  {variant:<20} {median:>10.2f} {'':>12} {'':>7} {ratio:>7.3f}")
            continue
        overhead = statistics.median(differences)
        error = _standard_error(differences)
        if variant == "typedrnn on":
            verdict = _verdict(overhead, error, case.target_on, "")
        elif variant == FIRST_CALL:
            verdict = _verdict(overhead, error, TARGET_FIRST, "")
        elif variant == "typedrnn off":
            # Off runs torch's own forward through a subclass: what it costs beyond an
            # empty subclass, sample by sample, is what typedrnn adds.
            extra, extra_error = statistics.median(beyond_subclass), _standard_error(beyond_subclass)
            verdict = _verdict(
                overhead,
                error,
                TARGET_OFF,
                f" (vs the empty subclass: {extra:+.2f} ± {extra_error:.2f})",
                extra - 2 * extra_error,
            )
        elif variant == SUBCLASS:
            verdict = "the floor for off"
        else:
            verdict = ""
        print(f"  {variant:<20} {median:>10.2f} {overhead:>+12.2f} {error:>7.2f} {ratio:>7.3f}  {verdict}".rstrip())


def _verdict(overhead: float, error: float, target: float, detail: str, beyond_subclass: float | None = None) -> str:
    """Whether the overhead meets its target: "met"; "not measurably above it" when two
    standard errors down it would; for "off", failing that, "not measurably above an
    empty subclass" when what it costs beyond one (``beyond_subclass``, two standard
    errors down) would; else "MISSED"."""
    if overhead <= target:
        return f"≤ {target:g} µs: met{detail}"
    if overhead - 2 * error <= target:
        return f"≤ {target:g} µs: not measurably above it{detail}"
    if beyond_subclass is not None and beyond_subclass <= target:
        return f"≤ {target:g} µs: not measurably above an empty subclass{detail}"
    return f"≤ {target:g} µs: MISSED{detail}"


def _standard_error(differences: list[float]) -> float:
    """How far the median overhead may be off: 1.253 × MAD-based σ / √samples."""
    center = statistics.median(differences)
    mad = statistics.median(abs(d - center) for d in differences)
    return 1.253 * 1.4826 * mad / len(differences) ** 0.5


def machine(device: str) -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    gpu = f", {torch.cuda.get_device_name()}" if device.startswith("cuda") else ""
    return (
        f"{cpu}{gpu}; Python {platform.python_version()}, torch {torch.__version__}, "
        f"{torch.get_num_threads()} torch thread(s), device {device}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--device", default="cpu", help="cpu (default) or cuda")
    parser.add_argument("--seconds", type=float, default=10.0, help="time spent sampling each configuration")
    options = parser.parse_args()
    torch.set_num_threads(1)
    print("typedrnn overhead benchmark")
    print(machine(options.device))
    for case in cases(options.device):
        report(case, measure(case, options.seconds, options.device))
    print("\nvarying shapes: a new input shape on every call, each variant on the same one")
    for case in varying_cases(options.device):
        report(case, measure(case, options.seconds, options.device))


if __name__ == "__main__":
    main()
