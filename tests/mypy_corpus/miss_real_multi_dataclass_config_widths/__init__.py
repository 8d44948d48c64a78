"""Text classifier sized by a dataclass in config.py: the LSTM takes hidden_dim features, the embeddings give embedding_dim.

Missed: the dataclass's generated ``__init__`` is walked as the class's own, so its field
defaults never reach the instance, and the two widths stay unknown symbols.
"""
