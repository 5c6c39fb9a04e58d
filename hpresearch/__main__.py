"""Allow ``python -m hpresearch``."""
from hpresearch.cli import main

raise SystemExit(main())
