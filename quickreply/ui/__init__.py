"""Thin PySide6 widgets over the core: popup, tray, settings, library."""
