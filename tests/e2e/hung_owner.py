"""A program that takes the clipboard and then never answers a request for it (as a hung app does).

usage: python hung_owner.py    — prints "owner ready" once it owns CLIPBOARD, then sleeps.
"""

import time

from Xlib import X, display

d = display.Display()
window = d.screen().root.create_window(0, 0, 1, 1, 0, d.screen().root_depth)
window.set_selection_owner(d.intern_atom("CLIPBOARD"), X.CurrentTime)
d.sync()
print("owner ready", flush=True)
while True:
    time.sleep(3600)  # SelectionRequest events pile up unread
