"""Plain-Python engines: no Django imports. Plain data in, plain data out, so they can be tested
exhaustively and benchmarked alone (see bench/)."""
