from . import test_broken
