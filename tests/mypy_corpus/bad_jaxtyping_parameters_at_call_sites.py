"""Functions whose jaxtyping parameters are the contract, called wrongly: checked at each call."""
import torch
from jaxtyping import Float
from torch import Tensor


def attend(
    query: Float[Tensor, "batch hidden"], keys: Float[Tensor, "batch seq hidden"]
) -> Float[Tensor, "batch seq"]:
    return torch.bmm(keys, query.unsqueeze(2)).squeeze(2)


def pool(states: Float[Tensor, "batch seq 64"]) -> Float[Tensor, "batch 64"]:
    return states.mean(1)


def score(batch_size, seq_len):
    keys = torch.zeros(batch_size, seq_len, 64)
    pool(torch.zeros(batch_size, seq_len, 32))  # E: shape "pool: states expected (batch, seq, 64)"
    pool(keys[:, -1])  # E: shape "pool: states expected (batch, seq, 64), got (batch_size, 64)"
    attend(torch.zeros(batch_size + 1, 64), keys)  # E: shape "attend: keys expected (batch, seq, hidden), got (batch_size, seq_len, 64)"
    return attend(torch.zeros(batch_size, 64), keys)
