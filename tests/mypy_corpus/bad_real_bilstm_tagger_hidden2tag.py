"""POS tagger: the tag projection is sized for a unidirectional LSTM."""
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(1)


class LSTMTagger(nn.Module):

    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim
        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.lstm = nn.LSTM(embedding_dim, hidden_dim, bidirectional=True)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))  # E: shape "input expected"
        return F.log_softmax(tag_space, dim=1)


EMBEDDING_DIM = 6
HIDDEN_DIM = 6

if __name__ == "__main__":
    word_to_ix = {"the": 0, "dog": 1, "ate": 2, "apple": 3}
    model = LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, len(word_to_ix), 3)
    sentence = torch.tensor([0, 1, 2, 0, 3], dtype=torch.long)
    with torch.no_grad():
        print(model(sentence))
