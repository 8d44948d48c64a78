"""``typedrnn shapes``: every tensor and parameter of one configuration, with named sizes.

All the numbers come from :mod:`typedrnn._contracts`: the input is described by
its named shape, the contract binds the rest (exactly as it does for a real
call), and the parameters are the contract's :func:`parameter_shapes`. Nothing
here computes a shape of its own, and torch is never imported.

>>> table = shape_table(ModuleConfig("GRU", 10, 20, num_layers=2), batch=3, seq=None)
>>> print(render_text(table).splitlines()[4])
  h0      (layers×dirs=2, batch=3, hidden=20)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from typedrnn import _contracts
from typedrnn._contracts import ModuleConfig, TensorArg

# A size, or the name of a dimension left symbolic (``seq`` without --seq).
Size = int | str


@dataclass(frozen=True)
class ShapeTable:
    """One configuration's tensors, dimensions and parameters, ready to print."""

    config: ModuleConfig
    tensors: dict[str, tuple[Size, ...]]
    tensor_dims: dict[str, tuple[str, ...]]
    dims: dict[str, Size]
    dim_sources: dict[str, str]
    parameters: dict[str, tuple[int, ...]]
    total_parameters: int


def shape_table(config: ModuleConfig, batch: int | None, seq: int | None) -> ShapeTable:
    """Ask the contract what a batched call of ``config`` takes and returns.

    ``batch`` or ``seq`` None leaves that size symbolic: the shapes then hold the
    dimension's name, as a jaxtyping annotation would. ``config`` must pass
    :meth:`ModuleConfig.problems`.
    """
    names = _contracts.named_shapes(config, "batched")
    fixed = config.fixed_dims()
    # The input carries the two dimensions the configuration does not fix; the
    # contract binds every other tensor from it.
    batch_size: Size = "batch" if batch is None else batch
    given: dict[str, Size] = {"seq": "seq" if seq is None else seq, "batch": batch_size, "*batch": batch_size}
    input_shape = tuple(given[name] if name in given else fixed[name] for name in names["input"])
    bound = _contracts.check_call(config, TensorArg(input_shape), None)
    if isinstance(bound, _contracts.Problem):
        raise ValueError(bound.message())

    shown = _shown_names(config)
    expected = {**bound.arguments, **bound.results}
    tensors: dict[str, tuple[Size, ...]] = {}
    tensor_dims: dict[str, tuple[str, ...]] = {}
    dims: dict[str, Size] = {}
    dim_sources: dict[str, str] = {}
    for name in (*_contracts.argument_names(config), *_contracts.result_names(config)):
        shape = expected[name]
        assert shape is not None and None not in shape
        tensors[name] = tuple(_named_or_known(size) for size in shape)
        tensor_dims[name] = tuple(shown.get(dim, dim) for dim in names[name])
        for contract_dim, size in zip(names[name], tensors[name]):
            dim = shown.get(contract_dim, contract_dim)
            if dim not in dims:
                dims[dim] = size
                dim_sources[dim] = _source(config, contract_dim, batch, seq)
    parameters = {name: tuple(map(_known, shape)) for name, shape in _contracts.parameter_shapes(config).items()}
    return ShapeTable(
        config=config,
        tensors=tensors,
        tensor_dims=tensor_dims,
        dims=dims,
        dim_sources=dim_sources,
        parameters=parameters,
        total_parameters=_known(_contracts.parameter_count(config)),
    )


def _named_or_known(size: object) -> Size:
    """A tensor's size here: a number, or the name of a dimension left unbound."""
    assert isinstance(size, (int, str)), size
    return size


def _known(size: object) -> int:
    """A size the command line gave: always a number here (or a dimension left named)."""
    assert isinstance(size, int), size
    return size


def _shown_names(config: ModuleConfig) -> dict[str, str]:
    """Dimension names as this configuration's user thinks of them.

    Linear's ``*batch`` is one leading ``batch`` here.
    """
    return {"*batch": "batch"}


def _source(config: ModuleConfig, dim: str, batch: int | None, seq: int | None) -> str:
    if dim == "seq":
        return "not fixed: any length ≥ 1 (--seq L fixes it)" if seq is None else "--seq"
    if dim in ("batch", "*batch"):
        return "not fixed: any size ≥ 0 (--batch N fixes it)" if batch is None else "--batch"
    if dim in ("in_features", "out_features"):
        return f"{dim}={config.fixed_dims()[dim]}"
    return config.dim_source(dim)


def render_text(table: ShapeTable) -> str:
    """The table for a terminal: tensors, dimensions, parameters, total."""
    batch = table.dims["batch"]
    title = table.config.describe() if isinstance(batch, str) else f"{table.config.describe()}, batch={batch}"
    lines = [title, "", "tensors"]
    width = max(len(name) for name in table.tensors)
    for name, shape in table.tensors.items():
        named = ", ".join(
            dim if isinstance(size, str) else f"{_contracts.display(dim)}={size}"
            for dim, size in zip(table.tensor_dims[name], shape)
        )
        lines.append(f"  {name:<{width}}  ({named})")
    lines += ["", "dims"]
    width = max(len(_contracts.display(dim)) for dim in table.dims)
    sizes = {dim: "?" if isinstance(size, str) else str(size) for dim, size in table.dims.items()}
    size_width = max(len(size) for size in sizes.values())
    for dim, size in sizes.items():
        lines.append(f"  {_contracts.display(dim):<{width}}  {size:>{size_width}}  {table.dim_sources[dim]}")
    lines += ["", "parameters"]
    width = max(len(name) for name in table.parameters)
    for name, shape in table.parameters.items():
        lines.append(f"  {name:<{width}}  {_contracts.render_shape(shape)}")
    lines.append(f"  {'total':<{width}}  {table.total_parameters:,}")
    return "\n".join(lines)


def render_json(table: ShapeTable) -> str:
    """One JSON object: ``module``, ``tensors``, ``dims``, ``parameters``, ``total_parameters``.

    A symbolic ``seq`` or ``batch`` is its name (``"seq"``, ``"batch"``) inside a
    tensor's shape and ``null`` among the dims.
    """
    document = {
        "module": table.config.describe(),
        "tensors": {name: list(shape) for name, shape in table.tensors.items()},
        "dims": {dim: (None if isinstance(size, str) else size) for dim, size in table.dims.items()},
        "parameters": {name: list(shape) for name, shape in table.parameters.items()},
        "total_parameters": table.total_parameters,
    }
    # One line per tensor or parameter: shapes read as they do in Python.
    members = []
    for key, value in document.items():
        if isinstance(value, dict):
            entries = ",\n".join(f"    {json.dumps(name)}: {json.dumps(item)}" for name, item in value.items())
            members.append(f"  {json.dumps(key)}: {{\n{entries}\n  }}")
        else:
            members.append(f"  {json.dumps(key)}: {json.dumps(value)}")
    return "{\n" + ",\n".join(members) + "\n}"
