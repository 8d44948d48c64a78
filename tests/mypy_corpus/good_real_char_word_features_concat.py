"""Tagger concatenating word embeddings with char-BiLSTM features, the word LSTM sized for both."""
import torch
import torch.nn as nn


class CharWordTagger(nn.Module):
    def __init__(self, n_words, n_chars, word_dim, char_dim, char_hidden, hidden_dim, n_tags):
        super().__init__()
        self.word_embeds = nn.Embedding(n_words, word_dim)
        self.char_embeds = nn.Embedding(n_chars, char_dim)
        self.char_lstm = nn.LSTM(char_dim, char_hidden, bidirectional=True)
        self.lstm = nn.LSTM(word_dim + 2 * char_hidden, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, n_tags)

    def forward(self, words, chars):
        _, (char_h, _) = self.char_lstm(self.char_embeds(chars))
        char_repr = torch.cat((char_h[0], char_h[1]), dim=1)
        features = torch.cat((self.word_embeds(words), char_repr), dim=1)
        lstm_out, _ = self.lstm(features.unsqueeze(1))
        return self.hidden2tag(lstm_out.squeeze(1))


if __name__ == "__main__":
    tagger = CharWordTagger(30, 20, 6, 3, 4, 8, 5)
    print(tagger(torch.randint(0, 30, (7,)), torch.randint(0, 20, (5, 7))).shape)
