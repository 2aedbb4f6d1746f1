"""Pure-Python heart of quickreply: no Qt, no desktop platform code."""
