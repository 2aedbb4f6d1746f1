"""Lets ``python -m quickreply`` run the command line."""

from quickreply import cli

raise SystemExit(cli.main())
