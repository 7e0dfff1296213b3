"""`python -m quiz`: the same as the `quiz` command."""

from quiz.cli import main

if __name__ == "__main__":
    main()
