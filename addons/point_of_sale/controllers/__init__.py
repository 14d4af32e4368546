from . import dashboard, launcher, main
