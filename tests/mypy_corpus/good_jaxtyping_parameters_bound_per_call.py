"""jaxtyping names are bound per call: two calls may bind batch differently, and names meet sizes."""
import torch
from jaxtyping import Float
from torch import Tensor


def attend(
    query: Float[Tensor, "batch hidden"], keys: Float[Tensor, "batch seq hidden"]
) -> Float[Tensor, "batch seq"]:
    return torch.bmm(keys, query.unsqueeze(2)).squeeze(2)


def score(batch_size, seq_len, other_batch):
    first = attend(torch.zeros(batch_size, 64), torch.zeros(batch_size, seq_len, 64))
    # Two different names may stand for the same size: nothing is provable here.
    second = attend(torch.zeros(other_batch, 64), torch.zeros(batch_size, seq_len, 64))
    third = attend(torch.zeros(3, 16), torch.zeros(3, 9, 16))
    return first, second, third
