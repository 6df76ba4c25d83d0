"""`python -m workbench` behaves exactly like the `webank-workbench` command."""

from workbench.cli import main

raise SystemExit(main())
