from . import greeting
