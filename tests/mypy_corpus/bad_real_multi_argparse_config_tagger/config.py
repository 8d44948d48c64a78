import argparse


def get_args(argv=None):
    parser = argparse.ArgumentParser(description="BiLSTM sequence tagger")
    parser.add_argument("--vocab-size", type=int, default=60)
    parser.add_argument("--embedding-dim", type=int, default=12)
    parser.add_argument("--hidden-dim", type=int, default=10)
    parser.add_argument("--num-layers", type=int, default=1)
    parser.add_argument("--num-tags", type=int, default=7)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--unidirectional", action="store_true")
    return parser.parse_args(argv)
