"""`planner` (the console script) and `python -m planner`.

Nearly import-free on purpose: `planner lint` forks its pre-started worker
(planner.warm) first thing, so the worker's spaCy start-up overlaps everything this
process does before it needs it. A guess from the arguments is enough: a worker the
run cannot use is stopped, and one the guess missed is started by the run itself."""
import sys


def main() -> None:
    try:
        args = sys.argv[1:]
        if "lint" in args[:3] and not {"--no-cache", "-h", "--help"} & set(args):
            from planner import warm

            warm.prestart()
        from planner.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C while still importing: the same one line as later
        sys.stderr.write("planner: interrupted\n")
        raise SystemExit(130) from None
    cli_main()


if __name__ == "__main__":  # pragma: no cover
    main()
