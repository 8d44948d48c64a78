"""Show-attend-tell style captioner: h0 and c0 come from the image features, c0's layer has the wrong width."""
import torch
import torch.nn as nn


class CaptionDecoder(nn.Module):
    def __init__(self, feature_dim, embed_dim, decoder_dim, vocab_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embed_dim)
        self.init_h = nn.Linear(feature_dim, decoder_dim)
        self.init_c = nn.Linear(feature_dim, embed_dim)
        self.lstm = nn.LSTM(embed_dim, decoder_dim, batch_first=True)
        self.fc = nn.Linear(decoder_dim, vocab_size)

    def init_hidden_state(self, features):
        mean_features = features.mean(dim=1)
        h = self.init_h(mean_features).unsqueeze(0)
        c = self.init_c(mean_features).unsqueeze(0)
        return h, c

    def forward(self, features, captions):
        h, c = self.init_hidden_state(features)
        outputs, _ = self.lstm(self.embedding(captions), (h, c))  # R: torch raises here
        return self.fc(outputs)


if __name__ == "__main__":
    decoder = CaptionDecoder(feature_dim=16, embed_dim=6, decoder_dim=9, vocab_size=30)
    features = torch.randn(2, 49, 16)
    scores = decoder(features, torch.randint(0, 30, (2, 7)))  # E: shape "c0 expected"
