"""``typedrnn.dims``: the dimension names of the contracts, for annotating your own code.

The typed modules state their contract in jaxtyping annotations with these
names; a function of yours that says the same names, in the same order, reads
like the modules it calls. These aliases are for jaxtyping's run-time checker,
documentation and IDEs; typedrnn's mypy plugin reads dimension names from
annotations written out in place (``Float[Tensor, "batch seq input"]``), since
mypy keeps no jaxtyping names in an alias:

>>> import torch
>>> from jaxtyping import jaxtyped
>>> from beartype import beartype
>>> from typedrnn import dims
>>> @jaxtyped(typechecker=beartype)
... def last_step(output: dims.BatchSeqOutput) -> dims.BatchFeatures:
...     return output[:, -1]
>>> tuple(last_step(torch.zeros(4, 7, 40)).shape)
(4, 40)

The names, as messages show them and (in brackets) as annotations spell them:
``seq``, ``batch``, ``input``, ``hidden``, ``proj``, ``layers×dirs``
(``layers_dirs``), ``dirs×out`` (``dirs_out``); see SPEC section 2 or the
README's contract table for what binds each.
"""

from __future__ import annotations

from typing import Union

from jaxtyping import Float
from torch import Tensor
from torch.nn.utils.rnn import PackedSequence

# One layout each: what a function of yours takes or returns.
SeqBatchInput = Float[Tensor, "seq batch input"]
BatchSeqInput = Float[Tensor, "batch seq input"]
SeqBatchOutput = Float[Tensor, "seq batch dirs_out"]
BatchSeqOutput = Float[Tensor, "batch seq dirs_out"]
StackedHidden = Float[Tensor, "layers_dirs batch hidden"]
StackedProj = Float[Tensor, "layers_dirs batch proj"]
StepInput = Float[Tensor, "batch input"]
StepHidden = Float[Tensor, "batch hidden"]
# A sequence reduced to one vector per example (the last step, a pooled output).
BatchFeatures = Float[Tensor, "batch dirs_out"]

# Every layout a typed module accepts: the annotations of the modules' own forward.
# They are the public statement of _contracts.named_shapes; tests/test_modules.py
# holds the two to each other.
SequenceInput = Union[
    Float[Tensor, "seq batch input"],
    Float[Tensor, "batch seq input"],
    Float[Tensor, "seq input"],
    PackedSequence,
]
SequenceOutput = Union[
    Float[Tensor, "seq batch dirs_out"],
    Float[Tensor, "batch seq dirs_out"],
    Float[Tensor, "seq dirs_out"],
    PackedSequence,
]
HiddenState = Union[Float[Tensor, "layers_dirs batch hidden"], Float[Tensor, "layers_dirs hidden"]]
ProjectedState = Union[Float[Tensor, "layers_dirs batch proj"], Float[Tensor, "layers_dirs proj"]]
LSTMState = tuple[ProjectedState, HiddenState]
CellInput = Union[Float[Tensor, "batch input"], Float[Tensor, " input"]]
CellState = Union[Float[Tensor, "batch hidden"], Float[Tensor, " hidden"]]
