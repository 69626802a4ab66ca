"""`planner` (the console script) and `python -m planner`."""
import gc
import sys


def main() -> None:
    # Importing the command line allocates ~10^5 objects that live as long as the process
    # and makes next to no cyclic garbage; with the collector on, its ~70 passes over them
    # are ~0.03 s of a small run's start-up. What the imports built is then parked outside
    # the collector's view (gc.freeze), and the collector is on again for the command.
    from planner import interrupts

    interrupts.install()
    gc.disable()
    try:
        from planner.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C while still importing: the same one line as later
        sys.stderr.write("planner: interrupted\n")
        raise SystemExit(130) from None
    gc.freeze()
    gc.enable()
    cli_main()


if __name__ == "__main__":  # pragma: no cover
    main()
