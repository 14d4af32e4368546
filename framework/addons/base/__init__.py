"""The ``base`` addon: the models every database has."""
from . import models
from .data.base_data import init_data as _init_data  # noqa: F401  (called by the loader at install)
from . import controllers
from . import populate
