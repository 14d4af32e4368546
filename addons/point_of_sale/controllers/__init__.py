from . import dashboard, dataset, launcher, main
