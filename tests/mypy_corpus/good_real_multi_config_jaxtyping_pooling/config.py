import argparse


def get_args(argv=None):
    parser = argparse.ArgumentParser(description="BiGRU sentiment classifier")
    parser.add_argument("--vocab-size", type=int, default=50)
    parser.add_argument("--embed-dim", type=int, default=8)
    parser.add_argument("--hidden-dim", type=int, default=10)
    parser.add_argument("--num-layers", type=int, default=2)
    parser.add_argument("--num-classes", type=int, default=3)
    parser.add_argument("--unidirectional", action="store_true")
    return parser.parse_args(argv)
