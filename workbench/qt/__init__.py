"""Qt adapters without widgets (workers, services, translations)."""

from workbench.qt import none_guard as _none_guard  # noqa: F401 - PySide6 6.12 on 3.11, see there
