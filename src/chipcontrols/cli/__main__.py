"""`python -m chipcontrols.cli`: the same command line as the `chipcontrols` console script."""

from chipcontrols.cli import main

if __name__ == "__main__":
    main()
