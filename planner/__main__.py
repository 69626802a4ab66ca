"""`planner` (the console script) and `python -m planner`."""
import gc
import os
import sys


def main() -> None:
    # First, before any heavy import: if this project's planner daemon runs (planner
    # daemon start), it answers lint, coverage and plan; with none, this costs one syscall
    try:
        from planner.daemon.client import handoff

        code = handoff(sys.argv[1:])
    except KeyboardInterrupt:  # Ctrl-C before the daemon's run started: the usual one line
        code = _interrupted()
    if code is not None:
        os._exit(code)
    # Importing the command line allocates ~10^5 objects that live as long as the process
    # and makes next to no cyclic garbage; with the collector on, its ~70 passes over them
    # are ~0.03 s of a small run's start-up. What the imports built is then parked outside
    # the collector's view (gc.freeze), and the collector is on again for the command.
    from planner import interrupts

    interrupts.install()
    gc.disable()
    try:
        from planner.spacy_import import import_spacy

        import_spacy()  # before anything imports spaCy: its command-line package runs only if used
        from planner.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C while still importing: the same one line as later
        os._exit(_interrupted())
    gc.freeze()
    gc.enable()
    cli_main()


def _interrupted() -> int:
    sys.stderr.write("planner: interrupted\n")
    sys.stderr.flush()
    # os._exit by the caller, as the command line's own exit: after a Ctrl-C in some of
    # spaCy's imports the interpreter's normal exit ended the process by SIGINT once this
    # line was printed (about 1 run in 9 of tests/test_hostile.py's Ctrl-C test)
    return 130


if __name__ == "__main__":  # pragma: no cover
    main()
