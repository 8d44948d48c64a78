"""Dynamic quantization of typed modules: ``torch.ao.quantization.quantize_dynamic``.

torch finds the quantized counterpart of a module by its exact class, in
``DEFAULT_DYNAMIC_QUANT_MODULE_MAPPINGS``, and each counterpart's ``from_float``
accepts torch's exact classes only. A typed module (and a stand-in of
:func:`typedrnn.patch`) would be skipped without a word. So each typed class is
entered in torch's table beside its torch class, with a counterpart that hands
``from_float`` the module as the class ``torch.nn`` holds now (torch's, or the
stand-in under the patch), sharing its parameters and its ``qconfig``.

The qconfig comes first, though: ``quantize_dynamic`` gives a qconfig to the modules
whose exact class its ``qconfig_spec`` names, by default ``nn.Linear``, ``nn.LSTM``
and the other torch classes as ``torch.nn`` holds them at the call. Under the patch
those are the stand-ins, so unchanged code quantizes them; a ``typedrnn.LSTM``
built by name needs its class in the spec (``{typedrnn.LSTM, typedrnn.Linear}``),
as a user's subclass of ``nn.LSTM`` does.

>>> import torch, typedrnn
>>> model = torch.nn.Sequential(typedrnn.Linear(4, 8))
>>> quantized = torch.ao.quantization.quantize_dynamic(model, {typedrnn.Linear})
>>> type(quantized[0]).__module__
'torch.ao.nn.quantized.dynamic.modules.linear'
"""

from __future__ import annotations

import inspect
from typing import Any

from torch import nn
from torch.ao.quantization import quantization_mappings


class _FromTyped:
    """A quantized counterpart for one typed class: torch's, fed a module it accepts."""

    def __init__(self, torch_name: str, quantized: Any) -> None:
        self._torch_name = torch_name
        self._quantized = quantized
        self._takes_fake_quant = "use_precomputed_fake_quant" in inspect.signature(quantized.from_float).parameters

    def from_float(self, mod: nn.Module, use_precomputed_fake_quant: bool = False) -> nn.Module:
        from typedrnn._convert import as_class  # noqa: PLC0415 - _convert imports the typed classes

        accepted = getattr(nn, self._torch_name)
        float_module = mod if type(mod) is accepted else as_class(mod, accepted)
        if self._takes_fake_quant:
            quantized: nn.Module = self._quantized.from_float(
                float_module, use_precomputed_fake_quant=use_precomputed_fake_quant
            )
        else:
            quantized = self._quantized.from_float(float_module)
        return quantized


def register(typed_class: type[nn.Module], torch_class: type[nn.Module]) -> None:
    """Let dynamic quantization swap ``typed_class`` as it swaps ``torch_class``."""
    mappings = quantization_mappings.DEFAULT_DYNAMIC_QUANT_MODULE_MAPPINGS
    quantized = mappings.get(torch_class)
    if quantized is not None:
        mappings[typed_class] = _FromTyped(torch_class.__name__, quantized)
