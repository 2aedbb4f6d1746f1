"""Getting text into and out of the chat window on every OS: the paste sequence, the draft capture,
the guarded clipboard.

They drive a ``platform.base.Desktop`` (one backend per OS in ``quickreply.platform``) from Qt
timers, so nothing here is written for one OS.
"""
