"""NER tagger: mean-pooled character embeddings join the word embeddings; the LSTM counts them twice."""
import torch
import torch.nn as nn


class CharWordTagger(nn.Module):
    def __init__(self, n_words, n_chars, word_dim, char_dim, hidden_dim, n_tags):
        super().__init__()
        self.word_embeds = nn.Embedding(n_words, word_dim)
        self.char_embeds = nn.Embedding(n_chars, char_dim)
        self.dropout = nn.Dropout(0.5)
        self.lstm = nn.LSTM(word_dim + char_dim * 2, hidden_dim // 2, bidirectional=True, batch_first=True)
        self.hidden2tag = nn.Linear(hidden_dim, n_tags)

    def forward(self, words, chars):
        char_features = self.char_embeds(chars).mean(2)
        embeds = torch.cat([self.word_embeds(words), char_features], dim=2)
        lstm_out, _ = self.lstm(self.dropout(embeds))  # R: torch raises here
        return self.hidden2tag(lstm_out)


if __name__ == "__main__":
    model = CharWordTagger(n_words=40, n_chars=20, word_dim=8, char_dim=4, hidden_dim=10, n_tags=5)
    words = torch.randint(0, 40, (2, 6))
    chars = torch.randint(0, 20, (2, 6, 5))
    scores = model(words, chars)  # E: shape "input expected"
