"""`python -m vindaris` runs the same CLI as the `vindaris` console script."""

from vindaris.cli.main import main

if __name__ == "__main__":
    main()
