"""The bundled app's entry script (build.spec): the same ``main`` as ``webank-workbench``.

PyInstaller runs this file as ``__main__``; it only hands over to :func:`workbench.cli.main` so
that the bundle and ``pip install`` behave the same, and nothing bundler-specific lives in the
package.
"""

from __future__ import annotations


def run() -> int:
    from workbench.cli import main

    return int(main() or 0)


if __name__ == "__main__":
    raise SystemExit(run())
