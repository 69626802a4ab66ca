"""`planner` (the console script) and `python -m planner`."""
import sys


def main() -> None:
    try:
        from planner.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C while still importing: the same one line as later
        sys.stderr.write("planner: interrupted\n")
        raise SystemExit(130) from None
    cli_main()


if __name__ == "__main__":  # pragma: no cover
    main()
