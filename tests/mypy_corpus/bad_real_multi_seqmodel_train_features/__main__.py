from .train import main

main()  # E: shape "input expected"
