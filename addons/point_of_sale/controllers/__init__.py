from . import dataset, main
