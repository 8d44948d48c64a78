"""Sentiment classifier: argparse config in config.py, jaxtyping-annotated state helpers in features.py, the model in model.py."""
