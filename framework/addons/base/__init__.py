"""The ``base`` addon: the models every database has."""
from . import models
from .data.base_data import init_data as _init_data
from . import controllers
from . import populate
