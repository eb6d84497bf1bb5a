"""`python -m hrflow.cli`: the same as the `hrflow` console script."""

from hrflow.cli import main

main()
