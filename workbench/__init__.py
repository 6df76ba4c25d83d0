"""WeBank open platform workbench.

Sign, send, transfer and verify, against the bank or a local sandbox.
"""

__version__ = "0.1.0"
