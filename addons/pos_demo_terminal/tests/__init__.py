from . import test_demo_terminal, test_terminal_sync
