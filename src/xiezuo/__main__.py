"""`python -m xiezuo`: the `xiezuo` command."""

from xiezuo.cli import main

if __name__ == "__main__":  # pytest --doctest-modules imports this module too
    raise SystemExit(main())
