from dataclasses import dataclass


@dataclass
class ClassifierConfig:
    vocab_size: int = 80
    embedding_dim: int = 12
    hidden_dim: int = 16
    num_classes: int = 4
    dropout: float = 0.2
