"""Speech-command classifier whose sizes are constants in hparams.py: the GRU takes N_MELS, the features carry N_MFCC.

Missed: a module-level constant is followed in its own module only; imported from
another (``from .hparams import N_MELS``), it is an unknown size, unless declared ``Final``.
"""
