"""The word-level language model with a classic bug in ``init_hidden``.

``init_hidden`` ignores the batch size it is asked for and returns states sized for
the training batch. Training runs; evaluation, with its own batch size, hands the
LSTM an h0 whose batch does not match the input's. Plain torch stops it with
"Expected hidden[0] size ..."; under ``typedrnn run`` the ShapeError names the
dimension and where its size came from:

    typedrnn run examples/word_language_model_broken_init_hidden.py
"""

from __future__ import annotations

from word_language_model import Hidden, RNNModel, main

TRAINING_BATCH_SIZE = 20


class RNNModelWithStaleHidden(RNNModel):
    def init_hidden(self, bsz: int) -> Hidden:
        return super().init_hidden(TRAINING_BATCH_SIZE)


if __name__ == "__main__":
    main(model_class=RNNModelWithStaleHidden)
