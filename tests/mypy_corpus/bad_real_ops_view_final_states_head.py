"""Document classifier: the last layer's two directions are read off h_n, joined by reshape, into a one-direction head."""
import torch
import torch.nn as nn


class DocClassifier(nn.Module):
    def __init__(self, vocab_size, embed_dim, hidden_dim, num_layers, num_classes):
        super().__init__()
        self.num_layers = num_layers
        self.hidden_dim = hidden_dim
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim, num_layers, batch_first=True, bidirectional=True)
        self.fc = nn.Linear(hidden_dim, num_classes)

    def forward(self, text):
        batch_size = text.size(0)
        _, (h_n, _) = self.lstm(self.embedding(text))
        last = h_n.view(self.num_layers, 2, batch_size, self.hidden_dim)[-1]
        features = last.transpose(0, 1).reshape(batch_size, -1)
        return self.fc(features)  # E: shape "input expected"


if __name__ == "__main__":
    model = DocClassifier(vocab_size=60, embed_dim=8, hidden_dim=6, num_layers=2, num_classes=4)
    logits = model(torch.randint(0, 60, (5, 13)))
