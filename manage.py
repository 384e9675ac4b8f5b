#!/usr/bin/env python
"""Same as the `cerdas` console script, for people who type manage.py by habit."""

from cerdas.__main__ import main

if __name__ == "__main__":
    main()
