"""The request composer tab (see tab.py)."""
