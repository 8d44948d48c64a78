"""Shared test settings: hypothesis profiles and small helpers for building calls."""

from __future__ import annotations

import os

import torch
from hypothesis import HealthCheck, settings

# CI runs a bounded number of examples; TYPEDRNN_LONG=1 (or the "long" profile) runs
# many more, by hand.
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    deadline=None,
    max_examples=5000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("long" if os.environ.get("TYPEDRNN_LONG") == "1" else "ci")

torch.set_num_threads(1)
