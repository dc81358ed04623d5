"""Shared test set-up: the test order's seed said at the end, since `-q` hides pytest-randomly's header."""


def pytest_terminal_summary(terminalreporter, config) -> None:
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(f"tests ran in a shuffled order: --randomly-seed={seed} repeats it")
