import torch
import torch.nn.functional as F


def one_hot(batch, n_labels):
    return F.one_hot(batch, n_labels).float()


def train(net, n_chars, epochs=2, batch_size=5, seq_length=9, lr=0.01, clip=5):
    optimizer = torch.optim.Adam(net.parameters(), lr=lr)
    for epoch in range(epochs):
        x = torch.zeros(batch_size, seq_length, n_chars)
        targets = torch.randint(0, n_chars, (batch_size * seq_length,))
        h = net.init_hidden(x.size(1))
        net.zero_grad()
        output, h = net(x, h)
        loss = F.cross_entropy(output, targets)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
        optimizer.step()
        print(f"epoch {epoch}: loss {loss.item():.3f}")
